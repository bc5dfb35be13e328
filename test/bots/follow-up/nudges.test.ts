// Nudges to consultants and after-sale messages to customers: batching, quiet hours, no
// repeats, opt-outs, WeChat's 48-hour window, snooze and the customer's rating.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFollowUpBot } from '../../../src/bots/follow-up/followUpBot.js';
import { sendAfterSaleMessages } from '../../../src/bots/follow-up/sendAfterSaleMessages.js';
import { sendNudges } from '../../../src/bots/follow-up/sendNudges.js';
import { canReachOnWechat } from '../../../src/channels/wechat/createWechatChannel.js';
import type { TurnContext } from '../../../src/core/bot.js';
import { fill } from '../../../src/core/i18n.js';
import type { OutboundMessage } from '../../../src/core/message.js';
import { DEFAULT_SALES_RULES as R } from '../../../src/sales/salesRules.js';
import { insertMinimalStore, TEST_STORE } from '../../helpers/fixtures.js';
import { silentLogger } from '../../helpers/silentLogger.js';
import { createTestDb, type TestDb } from '../../helpers/testDb.js';

const HOUR = 3_600_000;
const NOW = new Date('2026-12-03T10:00:00+08:00');
const scope = { storeId: TEST_STORE.id, timeZone: TEST_STORE.timezone };
// reachability as the service has it: WeChat's rule from the WeChat channel, the others always
const reach = (conv: { channel: string; lastInboundAt: Date | null }, now: Date) => conv.channel !== 'wechat' || canReachOnWechat(conv, now);
const store = { ...scope, nameZh: TEST_STORE.nameZh, nameEn: TEST_STORE.nameEn, salesPhone: '021-5888 6600', reach };

