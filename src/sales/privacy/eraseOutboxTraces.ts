// The outbox rows of a customer who asked to be deleted. Many have no conversation:
// the staff room's relays of their messages and its handoff thread, a WeChat reply that
// missed the passive answer, the notices naming them to staff. A row is theirs when it is
// addressed to one of their chats or accounts, belongs to one of their conversations, or
// its key or its buttons name them (their id, a chat's, a booking's, a complaint's, a
// task's: see collectCustomerTraces). Pending ones are cancelled; every one keeps only a
// placeholder for its text. A message about several people (a nudge, an escalation, the
// handoff queue) keeps the others: only their name, phone and buttons go.
import { Prisma } from '../../generated/prisma/client.js';
import type { CustomerTraces } from './collectCustomerTraces.js';
import { actsOnOthers, ERASED_TEXT, mentionsAny, redactMentions } from './redactPersonalText.js';
import { sqlContainsAny } from './sqlContainsAny.js';

interface OutboxErasure {
  /** pending (or mid-send) rows that will not go out */
  cancelled: number;
  /** rows about the customer whose text is now the placeholder */
  erased: number;
  /** rows about several people with the customer cut out */
  redacted: number;
}

const CHUNK = 500;

export async function eraseOutboxTraces(tx: Prisma.TransactionClient, traces: CustomerTraces): Promise<OutboxErasure> {
  const convIds = traces.conversations.map((c) => c.id);
  const where: Prisma.Sql[] = [
    ...(convIds.length ? [Prisma.sql`"conversationId" IN (${Prisma.join(convIds)})`] : []),
    ...traces.addresses.map((a) => Prisma.sql`("channel" = ${a.channel} AND "recipient" = ${a.id})`),
    ...sqlContainsAny('"idempotencyKey"', traces.ids),
    // payloads are JSON: searched as text, for ids in buttons and threads and the name or phone anywhere
    ...sqlContainsAny('CAST("payload" AS TEXT)', [...traces.ids, ...traces.searchTerms]),
  ];
  const hits = await tx.$queryRaw<{ id: string }[]>`SELECT "id" FROM "OutboxMessage" WHERE ${Prisma.join(where, ' OR ')}`;

  const result: OutboxErasure = { cancelled: 0, erased: 0, redacted: 0 };
  for (let i = 0; i < hits.length; i += CHUNK) {
    const rows = await tx.outboxMessage.findMany({ where: { id: { in: hits.slice(i, i + CHUNK).map((h) => h.id) } } });
    for (const row of rows) {
      const addressed = traces.addresses.some((a) => a.channel === row.channel && a.id === row.recipient);
      const theirs =
        addressed ||
        (!!row.conversationId && convIds.includes(row.conversationId)) ||
        mentionsAny(row.idempotencyKey, traces.ids) ||
        (mentionsAny(JSON.stringify(row.payload), traces.ids) && !actsOnOthers(row.payload, traces.ids));
      if (theirs) {
        // a row mid-send is cancelled too: if the send fails it is not retried
        const stop = row.status === 'pending' || row.status === 'sending';
        await tx.outboxMessage.update({
          where: { id: row.id },
          data: {
            payload: { text: ERASED_TEXT },
            // the platform's id of their chat (an openid, a Telegram chat id) goes with the chat's own
            ...(addressed ? { recipient: `erased:${row.conversationId ?? traces.customerId}` } : {}),
            ...(stop ? { status: 'cancelled', lastError: 'customer data deleted' } : {}),
          },
        });
        result.erased++;
        if (stop) result.cancelled++;
        continue;
      }
      const r = redactMentions(row.payload, traces);
      if (!r.changed) continue;
      await tx.outboxMessage.update({ where: { id: row.id }, data: { payload: r.value as Prisma.InputJsonValue } });
      result.redacted++;
    }
  }
  return result;
}
