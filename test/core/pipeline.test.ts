import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fallbackBot } from '../../src/bots/fallback/fallbackBot.js';
import { greetingBot } from '../../src/bots/greeting/greetingBot.js';
import type { Bot } from '../../src/core/bot.js';
import { ManualClock } from '../../src/infra/clock.js';
import { createMetrics } from '../../src/infra/metrics.js';
import { OutboxWorker } from '../../src/core/outbox.js';
import { understand } from '../../src/understanding/nlu/understand.js';
import { Pipeline } from '../../src/core/pipeline.js';
import { customerText, recordingSender, type RecordingSender } from '../helpers/fakeChannel.js';
import { insertMinimalStore } from '../helpers/fixtures.js';
import { silentLogger } from '../helpers/silentLogger.js';
import { createTestDb, type TestDb } from '../helpers/testDb.js';

describe('pipeline through a fake channel', () => {
  let t: TestDb;
  let clock: ManualClock;
  let sender: RecordingSender;
  let outbox: OutboxWorker;
  let calls: string[];

  // Counts turns so a test can tell whether a handler ran twice.
  const counterBot: Bot = {
    name: 'counter',
    sides: ['customer'],
    async handle(ctx) {
      calls.push(ctx.msg.eventId);
      return false;
    },
  };

  async function makePipeline(bots: Bot[]) {
    const store = await insertMinimalStore(t.db);
    const understandText = (text: string, now: Date) => understand(text, { now, timeZone: store.timezone, models: [] });
    return new Pipeline({ db: t.db, clock, log: silentLogger, store, bots, metrics: createMetrics(t.db), understand: understandText });
  }

  beforeEach(async () => {
    t = await createTestDb();
    clock = new ManualClock('2026-12-03T02:15:00Z');
    sender = recordingSender();
    outbox = new OutboxWorker({ db: t.db, clock, log: silentLogger, senders: { telegram: sender } });
    calls = [];
  });
  afterEach(async () => t.close());

  it('greets a new customer in Chinese, records them, and delivers through the outbox', async () => {
    const pipeline = await makePipeline([counterBot, greetingBot, fallbackBot]);
    const result = await pipeline.handle(customerText('你好', clock.now()));
    expect(result.duplicate).toBe(false);
    expect(result.replies[0].text).toContain('测试4S店');
    expect(result.replies[0].buttons?.map((b) => b.value)).toEqual(['book_test_drive', 'faq:models', 'human']);

    const customer = await t.db.customer.findFirstOrThrow({ include: { identities: true } });
    expect(customer.source).toBe('telegram');
    expect(customer.identities[0]).toMatchObject({ channel: 'telegram', externalId: 'user-1' });

    expect(await outbox.tick()).toBe(1);
    expect(sender.sent).toHaveLength(1);
    expect(sender.sent[0].recipient).toBe('chat-1');
    const transcript = await t.db.chatMessage.findMany({ orderBy: { id: 'asc' } });
    expect(transcript.map((m) => [m.direction, m.author])).toEqual([
      ['in', 'customer'],
      ['out', 'bot'],
    ]);
  });

  it('answers in the language the customer wrote in, and keeps it for wordless messages', async () => {
    const pipeline = await makePipeline([greetingBot, fallbackBot]);
    const en = await pipeline.handle(customerText('hello', clock.now()));
    expect(en.replies[0].text).toMatch(/^Hello and welcome to Test 4S Store/);
    const emoji = await pipeline.handle(customerText('👍', clock.now()));
    expect(emoji.replies[0].text).toMatch(/^Sorry, I can't answer that yet/);
    const zh = await pipeline.handle(customerText('E6多少钱', clock.now()));
    expect(zh.replies[0].text).toMatch(/^抱歉/);
  });

  it('runs a redelivered event once', async () => {
    const pipeline = await makePipeline([counterBot, greetingBot, fallbackBot]);
    const msg = customerText('你好', clock.now());
    const first = await pipeline.handle(msg);
    const again = await pipeline.handle({ ...msg });
    const concurrent = await Promise.all([pipeline.handle({ ...msg }), pipeline.handle({ ...msg })]);
    expect(first.duplicate).toBe(false);
    expect(again.duplicate).toBe(true);
    expect(concurrent.every((r) => r.duplicate)).toBe(true);
    expect(calls).toEqual([msg.eventId]);
    expect(await t.db.outboxMessage.count()).toBe(1);
    expect(await t.db.inboundEvent.count()).toBe(1);
  });

  it('isolates a failing bot: the customer gets an apology and the next turn works', async () => {
    let explode = true;
    const flaky: Bot = {
      name: 'flaky',
      sides: ['customer'],
      async handle() {
        if (explode) throw new Error('database hiccup');
        return false;
      },
    };
    const pipeline = await makePipeline([flaky, greetingBot, fallbackBot]);
    const broken = await pipeline.handle(customerText('你好', clock.now()));
    expect(broken.replies[0].text).toContain('系统开了个小差');
    explode = false;
    const ok = await pipeline.handle(customerText('你好', clock.now()));
    expect(ok.replies[0].text).toContain('欢迎');
  });

  it('answers an unknown staff user with an explanation and no data', async () => {
    const pipeline = await makePipeline([greetingBot, fallbackBot]);
    const res = await pipeline.handle(customerText('hello', clock.now(), { side: 'staff', channel: 'slack', userId: 'U-unknown' }));
    expect(res.replies).toHaveLength(1);
    expect(res.replies[0].text).toMatch(/couldn't find your staff record/);
    expect(await t.db.customer.count()).toBe(0);
  });

  it("lists the staff role's tools for a staff member on the web chat", async () => {
    const pipeline = await makePipeline([greetingBot, fallbackBot]);
    const res = await pipeline.handle(
      customerText('帮助', clock.now(), { channel: 'web', side: 'staff', staffId: 'st-m', userId: 'staff:st-m', chatId: 's:st-m:abc' }),
      { inline: true },
    );
    expect(res.replies[0].text).toContain('陈思远');
    expect(res.replies[0].text).toContain('团队看板');
    expect(await t.db.outboxMessage.count()).toBe(0);
  });

  it('saves conversation state with a version and lets it expire', async () => {
    const seen: unknown[] = [];
    const stateful: Bot = {
      name: 'stateful',
      sides: ['customer'],
      async handle(ctx) {
        seen.push(ctx.state.step ?? null);
        ctx.setState({ step: Number(ctx.state.step ?? 0) + 1 }, 60_000);
        ctx.reply({ text: 'ok' });
        return true;
      },
    };
    const pipeline = await makePipeline([stateful]);
    await pipeline.handle(customerText('a', clock.now()));
    await pipeline.handle(customerText('b', clock.now()));
    clock.advance(61_000);
    await pipeline.handle(customerText('c', clock.now()));
    expect(seen).toEqual([null, 1, null]);
    const conv = await t.db.conversation.findFirstOrThrow();
    expect(conv.stateVersion).toBe(3);
  });
});
