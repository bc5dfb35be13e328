// What a chaos run left behind, read from the store once the service is quiet and set
// against what the customers sent and what the fake platforms delivered. Every breach is
// pushed to `problems` with enough detail to find it; the figures go to the report.
import { renderOutbound } from '../../src/channels/telegram/renderOutbound.js';
import { renderWechatText, splitWechatText } from '../../src/channels/wechat/renderWechatText.js';
import type { OutboundMessage } from '../../src/core/message.js';
import type { Db } from '../../src/store/createPrisma.js';
import type { Conversation } from './planConversations.js';
import type { Kill, StepRecord } from './runChaos.js';

export interface Outcome {
  /** customer messages whose answer the customer saw (the steps that wait for one) */
  answered: number;
  unanswered: number;
  /** messages sent to a customer who had blocked the bot: not waited for */
  unwatched: number;
  inbound: { events: number; done: number; runAgain: number };
  /** deliveries of a reply beyond its first, by channel */
  repeats: { telegram: number; wechat: number };
  bookings: { confirms: number; cancels: number; rows: number; live: number; doubled: number };
  deadLetters: { deliberate: number; other: number };
  jobs: { runs: number; running: number; failed: number; takenOver: number };
  /** reminders and the like, due later: not part of quiet */
  pendingLater: number;
}

export interface OutcomeInput {
  db: Db;
  conversations: Conversation[];
  records: StepRecord[];
  kills: Kill[];
  botId: number;
  telegramDeliveries: { at: number; chat: string; text: string }[];
  wechatDeliveries: { at: number; touser: string; content: string }[];
  /** Telegram chats that blocked the bot (the fake refused their sends with 403, on purpose) */
  blocked: Set<string>;
  problems: string[];
}

export async function checkOutcome(i: OutcomeInput): Promise<Outcome> {
  const { db, problems } = i;
  const events = await db.inboundEvent.findMany({ select: { channel: true, eventId: true, status: true, attempts: true, error: true } });
  const outbox = await db.outboxMessage.findMany();
  const watched = i.records.filter((r) => r.conversation.steps[r.index].expect);

  // every message stored and handled once, to the end
  const eventByKey = new Map(events.map((e) => [`${e.channel}:${e.eventId}`, e]));
  const webEvents = events.filter((e) => e.channel === 'web');
  for (const r of i.records) {
    const c = r.conversation;
    const found =
      c.channel === 'telegram'
        ? eventByKey.get(`telegram:${i.botId}:${r.eventRef}`)
        : c.channel === 'wechat'
          ? eventByKey.get(`wechat:${r.eventRef}`)
          : webEvents.find((e) => e.eventId.endsWith(`/${r.eventRef}`));
    if (!found) problems.push(`${c.channel} ${c.who} step ${r.index}: its message was never stored as an inbound event`);
  }
  for (const e of events.filter((x) => x.status !== 'done'))
    problems.push(`inbound ${e.channel}:${e.eventId} is ${e.status} after ${e.attempts} attempt(s): ${e.error ?? ''}`);

  // Telegram: each update has replies, delivered (or refused with 403 for a customer who blocked the bot)
  for (const r of i.records.filter((x) => x.conversation.channel === 'telegram')) {
    const rows = outbox.filter((m) => m.idempotencyKey.startsWith(`reply:telegram:${i.botId}:${r.eventRef}:`));
    const blockedStep = r.conversation.blocksBot && r.index === r.conversation.steps.length - 1;
    if (!rows.length) problems.push(`telegram ${r.conversation.who} update ${r.eventRef}: no reply queued`);
    else if (blockedStep && rows.some((m) => m.status !== 'dead'))
      problems.push(`telegram ${r.conversation.who} update ${r.eventRef}: a reply to a blocked chat is ${rows.map((m) => m.status).join(',')}`);
    else if (!blockedStep && !rows.some((m) => m.status === 'sent'))
      problems.push(`telegram ${r.conversation.who} update ${r.eventRef}: no reply sent (${rows.map((m) => m.status).join(',')})`);
  }

  // repeats: deliveries of a (chat, text) beyond the sent rows that render to it, each explained by a kill
  const telegramExpected = expectedDeliveries(
    outbox.filter((m) => m.channel === 'telegram' && m.status === 'sent'),
    (m) => renderOutbound(m).map((c) => (c.method === 'sendMessage' ? c.text : (c.caption ?? ''))),
  );
  const wechatExpected = expectedDeliveries(
    outbox.filter((m) => m.channel === 'wechat' && m.status === 'sent'),
    (m) => splitWechatText(renderWechatText(m)),
  );
  const repeats = {
    telegram: countRepeats(
      'telegram',
      telegramExpected,
      i.telegramDeliveries.map((d) => ({ at: d.at, key: `${d.chat}\u0000${d.text}` })),
      i.kills,
      problems,
    ),
    wechat: countRepeats(
      'wechat',
      wechatExpected,
      i.wechatDeliveries.map((d) => ({ at: d.at, key: `${d.touser}\u0000${d.content}` })),
      i.kills,
      problems,
    ),
  };

  // dead letters: only those the fake caused on purpose (a chat that blocked the bot: 403)
  const dead = outbox.filter((m) => m.status === 'dead');
  const deliberate = dead.filter((m) => m.channel === 'telegram' && i.blocked.has(m.recipient) && /403/.test(m.lastError ?? ''));
  for (const m of dead.filter((x) => !deliberate.includes(x))) problems.push(`dead letter ${m.idempotencyKey} (${m.channel} ${m.recipient}): ${m.lastError}`);
  for (const m of outbox.filter((x) => x.status === 'sending' || (x.status === 'pending' && x.nextAttemptAt <= new Date()))) {
    problems.push(`outbox ${m.idempotencyKey} still ${m.status} after ${m.attempts} attempt(s): ${m.lastError ?? ''}`);
  }

  // bookings: one per confirm, one live per customer and slot, cancelled as often as cancelled
  const bookers = i.conversations.filter((c) => c.phone);
  const customers = await db.customer.findMany({ where: { phone: { in: bookers.map((c) => c.phone!) } }, select: { id: true, phone: true } });
  const bookings = await db.testDriveBooking.findMany({ where: { customerId: { in: customers.map((c) => c.id) } } });
  const sentSteps = (kind: 'confirm' | 'cancel') => i.records.filter((r) => r.conversation.steps[r.index].kind === kind).length;
  const confirms = sentSteps('confirm');
  const cancels = sentSteps('cancel');
  for (const c of bookers) {
    const records = customers.filter((x) => x.phone === c.phone);
    if (records.length > 1) problems.push(`${c.channel} ${c.who}: ${records.length} customer records with phone ${c.phone}`);
  }
  const liveBySlot = new Map<string, number>();
  for (const b of bookings.filter((x) => x.status === 'booked')) {
    const key = `${b.customerId} ${b.slotStart.toISOString()}`;
    liveBySlot.set(key, (liveBySlot.get(key) ?? 0) + 1);
  }
  const doubled = [...liveBySlot.values()].filter((n) => n > 1).length + Math.max(0, bookings.length - confirms);
  const live = bookings.filter((b) => b.status === 'booked').length;
  if (bookings.length !== confirms) problems.push(`${bookings.length} bookings for ${confirms} confirms`);
  if (live !== confirms - cancels) problems.push(`${live} live bookings for ${confirms} confirms and ${cancels} cancels`);
  if (doubled) problems.push(`${doubled} doubled booking(s)`);

  // job slots: each run once (the unique key), none left running, none failed
  const jobs = await db.jobRun.findMany();
  for (const j of jobs.filter((x) => x.status !== 'done'))
    problems.push(`job ${j.job} slot ${j.slot} is ${j.status} (attempts ${j.attempts}): ${j.error ?? ''}`);

  return {
    answered: watched.filter((r) => r.answeredAt !== undefined).length,
    unanswered: watched.filter((r) => r.answeredAt === undefined).length,
    unwatched: i.records.length - watched.length,
    inbound: { events: events.length, done: events.filter((e) => e.status === 'done').length, runAgain: events.filter((e) => e.attempts > 1).length },
    repeats,
    bookings: { confirms, cancels, rows: bookings.length, live, doubled },
    deadLetters: { deliberate: deliberate.length, other: dead.length - deliberate.length },
    jobs: {
      runs: jobs.length,
      running: jobs.filter((j) => j.status === 'running').length,
      failed: jobs.filter((j) => j.status === 'failed').length,
      takenOver: jobs.filter((j) => j.attempts > 1).length,
    },
    pendingLater: outbox.filter((m) => m.status === 'pending' && m.nextAttemptAt > new Date()).length,
  };
}

