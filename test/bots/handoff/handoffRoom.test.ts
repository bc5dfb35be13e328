// The staff room: a customer's request for a person opens a thread there, the customer's
// messages follow in it, a reply in the thread reaches the customer, and a late first
// reply reminds the manager. Driven through the pipeline; Slack's own protocol is covered
// in test/slack.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeIdleHandoffs, remindLateHandoffs } from '../../../src/bots/handoff/handoffTimeoutJob.js';
import type { InboundMessage, OutboundMessage } from '../../../src/core/message.js';
import { insertDemoStore } from '../../helpers/demoStore.js';
import { createTestApp, type TestApp } from '../../helpers/testApp.js';
import { allText, webChat } from '../../helpers/webChat.js';

const NOW = '2026-12-03T10:15:00+08:00';
const ROOM = 'C0HANDOFF';
let n = 0;

function slackThreadText(threadKey: string, userId: string, text: string, at: Date): InboundMessage {
  n += 1;
  return { channel: 'slack', eventId: `Ev${n}`, chatId: `${ROOM}/1700000000.000100`, userId, side: 'staff', kind: 'text', text, threadKey, at };
}

describe('handoff in the staff room', () => {
  let h: TestApp;
  beforeEach(async () => {
    h = await createTestApp({
      now: NOW,
      env: { SLACK_BOT_TOKEN: 'xoxb-test', SLACK_SIGNING_SECRET: 'test-secret', SLACK_HANDOFF_CHANNEL: ROOM },
      prepare: async (t) => {
        await insertDemoStore(t.db);
        // every staff member linked to Slack as U-<staff id>
        for (const s of await t.db.staff.findMany()) await t.db.channelIdentity.create({ data: { channel: 'slack', externalId: `U-${s.id}`, staffId: s.id } });
      },
    });
  });
  afterEach(async () => h.close());

  const roomRows = () => h.t.db.outboxMessage.findMany({ where: { channel: 'slack', recipient: ROOM }, orderBy: { createdAt: 'asc' } });

  it('opens a thread with masked context and a mention, relays both ways, and closes from the thread', async () => {
    const customer = webChat(h, 'customer-2001');
    await customer.say('我想明天下午两点试驾一下E6');
    await customer.say('王小明');
    await customer.say('13812345678');
    await customer.press('td:confirm');
    expect(allText(await customer.say('转人工'))).toContain('正在为您转接人工顾问');

    const [root] = await roomRows();
    const msg = root.payload as unknown as OutboundMessage;
    expect(msg.card?.fields?.find((f) => f.label === '客户')?.value).toMatch(/^王\*\* 138\*{4}5678$/);
    expect(JSON.stringify(msg)).not.toContain('13812345678');
    expect(msg.mentions).toHaveLength(1);
    expect(msg.buttons?.map((b) => b.value)).toEqual([expect.stringMatching(/^handoff:take:/), expect.stringMatching(/^handoff:close:/)]);
    const conv = await h.t.db.conversation.findFirstOrThrow({ where: { chatId: customer.chatId() } });
    expect(conv.handoffThread).toBe(root.idempotencyKey);

    // the customer's next message goes into the thread while they wait
    expect(await customer.say('请问还要等多久')).toEqual([]);
    const relayed = (await roomRows()).at(-1)!;
    expect(relayed.payload).toMatchObject({ text: '请问还要等多久', from: 'customer', thread: root.idempotencyKey });

    // a staff reply in the thread takes the chat and reaches the customer on the web
    await h.app.pipeline.handle(slackThreadText(root.idempotencyKey, 'U-st-03', '您好，我是林晓雯，马上为您安排', h.clock.now()));
    expect(await h.t.db.conversation.findUniqueOrThrow({ where: { id: conv.id } })).toMatchObject({ handoffStatus: 'active', handoffStaffId: 'st-03' });
    await h.app.outbox.tick();
    const seen = (await customer.history()).filter((m) => m.from === 'human').map((m) => m.text);
    expect(seen).toEqual(['您好，我是顾问林晓雯，很高兴为您服务。', '您好，我是林晓雯，马上为您安排']);

    // once taken from the thread, the customer's messages go to the thread only (no duplicate)
    const before = await h.t.db.outboxMessage.count({ where: { channel: 'slack' } });
    await customer.say('好的谢谢');
    expect(await h.t.db.outboxMessage.count({ where: { channel: 'slack' } })).toBe(before + 1);

    await h.app.pipeline.handle(slackThreadText(root.idempotencyKey, 'U-st-03', '结束', h.clock.now()));
    expect((await h.t.db.conversation.findUniqueOrThrow({ where: { id: conv.id } })).handoffStatus).toBe('none');
    await h.app.outbox.tick();
    expect((await customer.history()).at(-1)!.text).toContain('人工服务已结束');
    // a late reply in the closed thread says so and reaches nobody
    const late = await h.app.pipeline.handle(slackThreadText(root.idempotencyKey, 'U-st-03', '还在吗', h.clock.now()), { inline: true });
    expect(allText(late.replies)).toContain('已结束');
  });

  it('reminds the manager once when nobody answers within five minutes of opening hours', async () => {
    const customer = webChat(h, 'customer-2002');
    await customer.say('talk to a person');
    h.clock.advance(4 * 60_000);
    expect(await remindLateHandoffs(h.t.db, h.app.store, { timeZone: 'Asia/Shanghai', open: '09:00', close: '18:00' }, h.clock.now())).toBe(0);
    h.clock.advance(2 * 60_000);
    const hours = { timeZone: 'Asia/Shanghai', open: '09:00', close: '18:00' };
    expect(await remindLateHandoffs(h.t.db, h.app.store, hours, h.clock.now())).toBe(1);
    await remindLateHandoffs(h.t.db, h.app.store, hours, h.clock.now());
    const dms = await h.t.db.outboxMessage.findMany({ where: { channel: 'slack', idempotencyKey: { startsWith: 'notify:handoff:late:' } } });
    expect(dms).toHaveLength(1);
    expect(dms[0].recipient).toMatch(/^U-st-0[26]$/);
    expect((dms[0].payload as unknown as OutboundMessage).text).toMatch(/waited|等待/);
    const inThread = (await roomRows()).filter((r) => r.idempotencyKey.endsWith(':room'));
    expect(inThread).toHaveLength(1);
    expect((inThread[0].payload as unknown as OutboundMessage).mentions).toEqual([dms[0].recipient.slice(2)]);
  });

  it('does not remind outside opening hours, and counts the wait from opening time', async () => {
    h.clock.set(new Date('2026-12-03T22:00:00+08:00'));
    const customer = webChat(h, 'customer-2003');
    await customer.say('转人工');
    const hours = { timeZone: 'Asia/Shanghai', open: '09:00', close: '18:00' };
    h.clock.set(new Date('2026-12-03T23:30:00+08:00'));
    expect(await remindLateHandoffs(h.t.db, h.app.store, hours, h.clock.now())).toBe(0);
    h.clock.set(new Date('2026-12-04T09:03:00+08:00'));
    expect(await remindLateHandoffs(h.t.db, h.app.store, hours, h.clock.now())).toBe(0);
    h.clock.set(new Date('2026-12-04T09:06:00+08:00'));
    expect(await remindLateHandoffs(h.t.db, h.app.store, hours, h.clock.now())).toBe(1);
  });

  it('says in the thread when an idle handoff times out', async () => {
    const customer = webChat(h, 'customer-2004');
    await customer.say('转人工');
    h.clock.advance(31 * 60_000);
    expect(await closeIdleHandoffs(h.t.db, h.clock.now(), 30 * 60_000, h.app.store)).toBe(1);
    const last = (await roomRows()).at(-1)!;
    expect((last.payload as unknown as OutboundMessage).text).toContain('已结束');
  });

  it('notifies the consultant of a booking made by chat and the manager of a complaint', async () => {
    const customer = webChat(h, 'customer-2005');
    await customer.say('上次试驾那个销售一直催我，很烦，我要投诉');
    const complaint = await h.t.db.complaint.findFirstOrThrow();
    const notice = await h.t.db.outboxMessage.findFirstOrThrow({ where: { idempotencyKey: `notify:complaint:${complaint.id}:${complaint.escalatedToId}` } });
    expect(notice.recipient).toBe(`U-${complaint.escalatedToId}`);
    expect((notice.payload as unknown as OutboundMessage).text).toContain(complaint.ref);
    expect((notice.payload as unknown as OutboundMessage).buttons?.[0].value).toBe(`crm:open:${complaint.customerId}`);

    const booker = webChat(h, 'customer-2006');
    await booker.say('我想明天下午两点试驾一下E6');
    await booker.say('李雷');
    await booker.say('13912345678');
    await booker.press('td:confirm');
    const booking = await h.t.db.testDriveBooking.findFirstOrThrow();
    const dm = await h.t.db.outboxMessage.findFirstOrThrow({ where: { idempotencyKey: `notify:td:booked:${booking.id}:${booking.staffId}` } });
    expect(dm.recipient).toBe(`U-${booking.staffId}`);
    expect((dm.payload as unknown as OutboundMessage).text).toMatch(/新的试驾预约：李\* 139\*{4}5678，星耀 E6，12月4日（周五）14:00（来自网页）/);
  });
});
