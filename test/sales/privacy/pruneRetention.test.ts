// Retention: with an injected clock, nothing goes before its period; after it, exactly
// what the store's rules say goes (quiet chats' transcripts, handled inbound events and a
// dead one's message, finished outbox rows' text, old job runs), in batches, and nothing
// else; a second run, or two at once, changes nothing more. The daily job is registered
// with the store's rules, and the privacy notice states the configured transcript period.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBots, createUnderstander } from '../../../src/app.js';
import { collectJobs } from '../../../src/core/jobRegistry.js';
import { TEST_STORE } from '../../helpers/fixtures.js';
import { buildKnowledgeIndex } from '../../../src/bots/faq/buildKnowledgeIndex.js';
import { ManualClock } from '../../../src/infra/clock.js';
import type { InboundMessage } from '../../../src/core/message.js';
import { Pipeline } from '../../../src/core/pipeline.js';
import type { Prisma } from '../../../src/generated/prisma/client.js';
import { PRUNED_PAYLOAD, pruneRetention } from '../../../src/sales/privacy/pruneRetention.js';
import { DAY_MS } from '../../../src/sales/salesRules.js';
import { defaultSalesRules, type StoreData } from '../../../src/storeData/storeDataSchema.js';
import type { Db } from '../../../src/store/createPrisma.js';
import { demoData, insertDemoStore } from '../../helpers/demoStore.js';
import { silentLogger } from '../../helpers/silentLogger.js';
import { createTestDb, type TestDb } from '../../helpers/testDb.js';

const T0 = new Date('2026-12-03T03:30:00+08:00');
const ago = (days: number, minutes = 0) => new Date(T0.getTime() - days * DAY_MS + minutes * 60_000);

describe('retention rules', () => {
  it("are the store's: the demo store's file, and defaults for a store without one", () => {
    expect(demoData().salesRules.retention).toEqual({ transcriptDays: 365, inboundEventsDays: 30, outboxPayloadDays: 30, jobRunsDays: 90 });
    expect(defaultSalesRules().retention).toEqual({ transcriptDays: 365, inboundEventsDays: 30, outboxPayloadDays: 30, jobRunsDays: 90 });
  });
});