/** How many times each (recipient, text) should have been delivered: once per sent row that renders to it. */
function expectedDeliveries(rows: { recipient: string; payload: unknown }[], render: (m: OutboundMessage) => string[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const row of rows) {
    for (const text of render(row.payload as OutboundMessage)) {
      const key = `${row.recipient}\u0000${text}`;
      out.set(key, (out.get(key) ?? 0) + 1);
    }
  }
  return out;
}

/**
 * Deliveries beyond the expected count are repeats. A repeat is only allowed for a send in
 * flight when the service was killed (delivered, but the process died before it could
 * record that), so a (recipient, text) may be repeated at most once per kill between its
 * first and last delivery. A sent row never delivered is a problem too.
 */
function countRepeats(channel: string, expected: Map<string, number>, deliveries: { at: number; key: string }[], kills: Kill[], problems: string[]): number {
  const byKey = new Map<string, number[]>();
  for (const d of deliveries) byKey.set(d.key, [...(byKey.get(d.key) ?? []), d.at]);
  let repeats = 0;
  for (const [key, want] of expected) {
    const got = byKey.get(key)?.length ?? 0;
    if (got < want)
      problems.push(
        `${channel} ${key.split('\u0000')[0]}: a sent reply was delivered ${got} time(s), ${want} expected: "${key.split('\u0000')[1].slice(0, 40)}"`,
      );
  }
  for (const [key, times] of byKey) {
    const extra = times.length - (expected.get(key) ?? 0);
    if (extra <= 0) continue;
    repeats += extra;
    const killsBetween = kills.filter((k) => k.at >= Math.min(...times) && k.at <= Math.max(...times)).length;
    if (extra > killsBetween)
      problems.push(
        `${channel} ${key.split('\u0000')[0]}: "${key.split('\u0000')[1].slice(0, 40)}" delivered ${times.length} time(s), ${extra} more than sent, with ${killsBetween} kill(s) in between`,
      );
  }
  return repeats;
}
