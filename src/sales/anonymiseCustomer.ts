// A deletion request (PIPL): the person's data goes; what stays is anonymous events for
// the store's statistics (the funnel still counts that a lead came and booked).
import { Prisma } from '../generated/prisma/client.js';
import type { Db } from '../store/createPrisma.js';

export interface Anonymised {
  /** open or snoozed follow-up tasks closed (cancelled) */
  tasksClosed: number;
}

export async function anonymiseCustomer(db: Db, customerId: string, now: Date, actor: { type: string; id?: string }): Promise<Anonymised> {
  return db.$transaction((tx) => anonymiseCustomerInTx(tx, customerId, now, actor));
}

/** The same, inside the caller's transaction (a staff-taken request claims and audits in the same one). */
export async function anonymiseCustomerInTx(tx: Prisma.TransactionClient, customerId: string, now: Date, actor: { type: string; id?: string }): Promise<Anonymised> {
  const conversations = await tx.conversation.findMany({ where: { customerId }, select: { id: true } });
  const ids = conversations.map((c) => c.id);
  // Transcripts hold whatever the customer typed (names, numbers, plates).
  await tx.chatMessage.deleteMany({ where: { conversationId: { in: ids } } });
  await tx.conversation.updateMany({ where: { id: { in: ids } }, data: { customerId: null, state: Prisma.DbNull, handoffStatus: 'none', handoffRelay: null, handoffStaffId: null } });
  await tx.channelIdentity.deleteMany({ where: { customerId } });
  // staff notes about the person are free text; the event that a note was taken stays
  await tx.interaction.updateMany({ where: { customerId, type: 'note' }, data: { detail: { deleted: true } } });
  await tx.complaint.updateMany({ where: { customerId }, data: { text: '[deleted at the customer’s request]' } });
  await tx.testDriveBooking.updateMany({ where: { customerId, status: 'booked', slotStart: { gt: now } }, data: { status: 'cancelled', activeSlot: null, feedbackComment: null } });
  await tx.testDriveBooking.updateMany({ where: { customerId }, data: { feedbackComment: null } });
  // nobody is to call or visit them any more, and the tasks' due times would keep a
  // consultant's list (and the escalations) busy with a customer who has no contact left
  const tasks = await tx.followUpTask.updateMany({ where: { customerId, status: { in: ['open', 'snoozed'] } }, data: { status: 'cancelled', outcome: 'data_deleted', doneAt: now } });
  await tx.outboxMessage.updateMany({ where: { conversationId: { in: ids }, status: 'pending' }, data: { status: 'cancelled', lastError: 'customer data deleted' } });
  // a flag is a question about a phone; with the phone gone there is nothing to compare
  await tx.customer.updateMany({ where: { possibleDuplicateOfId: customerId }, data: { possibleDuplicateOfId: null } });
  await tx.customer.update({
    where: { id: customerId },
    data: {
      name: null, phone: null, verifiedPhone: null, possibleDuplicateOfId: null, gender: null, city: null, notes: null, budgetMin: null, budgetMax: null,
      usage: null, focus: null, tradeIn: null, finance: null, lang: null, optOutAt: now, anonymisedAt: now,
    },
  });
  await tx.auditLog.create({ data: { actorType: actor.type, actorId: actor.id, action: 'customer.anonymised', subjectType: 'customer', subjectId: customerId, createdAt: now } });
  return { tasksClosed: tasks.count };
}
