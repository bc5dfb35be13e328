// A deletion request (PIPL): the person's data goes, wherever it was copied to; what stays
// is anonymous events for the store's statistics (the funnel still counts that a lead came
// and booked). One transaction: either all of it is gone or nothing changed.
import { Prisma } from '../../generated/prisma/client.js';
import type { Db } from '../../store/createPrisma.js';
import { clearInboundPayloads } from './clearInboundPayloads.js';
import { collectCustomerTraces } from './collectCustomerTraces.js';
import { eraseOutboxTraces } from './eraseOutboxTraces.js';
import { ERASED_TEXT } from './redactPersonalText.js';
import { redactStaffTranscripts } from './redactStaffTranscripts.js';
import { stripInteractionDetail, stripLostReason, stripTaskReason } from './stripFreeText.js';

export interface Anonymised {
  /** open or snoozed follow-up tasks closed (cancelled) */
  tasksClosed: number;
  /** outbox rows about them that will not be sent */
  outboxCancelled: number;
}

/** The chat id a conversation keeps once erased: unique per conversation, so (channel, chatId) stays unique, and no platform id. */
export function erasedChatId(conversationId: string): string {
  return `erased:${conversationId}`;
}

/**
 * Longer than Prisma's 5 s default: the erase searches the outbox and the staff transcripts
 * as text (about 0.25 s per 200,000 outbox rows on 2 shared cores), and a request that
 * timed out would erase nothing.
 */
export const ERASE_TRANSACTION_TIMEOUT_MS = 30_000;

export async function anonymiseCustomer(db: Db, customerId: string, now: Date, actor: { type: string; id?: string }): Promise<Anonymised> {
  return db.$transaction((tx) => anonymiseCustomerInTx(tx, customerId, now, actor), { timeout: ERASE_TRANSACTION_TIMEOUT_MS });
}

/** The same, inside the caller's transaction (a staff-taken request claims and audits in the same one). */
export async function anonymiseCustomerInTx(
  tx: Prisma.TransactionClient,
  customerId: string,
  now: Date,
  actor: { type: string; id?: string },
): Promise<Anonymised> {
  // first, while the name, phone, chats and accounts are still there to be looked for
  const traces = await collectCustomerTraces(tx, customerId);
  const ids = traces.conversations.map((c) => c.id);
  // Transcripts hold whatever the customer typed (names, numbers, plates).
  await tx.chatMessage.deleteMany({ where: { conversationId: { in: ids } } });
  // the row stays for the counts; the platform's id of the chat does not (a next message
  // from it starts a new conversation with a new customer)
  for (const id of ids) {
    await tx.conversation.update({
      where: { id },
      data: {
        customerId: null,
        chatId: erasedChatId(id),
        state: Prisma.DbNull,
        handoffStatus: 'none',
        handoffRelay: null,
        handoffStaffId: null,
        handoffThread: null,
      },
    });
  }
  await tx.channelIdentity.deleteMany({ where: { customerId } });
  // staff's words about the person go; the event (a note was taken, a grade changed) stays
  for (const i of await tx.interaction.findMany({ where: { customerId, detail: { not: Prisma.DbNull } }, select: { id: true, type: true, detail: true } })) {
    const detail = stripInteractionDetail(i.type, i.detail, traces);
    if (detail) await tx.interaction.update({ where: { id: i.id }, data: { detail: detail as Prisma.InputJsonValue } });
  }
  await tx.complaint.updateMany({ where: { customerId }, data: { text: ERASED_TEXT } });
  await tx.complaint.updateMany({ where: { customerId, resolution: { not: null } }, data: { resolution: ERASED_TEXT } });
  await tx.testDriveBooking.updateMany({
    where: { customerId, status: 'booked', slotStart: { gt: now } },
    data: { status: 'cancelled', activeSlot: null, feedbackComment: null },
  });
  await tx.testDriveBooking.updateMany({ where: { customerId }, data: { feedbackComment: null } });
  // nobody is to call or visit them any more, and the tasks' due times would keep a
  // consultant's list (and the escalations) busy with a customer who has no contact left
  const tasks = await tx.followUpTask.updateMany({
    where: { customerId, status: { in: ['open', 'snoozed'] } },
    data: { status: 'cancelled', outcome: 'data_deleted', doneAt: now },
  });
  for (const t of await tx.followUpTask.findMany({ where: { customerId, reason: { not: null } }, select: { id: true, kind: true, reason: true } })) {
    const reason = stripTaskReason(t.kind, t.reason);
    if (reason !== t.reason) await tx.followUpTask.update({ where: { id: t.id }, data: { reason } });
  }
  // copies outside their own rows: messages queued or sent about them, staff transcripts
  // quoting them, inbound events still holding their message
  const outbox = await eraseOutboxTraces(tx, traces);
  const staffMessages = await redactStaffTranscripts(tx, traces);
  const inboundEvents = await clearInboundPayloads(tx, traces);
  // a flag is a question about a phone; with the phone gone there is nothing to compare
  await tx.customer.updateMany({ where: { possibleDuplicateOfId: customerId }, data: { possibleDuplicateOfId: null } });
  const { lostReason } = await tx.customer.findUniqueOrThrow({ where: { id: customerId }, select: { lostReason: true } });
  await tx.customer.update({
    where: { id: customerId },
    data: {
      name: null,
      phone: null,
      verifiedPhone: null,
      possibleDuplicateOfId: null,
      gender: null,
      city: null,
      notes: null,
      budgetMin: null,
      budgetMax: null,
      usage: null,
      focus: null,
      tradeIn: null,
      finance: null,
      lang: null,
      optOutAt: now,
      anonymisedAt: now,
      // the board counts lost deals by reason code; the consultant's words after it go
      lostReason: stripLostReason(lostReason),
    },
  });
  // counts only: the row outlives the data it is about
  await tx.auditLog.create({
    data: {
      actorType: actor.type,
      actorId: actor.id,
      action: 'customer.anonymised',
      subjectType: 'customer',
      subjectId: customerId,
      createdAt: now,
      detail: {
        conversations: ids.length,
        outboxErased: outbox.erased,
        outboxCancelled: outbox.cancelled,
        outboxRedacted: outbox.redacted,
        staffMessages,
        inboundEvents,
      },
    },
  });
  return { tasksClosed: tasks.count, outboxCancelled: outbox.cancelled };
}
