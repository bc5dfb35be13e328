// Tells a staff member something on the channel they work in (today: their linked Slack
// user, as a direct message), through the outbox so a platform outage loses nothing.
import type { Db } from '../store/createPrisma.js';
import { staffLang } from './detectLang.js';
import type { Lang, OutboundMessage } from './message.js';
import { enqueueOutbound } from './outbox.js';

/** The channels a staff member can be reached on, most preferred first. */
const STAFF_CHANNELS = ['slack'] as const;

export { staffLang };

/**
 * Queues a message for a staff member; `key` makes it idempotent (the same event notifies
 * once). Returns false when the staff member has no reachable channel: the caller's task
 * or record is then the only trace, which the staff member sees in their day list.
 * A notice has no expiry unless the caller gives one (`expiresAt`): most name a record
 * (a lead, a complaint, a booking) that is still there to act on when a notice comes late.
 */
export async function notifyStaff(
  db: Db,
  staffId: string,
  compose: (lang: Lang) => OutboundMessage,
  key: string,
  now: Date,
  opts: { expiresAt?: Date } = {},
): Promise<boolean> {
  const staff = await db.staff.findUnique({
    where: { id: staffId },
    include: { identities: { where: { channel: { in: [...STAFF_CHANNELS] } }, orderBy: { lastSeenAt: 'desc' } } },
  });
  if (!staff?.active) return false;
  const identity = STAFF_CHANNELS.map((c) => staff.identities.find((i) => i.channel === c)).find(Boolean);
  if (!identity) return false;
  await enqueueOutbound(
    db,
    {
      idempotencyKey: `notify:${key}:${staffId}`,
      channel: identity.channel as 'slack',
      recipient: identity.externalId,
      message: compose(staffLang(staff.languages)),
      expiresAt: opts.expiresAt,
    },
    now,
  );
  return true;
}
