// Every inbound platform event is stored once, unique on (channel, event id): a platform
// retry of an event that was handled runs nothing. An event whose handling died (still
// "received" after the lease) or failed may be claimed again, so nothing is lost.
import type { Db } from '../store/createPrisma.js';
import type { Channel } from './message.js';
import { isUniqueViolation } from './prismaErrors.js';

export const INBOUND_LEASE_MS = 60_000;

/** True when this process should handle the event now; false for a duplicate. */
export async function claimInbound(db: Db, channel: Channel, eventId: string, now: Date): Promise<boolean> {
  try {
    await db.inboundEvent.create({ data: { channel, eventId, receivedAt: now } });
    return true;
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
  }
  const stale = new Date(now.getTime() - INBOUND_LEASE_MS);
  const { count } = await db.inboundEvent.updateMany({
    where: {
      channel,
      eventId,
      OR: [{ status: 'failed' }, { status: 'received', receivedAt: { lt: stale } }],
    },
    data: { status: 'received', receivedAt: now, error: null },
  });
  return count === 1;
}

export async function finishInbound(
  db: Db,
  channel: Channel,
  eventId: string,
  now: Date,
  error?: string,
): Promise<void> {
  await db.inboundEvent.update({
    where: { channel_eventId: { channel, eventId } },
    data: error ? { status: 'failed', error: error.slice(0, 500), doneAt: now } : { status: 'done', doneAt: now },
  });
}
