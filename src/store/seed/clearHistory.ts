// Removes previously generated history (rows with the generated id prefixes), so that
// generating again with the same seed yields the same database.
import type { PrismaClient } from '../../generated/prisma/client.js';
import { HISTORY_ID_PREFIXES as P } from './historyIds.js';

export async function clearHistory(db: PrismaClient, storeId: string): Promise<void> {
  // Ids are not per store, so history generated for another store would collide with ours.
  const foreign =
    (await db.customer.findFirst({
      where: { id: { startsWith: P.customer }, storeId: { not: storeId } },
      select: { storeId: true },
    })) ??
    (await db.campaign.findFirst({
      where: { id: { startsWith: P.campaign }, storeId: { not: storeId } },
      select: { storeId: true },
    }));
  if (foreign) {
    throw new Error(`this database already holds generated history of store "${foreign.storeId}"; generated history is one store per database`);
  }
  await db.$transaction(
    async (tx) => {
      // Children first, by prefix: the customer deletes below then find few rows to cascade to.
      await tx.complaint.deleteMany({ where: { id: { startsWith: P.complaint } } });
      await tx.referral.deleteMany({ where: { id: { startsWith: P.referral } } });
      await tx.followUpTask.deleteMany({ where: { id: { startsWith: P.task } } });
      await tx.testDriveBooking.deleteMany({ where: { id: { startsWith: P.booking } } });
      await tx.order.deleteMany({ where: { id: { startsWith: P.order } } });
      await tx.interaction.deleteMany({ where: { id: { startsWith: P.interaction } } });
      await tx.customer.deleteMany({ where: { id: { startsWith: P.customer }, storeId } });
      await tx.campaign.deleteMany({ where: { id: { startsWith: P.campaign }, storeId } });
      await tx.target.deleteMany({ where: { id: { startsWith: P.target }, storeId } });
    },
    { timeout: 600_000 },
  );
}