describe('pruning after the retention periods', () => {
  let t: TestDb;
  let db: Db;
  const rules = demoData().salesRules.retention;

  beforeEach(async () => {
    t = await createTestDb();
    db = t.db;
    await insertDemoStore(db);
    const chat = async (id: string, at: Date[], staffId?: string) =>
      db.conversation.create({
        data: {
          id,
          channel: 'web',
          chatId: `chat-${id}`,
          staffId,
          messages: {
            create: at.map((createdAt, i) => ({ direction: i % 2 ? 'out' : 'in', author: i % 2 ? 'bot' : 'customer', text: `${id} #${i}`, createdAt })),
          },
        },
      });
    // transcripts: quiet for 355 days (5 messages), a staff chat quiet as long (2), a chat
    // that spoke 10 days ago (its old messages stay with it), one quiet for 300 days
    await chat(
      'conv-quiet',
      [0, 1, 2, 3, 4].map((m) => ago(355, m)),
    );
    await chat('conv-staff', [ago(356), ago(356, 1)], 'st-03');
    await chat('conv-active', [ago(355), ago(355, 1), ago(10)]);
    await chat('conv-younger', [ago(300)]);
    await db.conversation.create({ data: { id: 'conv-empty', channel: 'web', chatId: 'chat-empty', createdAt: ago(400) } });

    // inbound events
    const event = (eventId: string, status: string, daysAgo: number, payload?: Prisma.InputJsonValue) =>
      db.inboundEvent.create({
        data: {
          channel: 'web',
          eventId,
          status,
          receivedAt: ago(daysAgo),
          doneAt: status === 'done' || status === 'dead' ? ago(daysAgo) : null,
          attempts: 1,
          payload,
        },
      });
    const message = (text: string) => ({
      channel: 'web',
      eventId: text,
      chatId: 'chat-x',
      userId: 'chat-x',
      side: 'customer',
      kind: 'text',
      text,
      at: T0.toISOString(),
    });
    for (const id of ['done-1', 'done-2', 'done-3']) await event(id, 'done', 20);
    await event('done-recent', 'done', 5);
    await event('dead-old', 'dead', 20, message('我叫王小明'));
    await event('failed-old', 'failed', 20, message('还在重试'));
    await event('received-old', 'received', 20, message('处理中'));

    // outbox rows, by when they were last due
    const row = (key: string, status: string, daysAgo: number) =>
      db.outboxMessage.create({
        data: {
          idempotencyKey: key,
          channel: 'web',
          recipient: 'chat-x',
          status,
          payload: { text: `${key} 王小明` },
          nextAttemptAt: ago(daysAgo),
          createdAt: ago(daysAgo),
          sentAt: status === 'sent' ? ago(daysAgo) : null,
        },
      });
    for (const key of ['sent-1', 'sent-2', 'sent-3']) await row(key, 'sent', 20);
    await row('dead-1', 'dead', 20);
    await row('expired-1', 'expired', 20);
    await row('cancelled-1', 'cancelled', 20);
    await row('pending-old', 'pending', 20);
    await row('sending-old', 'sending', 20);
    await row('sent-recent', 'sent', 5);

    // job runs
    const run = (job: string, status: string, daysAgo: number) =>
      db.jobRun.create({
        data: { job, slot: `slot-${job}`, status, claimedBy: 'test', startedAt: ago(daysAgo), finishedAt: status === 'running' ? null : ago(daysAgo) },
      });
    await run('done-old', 'done', 80);
    await run('failed-old', 'failed', 80);
    await run('running-old', 'running', 80);
    await run('done-recent', 'done', 70);
  });
  afterEach(async () => t.close());

  const state = async () => ({
    messages: Object.fromEntries(
      (await db.conversation.findMany({ include: { _count: { select: { messages: true } } }, orderBy: { id: 'asc' } })).map((c) => [c.id, c._count.messages]),
    ),
    events: (await db.inboundEvent.findMany({ orderBy: { eventId: 'asc' } })).map((e) => [e.eventId, e.payload === null ? 'no payload' : 'payload']),
    outbox: (await db.outboxMessage.findMany({ orderBy: { idempotencyKey: 'asc' } })).map((o) => [
      o.idempotencyKey,
      o.status,
      JSON.stringify(o.payload) === JSON.stringify(PRUNED_PAYLOAD) ? 'pruned' : 'text',
    ]),
    jobRuns: (await db.jobRun.findMany({ orderBy: { job: 'asc' } })).map((j) => j.job),
  });

  it('prunes nothing before the periods, and exactly what the rules say after them, in batches', async () => {
    const clock = new ManualClock(T0);
    const untouched = await state();
    expect(untouched.messages).toEqual({ 'conv-active': 3, 'conv-empty': 0, 'conv-quiet': 5, 'conv-staff': 2, 'conv-younger': 1 });

    // today every row is younger than its period
    expect(await pruneRetention(db, rules, clock.now(), { batchSize: 2 })).toEqual({
      transcriptMessages: 0,
      inboundEvents: 0,
      inboundPayloads: 0,
      outboxPayloads: 0,
      jobRuns: 0,
      batches: 0,
    });
    expect(await state()).toEqual(untouched);

    // 15 days on: the quiet chats have been quiet 370 days (> 365), the inbound and outbox rows are 35 days old (> 30), the old runs 95 (> 90)
    clock.advance(15 * DAY_MS);
    const pruned = await pruneRetention(db, rules, clock.now(), { batchSize: 2 });
    expect(pruned).toEqual({
      transcriptMessages: 7,
      inboundEvents: 3,
      inboundPayloads: 1,
      outboxPayloads: 6,
      jobRuns: 2,
      // 2 at a time: 7 messages in 4, 3 events in 2, 1 payload in 1, 6 outbox rows in 3, 2 runs in 1
      batches: 4 + 2 + 1 + 3 + 1,
    });
    expect(await state()).toEqual({
      // a chat with a message within the period keeps all of it; the rows themselves stay
      messages: { 'conv-active': 3, 'conv-empty': 0, 'conv-quiet': 0, 'conv-staff': 0, 'conv-younger': 1 },
      // handled ones go; a dead one stays without its message; failed and running ones are the pipeline's
      events: [
        ['dead-old', 'no payload'],
        ['done-recent', 'no payload'],
        ['failed-old', 'payload'],
        ['received-old', 'payload'],
      ],
      outbox: [
        ['cancelled-1', 'cancelled', 'pruned'],
        ['dead-1', 'dead', 'pruned'],
        ['expired-1', 'expired', 'pruned'],
        ['pending-old', 'pending', 'text'],
        ['sending-old', 'sending', 'text'],
        ['sent-1', 'sent', 'pruned'],
        ['sent-2', 'sent', 'pruned'],
        ['sent-3', 'sent', 'pruned'],
        ['sent-recent', 'sent', 'text'],
      ],
      jobRuns: ['done-recent', 'running-old'],
    });
    // a pruned row keeps what the counts and threads need
    expect(await db.outboxMessage.findUniqueOrThrow({ where: { idempotencyKey: 'sent-1' } })).toMatchObject({
      status: 'sent',
      recipient: 'chat-x',
      sentAt: ago(20),
    });

    // again, or on two instances at once: nothing more, and nothing counted twice
    const after = await state();
    const [a, b] = await Promise.all([pruneRetention(db, rules, clock.now(), { batchSize: 2 }), pruneRetention(db, rules, clock.now(), { batchSize: 2 })]);
    for (const r of [a, b]) expect(r).toMatchObject({ transcriptMessages: 0, inboundEvents: 0, inboundPayloads: 0, outboxPayloads: 0, jobRuns: 0 });
    expect(await state()).toEqual(after);
  });

  it('splits the work between two instances running at once, each row once', async () => {
    const later = new Date(T0.getTime() + 15 * DAY_MS);
    const [a, b] = await Promise.all([pruneRetention(db, rules, later, { batchSize: 2 }), pruneRetention(db, rules, later, { batchSize: 2 })]);
    const sum = (k: 'transcriptMessages' | 'inboundEvents' | 'inboundPayloads' | 'outboxPayloads' | 'jobRuns') => a[k] + b[k];
    expect([sum('transcriptMessages'), sum('inboundEvents'), sum('inboundPayloads'), sum('outboxPayloads'), sum('jobRuns')]).toEqual([7, 3, 1, 6, 2]);
  });

  it("runs as the daily job with the store's rules", async () => {
    const data = demoData();
    const bots = createBots({ data, kb: buildKnowledgeIndex(data) });
    const job = collectJobs(bots, { db, store: TEST_STORE, data, reach: () => true }).find((j) => j.name === 'retention')!;
    expect(job).toMatchObject({ cron: '30 3 * * *' });
    await job.run({ slot: T0, now: new Date(T0.getTime() + 15 * DAY_MS), log: silentLogger });
    expect((await state()).messages).toMatchObject({ 'conv-quiet': 0, 'conv-active': 3 });
    expect(await db.inboundEvent.count({ where: { status: 'done' } })).toBe(1);
  });
});

