// Staff-side transcripts (a consultant's CRM chat in Slack or on the web, a handoff relayed
// to a staff member) are not one customer's, but they quote customers: a card with a note,
// a relayed message, "王小明说太贵了" typed to the coach. After a deletion request, a
// message about the customer (delivered under a key naming them, or whose buttons or form
// act on them alone) keeps only a placeholder; elsewhere their name and phone are cut out.
// Other customers' own chats are theirs and stay untouched.
import { Prisma } from '../../generated/prisma/client.js';
import type { CustomerTraces } from './collectCustomerTraces.js';
import { actsOnOthers, ERASED_TEXT, mentionsAny, redactMentions, redactWords } from './redactPersonalText.js';
import { sqlContainsAny } from './sqlContainsAny.js';

const CHUNK = 500;

export async function redactStaffTranscripts(tx: Prisma.TransactionClient, traces: CustomerTraces): Promise<number> {
  const where: Prisma.Sql[] = [
    ...sqlContainsAny('"text"', traces.searchTerms),
    ...sqlContainsAny('CAST("payload" AS TEXT)', [...traces.ids, ...traces.searchTerms]),
    ...sqlContainsAny('"deliveryKey"', traces.ids),
  ];
  if (!where.length) return 0;
  const hits = await tx.$queryRaw<{ id: number }[]>`
    SELECT "id" FROM "ChatMessage"
    WHERE "conversationId" IN (SELECT "id" FROM "Conversation" WHERE "customerId" IS NULL)
      AND (${Prisma.join(where, ' OR ')})`;

  let changed = 0;
  for (let i = 0; i < hits.length; i += CHUNK) {
    const rows = await tx.chatMessage.findMany({ where: { id: { in: hits.slice(i, i + CHUNK).map((h) => Number(h.id)) } } });
    for (const m of rows) {
      const about = mentionsAny(m.deliveryKey, traces.ids) || (mentionsAny(JSON.stringify(m.payload), traces.ids) && !actsOnOthers(m.payload, traces.ids));
      if (about) {
        await tx.chatMessage.update({ where: { id: m.id }, data: { text: ERASED_TEXT, payload: Prisma.DbNull } });
        changed++;
        continue;
      }
      const text = m.text === null ? { value: null, changed: false } : redactWords(m.text, traces.words, traces.phones);
      const payload = m.payload === null ? { value: null, changed: false } : redactMentions(m.payload, traces);
      if (!text.changed && !payload.changed) continue;
      await tx.chatMessage.update({
        where: { id: m.id },
        data: { ...(text.changed ? { text: text.value } : {}), ...(payload.changed ? { payload: payload.value as Prisma.InputJsonValue } : {}) },
      });
      changed++;
    }
  }
  return changed;
}
