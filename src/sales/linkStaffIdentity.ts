// Linking a chat user (a Slack user id) to a staff record, by a manager, audited. A sales
// manager links only members of their own team who are not managers, so nobody can give
// themselves (or anyone) more rights than the linking manager has.
import type { ChannelIdentity } from '../generated/prisma/client.js';
import type { Db } from '../store/createPrisma.js';
import type { ScopedStaff } from './staffAccess.js';

type LinkResult = { ok: true; identity: ChannelIdentity } | { ok: false; reason: 'not_allowed' | 'unknown_staff' | 'linked_to_customer' };

export async function linkStaffIdentity(
  db: Db,
  args: { staff: ScopedStaff; channel: string; externalId: string; staffId: string; now: Date },
): Promise<LinkResult> {
  const { staff } = args;
  if (staff.role !== 'store_manager' && staff.role !== 'sales_manager') return { ok: false, reason: 'not_allowed' };
  const target = await db.staff.findFirst({ where: { id: args.staffId, storeId: staff.storeId, active: true } });
  if (!target) return { ok: false, reason: 'unknown_staff' };
  if (
    staff.role === 'sales_manager' &&
    target.id !== staff.id &&
    (target.teamId !== staff.teamId || target.role === 'store_manager' || target.role === 'sales_manager')
  ) {
    return { ok: false, reason: 'not_allowed' };
  }
  const key = { channel_externalId: { channel: args.channel, externalId: args.externalId } };
  const existing = await db.channelIdentity.findUnique({ where: key });
  if (existing?.customerId) return { ok: false, reason: 'linked_to_customer' };
  const identity = await db.channelIdentity.upsert({
    where: key,
    update: { staffId: target.id },
    create: { channel: args.channel, externalId: args.externalId, staffId: target.id, createdAt: args.now, lastSeenAt: args.now },
  });
  await db.auditLog.create({
    data: {
      actorType: 'staff',
      actorId: staff.id,
      action: 'link_identity',
      subjectType: 'staff',
      subjectId: target.id,
      detail: { channel: args.channel, externalId: args.externalId, previousStaffId: existing?.staffId ?? null },
      createdAt: args.now,
    },
  });
  return { ok: true, identity };
}
