// One person, one customer: when two records are proven to be the same person (a
// Telegram contact shared from the user's own account whose phone another record holds
// as proven, or a staff member's decision on a flagged duplicate), everything of one
// record moves to the other and the first record goes. Never for a phone merely typed in
// a chat: that is the visitor's word only, and would hand them someone else's data.
// The kept record keeps its own values (its owner above all) and takes the other's only
// where it has none.
import type { Customer, Prisma } from '../../generated/prisma/client.js';
import type { Db } from '../../store/createPrisma.js';

/** Fields the kept record takes from the merged one when it has none of its own. */
const FILLED = [
  'name',
  'phone',
  'gender',
  'city',
  'ownerId',
  'campaignId',
  'referredById',
  'intendedModelId',
  'timeframe',
  'usage',
  'focus',
  'tradeIn',
  'finance',
  'lang',
  'consentAt',
  'consentVersion',
] as const satisfies readonly (keyof Customer)[];

export async function mergeCustomerInto(db: Db, fromId: string, intoId: string): Promise<void> {
  if (fromId === intoId) return;
  await db.$transaction((tx) => mergeCustomerIntoInTx(tx, fromId, intoId));
}

/** The same, inside the caller's transaction (a staff decision claims the flag and audits in the same one). */
export async function mergeCustomerIntoInTx(tx: Prisma.TransactionClient, fromId: string, intoId: string): Promise<void> {
  if (fromId === intoId) return;
  const from = await tx.customer.findUniqueOrThrow({ where: { id: fromId } });
  const into = await tx.customer.findUniqueOrThrow({ where: { id: intoId } });
  const data = mergedFields(from, into);
  // a proven phone is unique per store: off the merged record before the kept one takes it
  if (data.verifiedPhone) await tx.customer.update({ where: { id: fromId }, data: { verifiedPhone: null } });

  const where = { customerId: fromId };
  const move = { customerId: intoId };
  await tx.channelIdentity.updateMany({ where, data: move });
  await tx.conversation.updateMany({ where, data: move });
  await tx.interaction.updateMany({ where, data: move });
  await tx.followUpTask.updateMany({ where, data: move });
  await tx.testDriveBooking.updateMany({ where, data: move });
  await tx.order.updateMany({ where, data: move });
  await tx.complaint.updateMany({ where, data: move });
  await tx.referral.updateMany({ where: { referrerId: fromId }, data: { referrerId: intoId } });
  await tx.referral.updateMany({ where: { refereeId: fromId }, data: { refereeId: intoId } });
  await tx.customer.updateMany({ where: { referredById: fromId }, data: { referredById: intoId } });
  // flags that named the merged record now name the kept one; the kept one is no duplicate of itself
  await tx.customer.updateMany({ where: { possibleDuplicateOfId: fromId }, data: { possibleDuplicateOfId: intoId } });
  await tx.customer.updateMany({ where: { id: intoId, possibleDuplicateOfId: intoId }, data: { possibleDuplicateOfId: null } });
  // the kept owner follows the customer up: the other owner's open follow-ups pass to them
  const ownerId = into.ownerId ?? from.ownerId;
  if (ownerId && from.ownerId && from.ownerId !== ownerId) {
    await tx.followUpTask.updateMany({
      where: { customerId: intoId, kind: 'follow_up', status: { in: ['open', 'snoozed'] }, staffId: from.ownerId },
      data: { staffId: ownerId },
    });
  }
  await tx.customer.delete({ where: { id: fromId } });
  const next = await tx.followUpTask.findFirst({ where: { customerId: intoId, kind: 'follow_up', status: 'open' }, orderBy: { dueAt: 'asc' } });
  await tx.customer.update({ where: { id: intoId }, data: { ...data, nextFollowUpAt: next?.dueAt ?? null } });
}

function mergedFields(from: Customer, into: Customer): Prisma.CustomerUncheckedUpdateInput {
  const data: Record<string, unknown> = {};
  for (const key of FILLED) if (into[key] === null && from[key] !== null) data[key] = from[key];
  if (into.budgetMin === null && into.budgetMax === null && (from.budgetMin !== null || from.budgetMax !== null)) {
    data.budgetMin = from.budgetMin;
    data.budgetMax = from.budgetMax;
  }
  // neither refers itself once they are one
  if (into.referredById === from.id || data.referredById === into.id) data.referredById = null;
  if (from.notes) data.notes = into.notes ? `${into.notes}\n${from.notes}`.slice(0, 2000) : from.notes;
  if (!into.verifiedPhone && from.verifiedPhone) data.verifiedPhone = from.verifiedPhone;
  // the earliest start of each stage, the latest contact
  data.leadAt = earliest(into.leadAt, from.leadAt);
  data.onFileAt = earliest(into.onFileAt, from.onFileAt);
  data.lastContactAt = latest(into.lastContactAt, from.lastContactAt);
  // the kept record was flagged as a duplicate of the merged one: that question is answered
  const flag =
    into.possibleDuplicateOfId === from.id
      ? null
      : (into.possibleDuplicateOfId ?? (from.possibleDuplicateOfId === into.id ? null : from.possibleDuplicateOfId));
  data.possibleDuplicateOfId = flag;
  return data as Prisma.CustomerUncheckedUpdateInput;
}

const earliest = (a: Date | null, b: Date | null) => (a && b ? (a < b ? a : b) : (a ?? b));
const latest = (a: Date | null, b: Date | null) => (a && b ? (a > b ? a : b) : (a ?? b));
