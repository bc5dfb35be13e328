// One person, one customer: when a chat lead turns out to be a customer the store already
// has (same phone number, another channel), everything of the newer record moves to the
// older one and the newer record goes.
import type { Db } from '../store/createPrisma.js';

export async function mergeCustomerInto(db: Db, fromId: string, intoId: string): Promise<void> {
  if (fromId === intoId) return;
  await db.$transaction(async (tx) => {
    const where = { customerId: fromId };
    const data = { customerId: intoId };
    await tx.channelIdentity.updateMany({ where, data });
    await tx.conversation.updateMany({ where, data });
    await tx.interaction.updateMany({ where, data });
    await tx.followUpTask.updateMany({ where, data });
    await tx.testDriveBooking.updateMany({ where, data });
    await tx.order.updateMany({ where, data });
    await tx.complaint.updateMany({ where, data });
    await tx.referral.updateMany({ where: { referrerId: fromId }, data: { referrerId: intoId } });
    await tx.referral.updateMany({ where: { refereeId: fromId }, data: { refereeId: intoId } });
    await tx.customer.updateMany({ where: { referredById: fromId }, data: { referredById: intoId } });
    await tx.customer.delete({ where: { id: fromId } });
  });
}
