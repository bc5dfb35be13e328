// Staff-side turns through the real Pipeline with the bots in createBots order, on the
// demo store, with demo staff linked to Slack users U01… (st-01…): what the CRM flow
// tests start from. Replies come back inline; notices stay in the outbox to inspect.
import { createBots } from '../../src/app.js';
import { buildKnowledgeIndex } from '../../src/bots/faq/buildKnowledgeIndex.js';
import { ManualClock } from '../../src/infra/clock.js';
import type { InboundMessage, OutboundMessage } from '../../src/core/message.js';
import { Pipeline } from '../../src/core/pipeline.js';
import { demoData, insertDemoStore } from './demoStore.js';
import { silentLogger } from './silentLogger.js';
import { createTestDb } from './testDb.js';

export const textOf = (rs: OutboundMessage[]) => rs.map((r) => r.text).join('\n');
export const buttonsOf = (rs: OutboundMessage[]) => rs.flatMap((r) => r.buttons ?? []).map((b) => b.value);

let seq = 0;

/** `staff`: the two-digit numbers of the demo staff to link (U03 is st-03). */
export async function startStaffChat(o: { now: string; staff: string[]; publicUrl?: string }) {
  const t = await createTestDb();
  const store = await insertDemoStore(t.db);
  const clock = new ManualClock(o.now);
  for (const n of o.staff) await t.db.channelIdentity.create({ data: { channel: 'slack', externalId: `U${n}`, staffId: `st-${n}` } });
  const data = demoData();
  const pipeline = new Pipeline({
    db: t.db,
    clock,
    log: silentLogger,
    store,
    bots: createBots({ data, kb: buildKnowledgeIndex(data), publicUrl: o.publicUrl }),
    understand: () => ({}) as never,
  });
  const send = async (user: string, m: Partial<InboundMessage>) =>
    (
      await pipeline.handle(
        { channel: 'slack', eventId: `staff-${++seq}`, chatId: `D${user}`, userId: user, side: 'staff', kind: 'text', at: clock.now(), ...m } as InboundMessage,
        { inline: true },
      )
    ).replies;
  return {
    t,
    store,
    clock,
    pipeline,
    send,
    say: (user: string, s: string) => send(user, { kind: 'text', text: s }),
    press: (user: string, action: string) => send(user, { kind: 'button', action }),
    submit: (user: string, id: string, values: Record<string, string>, meta?: string) => send(user, { kind: 'form', form: { id, values, meta } }),
    /** the staff notices queued for a Slack user, oldest first */
    outbox: (recipient: string) =>
      t.db.outboxMessage.findMany({ where: { channel: 'slack', recipient, idempotencyKey: { startsWith: 'notify:' } }, orderBy: { createdAt: 'asc' } }),
    close: () => t.close(),
  };
}

export type StaffChat = Awaited<ReturnType<typeof startStaffChat>>;