describe('the privacy notice states the transcript period', () => {
  let t: TestDb;
  afterEach(async () => t.close());

  async function firstReply(data: StoreData, text: string): Promise<string> {
    t = await createTestDb();
    const store = await insertDemoStore(t.db);
    const kb = buildKnowledgeIndex(data);
    const pipeline = new Pipeline({
      db: t.db,
      clock: new ManualClock(T0),
      log: silentLogger,
      store,
      bots: createBots({ data, kb }),
      understand: createUnderstander(data, kb),
    });
    const msg = {
      channel: 'web',
      eventId: 'notice-1',
      chatId: 'visitor-1',
      userId: 'visitor-1',
      side: 'customer',
      kind: 'text',
      text,
      at: T0,
    } as InboundMessage;
    return (await pipeline.handle(msg, { inline: true })).replies[0].text;
  }

  it("from the store's rules, in Chinese and in English", async () => {
    const data = demoData();
    const configured: StoreData = { ...data, salesRules: { ...data.salesRules, retention: { ...data.salesRules.retention, transcriptDays: 180 } } };
    expect(await firstReply(configured, 'E6多少钱')).toContain('聊天记录在最后一条消息后保存 180 天，到期自动删除');
    await t.close();
    expect(await firstReply(configured, 'how much is the E6')).toContain('The chat is kept for 180 days after its last message, then deleted.');
    await t.close();
    expect(await firstReply(data, 'E6多少钱')).toContain('保存 365 天');
  });
});
