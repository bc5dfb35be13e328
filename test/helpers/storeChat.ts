// Both sides of the demo store through the real Pipeline (the bots in createBots order,
// the store's own understanding of texts), with an injected clock: customers on any
// channel by (channel, id), and staff as Slack users U01… linked to st-01…. Replies come
// back inline; no HTTP route is involved, so the web chat's routes can change freely.
import { createBots, createUnderstander } from '../../src/app.js';
import { buildKnowledgeIndex } from '../../src/bots/faq/buildKnowledgeIndex.js';
import { ManualClock } from '../../src/infra/clock.js';
import type { ChannelName, InboundMessage, OutboundMessage } from '../../src/core/message.js';
import { Pipeline } from '../../src/core/pipeline.js';
import { demoData, insertDemoStore } from './demoStore.js';
import { silentLogger } from './silentLogger.js';
import { createTestDb } from './testDb.js';

export const textOf = (rs: OutboundMessage[]) => rs.map((r) => r.text).join('\n');
export const buttonsOf = (rs: OutboundMessage[]) => rs.flatMap((r) => r.buttons ?? []).map((b) => b.value);
/** The card fields of the replies as label → value. */
export const cardOf = (rs: OutboundMessage[]) => Object.fromEntries(rs.flatMap((r) => r.card?.fields ?? []).map((f) => [f.label, f.value]));

let seq = 0;
let kbCache: ReturnType<typeof buildKnowledgeIndex> | undefined;

/** `staff`: the two-digit numbers of the demo staff to link as Slack users (U03 is st-03). */
export async function startStoreChat(o: { now: string; staff?: string[] }) {
  const t = await createTestDb();
  const store = await insertDemoStore(t.db);
  const clock = new ManualClock(o.now);
  for (const n of o.staff ?? []) await t.db.channelIdentity.create({ data: { channel: 'slack', externalId: `U${n}`, staffId: `st-${n}` } });
  const data = demoData();
  const kb = (kbCache ??= buildKnowledgeIndex(data));
  const pipeline = new Pipeline({ db: t.db, clock, log: silentLogger, store, bots: createBots({ data, kb }), understand: createUnderstander(data, kb) });
  const handle = async (m: Partial<InboundMessage> & Pick<InboundMessage, 'channel' | 'chatId' | 'userId' | 'side'>) =>
    (await pipeline.handle({ eventId: `chat-${++seq}`, kind: 'text', at: clock.now(), ...m } as InboundMessage, { inline: true })).replies;

  /** A customer chat: on the web the id is the session, elsewhere the platform user (their private chat). */
  const customer = (channel: ChannelName, id: string) => {
    const send = (m: Partial<InboundMessage>) => handle({ channel, chatId: id, userId: id, side: 'customer', ...m });
    return {
      send,
      say: (text: string) => send({ kind: 'text', text }),
      press: (action: string) => send({ kind: 'button', action }),
      /** Telegram's "share my phone number": the account's own number, as toInboundMessage maps it */
      shareContact: (phone: string) => send({ kind: 'text', text: phone, contact: { phone, proven: true } }),
    };
  };
  const staff = (user: string) => {
    const send = (m: Partial<InboundMessage>) => handle({ channel: 'slack', chatId: `D${user}`, userId: user, side: 'staff', ...m });
    return {
      say: (text: string) => send({ kind: 'text', text }),
      press: (action: string) => send({ kind: 'button', action }),
    };
  };
  return { t, db: t.db, store, clock, kb, pipeline, customer, staff, close: () => t.close() };
}

export type StoreChat = Awaited<ReturnType<typeof startStoreChat>>;
