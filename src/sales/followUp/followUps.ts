// Follow-up tasks of a customer: schedule one, close the open ones when something
// happened, and keep Customer.nextFollowUpAt equal to the earliest open one.
import type { FollowUpTask } from '../../generated/prisma/client.js';
import type { Db } from '../../store/createPrisma.js';

export async function scheduleFollowUp(
  db: Db,
  args: { customerId: string; staffId: string | null; dueAt: Date; now: Date; reason?: string | null; kind?: string },
): Promise<FollowUpTask> {
  const task = await db.followUpTask.create({
    data: {
      customerId: args.customerId,
      staffId: args.staffId,
      kind: args.kind ?? 'follow_up',
      reason: args.reason ?? null,
      dueAt: args.dueAt,
      createdAt: args.now,
    },
  });
  await refreshNextFollowUp(db, args.customerId);
  return task;
}

/** Marks the customer's open follow-ups done with the outcome; returns how many. */
export async function closeOpenFollowUps(db: Db, customerId: string, outcome: string, now: Date): Promise<number> {
  const { count } = await db.followUpTask.updateMany({
    where: { customerId, kind: 'follow_up', status: 'open' },
    data: { status: 'done', outcome, doneAt: now },
  });
  await refreshNextFollowUp(db, customerId);
  return count;
}

export async function refreshNextFollowUp(db: Db, customerId: string): Promise<void> {
  const next = await db.followUpTask.findFirst({ where: { customerId, kind: 'follow_up', status: 'open' }, orderBy: { dueAt: 'asc' } });
  await db.customer.update({ where: { id: customerId }, data: { nextFollowUpAt: next?.dueAt ?? null } });
}