describe('nudges and after-sale messages', () => {
  let t: TestDb;
  beforeEach(async () => {
    t = await createTestDb();
    await insertMinimalStore(t.db);
    await t.db.channelIdentity.create({ data: { channel: 'slack', externalId: 'U-C', staffId: 'st-c' } });
  });
  afterEach(async () => t.close());

  async function tasks(n: number, dueFrom = NOW) {
    for (let i = 1; i <= n; i++) {
      await t.db.customer.create({ data: { id: `c${i}`, storeId: TEST_STORE.id, name: `王${i}`, grade: 'A', ownerId: 'st-c', source: 'walk_in' } });
      await t.db.followUpTask.create({
        data: { id: `t${i}`, customerId: `c${i}`, staffId: 'st-c', kind: 'follow_up', dueAt: new Date(dueFrom.getTime() + i * 5 * 60_000) },
      });
    }
  }
  const outbox = () => t.db.outboxMessage.findMany({ where: { recipient: 'U-C' }, orderBy: { createdAt: 'asc' } });

  it('batches what is coming due into one message per consultant, with buttons, and never repeats an item', async () => {
    await tasks(10);
    expect(await sendNudges(t.db, scope, R, NOW, 'slot-1')).toEqual({ messages: 1, items: 8, downgrades: 0 });
    const [msg] = await outbox();
    const m = msg.payload as unknown as OutboundMessage;
    expect(m.text.split('\n')[0]).toBe('接下来要联系的客户（10）：');
    expect(m.text).toContain('1. 10:05 王*（A级）· 跟进');
    expect(m.text).toContain('……另有 2 条');
    expect(m.buttons).toHaveLength(32);
    expect(m.buttons!.slice(0, 4).map((b) => b.value)).toEqual(['fu:done:t1', 'fu:snooze:t1:1d', 'crm:regrade:c1', 'crm:open:c1']);
    // the same slot again: nothing new; the next slot: only the two not shown yet
    expect(await sendNudges(t.db, scope, R, NOW, 'slot-1')).toEqual({ messages: 0, items: 0, downgrades: 0 });
    expect(await sendNudges(t.db, scope, R, new Date(NOW.getTime() + HOUR), 'slot-2')).toEqual({ messages: 1, items: 2, downgrades: 0 });
    expect(await sendNudges(t.db, scope, R, new Date(NOW.getTime() + 2 * HOUR), 'slot-3')).toEqual({ messages: 0, items: 0, downgrades: 0 });
    expect(await outbox()).toHaveLength(2);
  });

  it('stays silent in quiet hours and outside working hours', async () => {
    await tasks(2, new Date('2026-12-03T21:30:00+08:00'));
    expect(await sendNudges(t.db, scope, R, new Date('2026-12-03T21:30:00+08:00'), 's')).toEqual({ messages: 0, items: 0, downgrades: 0 });
    expect(await sendNudges(t.db, scope, R, new Date('2026-12-03T20:30:00+08:00'), 's2')).toEqual({ messages: 0, items: 0, downgrades: 0 });
    expect(await sendAfterSaleMessages(t.db, store, R, new Date('2026-12-03T22:00:00+08:00'))).toEqual({ sent: 0, calls: 0 });
    expect(await outbox()).toHaveLength(0);
  });

  it("snoozes a task by a day from the nudge's button, and offers the log form for done", async () => {
    await tasks(1);
    const bot = createFollowUpBot({ rules: R });
    const staff = await t.db.staff.findUniqueOrThrow({ where: { id: 'st-c' } });
    const replies: OutboundMessage[] = [];
    const ctx = (action: string) =>
      ({
        msg: { channel: 'slack', eventId: 'e', chatId: 'U-C', userId: 'U-C', side: 'staff', kind: 'button', action, at: NOW },
        lang: 'zh',
        actor: { kind: 'staff', staff },
        store: TEST_STORE,
        db: t.db,
        log: silentLogger,
        now: NOW,
        reply: (m: OutboundMessage) => replies.push(m),
        say: (text: { zh: string; en: string }, p?: Record<string, string | number>) => fill('zh', text, p),
      }) as unknown as TurnContext;
    expect(await bot.handle(ctx('fu:snooze:t1:1d'))).toBe(true);
    expect(replies.at(-1)!.text).toBe('已推迟到 2026-12-04 10:05。');
    expect((await t.db.followUpTask.findUniqueOrThrow({ where: { id: 't1' } })).dueAt.toISOString()).toBe('2026-12-04T02:05:00.000Z');
    expect(await bot.handle(ctx('fu:done:t1'))).toBe(true);
    expect(replies.at(-1)!.buttons).toEqual([{ label: '记录结果', value: 'crm:log:c1' }]);
    expect(await bot.handle(ctx('crm:open:c1'))).toBe(false);
  });

  async function owner(id: string, channel: string, lastInboundHoursAgo: number, extra: Record<string, unknown> = {}, lang = 'zh') {
    await t.db.customer.create({ data: { id, storeId: TEST_STORE.id, name: `车主${id}`, grade: 'O', ownerId: 'st-c', source: channel, ...extra } });
    await t.db.conversation.create({
      data: { channel, chatId: `chat-${id}`, customerId: id, lang, lastInboundAt: new Date(NOW.getTime() - lastInboundHoursAgo * HOUR) },
    });
    await t.db.order.create({
      data: {
        id: `o-${id}`,
        customerId: id,
        staffId: 'st-c',
        modelId: 'm',
        priceCny: 1,
        status: 'delivered',
        orderedAt: new Date(NOW.getTime() - 30 * 24 * HOUR),
        deliveredAt: new Date('2026-11-30T15:00:00+08:00'),
      },
    });
    await t.db.followUpTask.create({
      data: {
        id: `rv-${id}`,
        customerId: id,
        staffId: 'st-c',
        kind: 'return_visit',
        reason: 'day_3',
        dueAt: new Date('2026-12-03T10:00:00+08:00'),
        dedupeKey: `return_visit:o-${id}:d3`,
      },
    });
  }

  it('asks owners on their own channel in their language; not opted-out ones; WeChat outside 48 h becomes a call task', async () => {
    await owner('a', 'telegram', 200, {}, 'en');
    await owner('b', 'wechat', 10);
    await owner('c', 'wechat', 49);
    await owner('d', 'telegram', 1, { optOutAt: new Date(NOW.getTime() - HOUR) });
    expect(await sendAfterSaleMessages(t.db, store, R, NOW)).toEqual({ sent: 2, calls: 1 });
    const sent = await t.db.outboxMessage.findMany({ where: { idempotencyKey: { startsWith: 'aftersale:' } }, orderBy: { recipient: 'asc' } });
    expect(sent.map((s) => [s.channel, s.recipient])).toEqual([
      ['telegram', 'chat-a'],
      ['wechat', 'chat-b'],
    ]);
    const en = sent[0].payload as unknown as OutboundMessage;
    expect(en.text).toMatch(/You have had your new car for 3 day\(s\)/);
    expect(en.buttons!.map((b) => b.value)).toEqual([1, 2, 3, 4, 5].map((n) => `fu:rv:rv-a:${n}`));
    expect((sent[1].payload as unknown as OutboundMessage).text).toMatch(/新车用了 3 天/);
    expect(await t.db.followUpTask.findUniqueOrThrow({ where: { dedupeKey: 'call:rv-c' } })).toMatchObject({
      kind: 'follow_up',
      staffId: 'st-c',
      customerId: 'c',
    });
    // asked once
    expect(await sendAfterSaleMessages(t.db, store, R, new Date(NOW.getTime() + HOUR))).toEqual({ sent: 0, calls: 0 });

    // the owner rates 2: recorded, the task done, the consultant told
    const bot = createFollowUpBot({ rules: R });
    const customer = await t.db.customer.findUniqueOrThrow({ where: { id: 'a' } });
    const replies: OutboundMessage[] = [];
    const ctx = {
      msg: { channel: 'telegram', eventId: 'e', chatId: 'chat-a', userId: 'u', side: 'customer', kind: 'button', action: 'fu:rv:rv-a:2', at: NOW },
      lang: 'en',
      actor: { kind: 'customer', customer },
      store: TEST_STORE,
      db: t.db,
      log: silentLogger,
      now: NOW,
      reply: (m: OutboundMessage) => replies.push(m),
      say: (text: { zh: string; en: string }, p?: Record<string, string | number>) => fill('en', text, p),
    } as unknown as TurnContext;
    expect(await bot.handle(ctx)).toBe(true);
    expect(replies[0].text).toMatch(/Sorry/);
    expect(await t.db.followUpTask.findUniqueOrThrow({ where: { id: 'rv-a' } })).toMatchObject({ status: 'done', outcome: 'issue_noted' });
    expect((await t.db.interaction.findFirstOrThrow({ where: { type: 'return_visit' } })).detail).toEqual({ orderId: 'o-a', day: 3, satisfaction: 2 });
    expect((await outbox()).map((o) => (o.payload as unknown as OutboundMessage).text)).toEqual(['车** 交车后第 3 天回访：2 分']);
  });
});
