// A deletion request leaves no trace of the customer's name or phone anywhere in the store:
// a WeChat customer who booked a test drive, complained (and got a resolution), asked for a
// person (relayed to the staff room and to a consultant's DM, who wrote back), and about
// whom staff took notes, planned a follow-up naming them, regraded them with a reason, had
// a lost deal approved with the consultant's words, and asked the coach by name; with
// notices pending and sent, a WeChat reply that missed the passive answer, and an inbound
// event still holding their message. Erased by their own "delete my data" in the chat, and
// by a manager from the CRM. Then every column of every table (read from sqlite_master,
// so a table added later is scanned too) is searched for the name and the phone. Another
// customer's data stays as it was.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Prisma } from '../../../src/generated/prisma/client.js';
import { enqueueOutbound } from '../../../src/core/outbox.js';
import type { InboundMessage } from '../../../src/core/message.js';
import type { Db } from '../../../src/store/createPrisma.js';
import { startStoreChat, textOf, type StoreChat } from '../../helpers/storeChat.js';
import { testEngine } from '../../helpers/testDb.js';

const NOW = '2026-12-03T10:15:00+08:00'; // Thursday
const ROOM = 'C0HANDOFF';
const NAME = '王小明';
const PHONE = '138 1234 5678';
const OPENID = 'oWX_wangxiaoming_0001';
const OTHER = { name: '李四海', phone: '13900002222', chatId: 'visitor-lisihai' };

/** Every (table, column) whose text holds one of the needles, over every table the store has. */
async function findInEveryTable(db: Db, needles: string[]): Promise<string[]> {
  return testEngine() === 'postgres' ? findInEveryPostgresTable(db, needles) : findInEverySqliteTable(db, needles);
}

async function findInEverySqliteTable(db: Db, needles: string[]): Promise<string[]> {
  const tables = await db.$queryRaw<{ name: string }[]>`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`;
  const hits = new Set<string>();
  for (const { name: table } of tables) {
    const columns = await db.$queryRawUnsafe<{ name: string; type: string }[]>(`PRAGMA table_info("${table}")`);
    for (const { name: column } of columns) {
      for (const needle of needles) {
        const [{ n }] = await db.$queryRawUnsafe<{ n: number | bigint }[]>(
          `SELECT COUNT(*) AS n FROM "${table}" WHERE instr(CAST("${column}" AS TEXT), ?) > 0`,
          needle,
        );
        if (Number(n) > 0) hits.add(`${table}.${column}`);
      }
    }
  }
  return [...hits].sort();
}

async function findInEveryPostgresTable(db: Db, needles: string[]): Promise<string[]> {
  const columns = await db.$queryRaw<{ t: string; c: string }[]>`
    SELECT table_name::text AS t, column_name::text AS c FROM information_schema.columns WHERE table_schema = 'public'`;
  const hits = new Set<string>();
  for (const { t: table, c: column } of columns) {
    for (const needle of needles) {
      const [{ n }] = await db.$queryRawUnsafe<{ n: number | bigint }[]>(
        `SELECT COUNT(*) AS n FROM "${table}" WHERE strpos(CAST("${column}" AS TEXT), $1) > 0`,
        needle,
      );
      if (Number(n) > 0) hits.add(`${table}.${column}`);
    }
  }
  return [...hits].sort();
}

let seq = 0;
const countBy = (xs: string[]) => Object.fromEntries([...new Set(xs)].sort().map((x) => [x, xs.filter((y) => y === x).length]));

describe('erasing a customer leaves no trace of their name or phone', () => {
  let h: StoreChat;
  let db: Db;
  const staffSay = (user: string, text: string) => h.staff(user).say(text);
  const staffPress = (user: string, action: string) => h.staff(user).press(action);
  const submit = async (user: string, id: string, values: Record<string, string>, meta?: string) =>
    (
      await h.pipeline.handle(
        {
          channel: 'slack',
          eventId: `erase-form-${++seq}`,
          chatId: `D${user}`,
          userId: user,
          side: 'staff',
          kind: 'form',
          form: { id, values, meta },
          at: h.clock.now(),
        } as InboundMessage,
        { inline: true },
      )
    ).replies;
  /** What the outbox does once it has delivered the rows due now. */
  const deliverDue = () =>
    db.outboxMessage.updateMany({ where: { status: 'pending', nextAttemptAt: { lte: h.clock.now() } }, data: { status: 'sent', sentAt: h.clock.now() } });

  beforeEach(async () => {
    h = await startStoreChat({ now: NOW, staff: ['01', '02', '03', '04', '05', '06', '07', '08', '09'] });
    db = h.db;
    // the staff room, as SLACK_HANDOFF_CHANNEL sets it (the pipeline reads this same StoreInfo)
    h.store.staffRoom = { channel: 'slack', chatId: ROOM };
  });
  afterEach(async () => h.close());

  async function buildCustomerEverywhere() {
    const wx = h.customer('wechat', OPENID);
    // a booking, given their name and phone
    await wx.say('我想明天下午两点试驾一下E6');
    await wx.say(NAME);
    await wx.say(PHONE);
    expect(textOf(await wx.press('td:confirm'))).toContain('预约成功');
    const customer = await db.customer.findFirstOrThrow({ where: { name: NAME } });
    const owner = customer.ownerId!;
    const ownerUser = `U${owner.slice(3)}`;
    // a complaint that names them; the manager's resolution quotes them
    expect(textOf(await wx.say(`我是${NAME}，上次那个销售一直催我，很烦，我要投诉`))).toContain('投诉已登记');
    await db.complaint.updateMany({
      where: { customerId: customer.id },
      data: { status: 'resolved', resolution: `已致电${NAME}（${PHONE}）道歉`, resolvedAt: h.clock.now() },
    });
    // notices so far delivered
    await deliverDue();

    // a person, please: the staff room's thread, then a consultant takes it in their DM
    await wx.say('转人工');
    await wx.say(`我是${NAME}，电话${PHONE}，请尽快联系`);
    // the other customer waits too: the queue the consultant reads lists both
    await h.customer('web', OTHER.chatId).say('转人工');
    const conv = await db.conversation.findFirstOrThrow({ where: { channel: 'wechat', chatId: OPENID } });
    const queue = (await staffSay(ownerUser, '队列')).flatMap((r) => r.buttons ?? []).map((b) => b.value);
    expect(queue.filter((v) => v.startsWith('handoff:take:'))).toHaveLength(2);
    await staffPress(ownerUser, `handoff:take:${conv.id}`);
    await deliverDue();
    await wx.say(`${NAME}还在等，${PHONE}`); // relayed to the DM and the room, still pending

    // staff about them: a note, a follow-up whose reason names them, a regrade with a reason, the coach
    await submit('U01', 'crm.note', { customer: PHONE.replace(/\D/g, '').slice(-4), note: `${NAME}说太贵，${PHONE} 周末再打` });
    await submit('U01', 'crm.followup', { date: '2026-12-05', time: '10:30', note: `提醒${NAME}带驾照` }, customer.id);
    await submit('U01', 'crm.regrade', { grade: 'B', reason: `${NAME}说下月再买` }, customer.id);
    // the consultant in the chat writes to them (relayed), the manager asks the coach about them by name
    await staffSay(ownerUser, `${NAME}您好，我们周末有活动`);
    await staffSay('U01', `${NAME}说太贵了，怎么回`);
    // the consultant asks to mark the deal lost, in their words; the manager approves
    const lostAsk = await submit(ownerUser, 'crm.log', { outcome: 'lost', lostReason: 'bought_competitor', lostText: `${NAME}买了别家` }, customer.id);
    expect(textOf(lostAsk)).toContain('审批');
    const task = await db.followUpTask.findFirstOrThrow({ where: { customerId: customer.id, kind: 'lost_approval' } });
    const approver = `U${task.staffId!.slice(3)}`;
    await staffPress(approver, `crm:lost:approve:${task.id}`);
    expect((await db.customer.findUniqueOrThrow({ where: { id: customer.id } })).lostReason).toContain(NAME);

    // a WeChat turn that missed the passive answer goes out late, addressed to the openid only
    await enqueueOutbound(
      db,
      { idempotencyKey: 'reply:wechat:late-1:0', channel: 'wechat', recipient: OPENID, message: { text: `${NAME}您好，您的试驾已确认，联系电话 ${PHONE}` } },
      h.clock.now(),
    );
    // an inbound event whose turn failed: it still holds the message
    await db.inboundEvent.create({
      data: {
        channel: 'wechat',
        eventId: 'msg-failed-1',
        status: 'failed',
        attempts: 1,
        receivedAt: h.clock.now(),
        payload: {
          channel: 'wechat',
          eventId: 'msg-failed-1',
          chatId: OPENID,
          userId: OPENID,
          side: 'customer',
          kind: 'text',
          text: `我叫${NAME}，${PHONE}`,
          at: h.clock.now().toISOString(),
        },
      },
    });
    return { wx, customer, owner, ownerUser };
  }

  /** The other customer's rows, as they are: compared before and after the erase. */
  async function snapshotOf(customerId: string) {
    const conversations = await db.conversation.findMany({ where: { customerId }, include: { messages: { orderBy: { id: 'asc' } } }, orderBy: { id: 'asc' } });
    const convIds = conversations.map((c) => c.id);
    const byKey = [customerId, ...convIds].map((id) => ({ idempotencyKey: { contains: id } }));
    const bookings = await db.testDriveBooking.findMany({ where: { customerId }, orderBy: { id: 'asc' } });
    return {
      customer: await db.customer.findUniqueOrThrow({ where: { id: customerId } }),
      identities: await db.channelIdentity.findMany({ where: { customerId }, orderBy: { id: 'asc' } }),
      conversations,
      bookings,
      complaints: await db.complaint.findMany({ where: { customerId }, orderBy: { id: 'asc' } }),
      tasks: await db.followUpTask.findMany({ where: { customerId }, orderBy: { id: 'asc' } }),
      interactions: await db.interaction.findMany({ where: { customerId }, orderBy: { id: 'asc' } }),
      outbox: await db.outboxMessage.findMany({
        where: { OR: [{ conversationId: { in: convIds } }, ...bookings.map((b) => ({ idempotencyKey: { contains: b.id } })), ...byKey] },
        orderBy: { id: 'asc' },
      }),
      inbound: await db.inboundEvent.findMany({ where: { eventId: { startsWith: 'other-' } } }),
    };
  }

  async function buildOtherCustomer() {
    const web = h.customer('web', OTHER.chatId);
    await web.say('我想明天下午三点试驾一下E6');
    await web.say(OTHER.name);
    await web.say(OTHER.phone);
    expect(textOf(await web.press('td:confirm'))).toContain('预约成功');
    expect(textOf(await web.say(`我是${OTHER.name}，你们的销售态度太差了，我要投诉`))).toContain('投诉已登记');
    await db.inboundEvent.create({
      data: {
        channel: 'web',
        eventId: 'other-failed-1',
        status: 'failed',
        attempts: 1,
        receivedAt: h.clock.now(),
        payload: {
          channel: 'web',
          eventId: 'other-failed-1',
          chatId: OTHER.chatId,
          userId: OTHER.chatId,
          side: 'customer',
          kind: 'text',
          text: `${OTHER.name} ${OTHER.phone}`,
          at: h.clock.now().toISOString(),
        },
      },
    });
    return (await db.customer.findFirstOrThrow({ where: { name: OTHER.name } })).id;
  }

  /** Their outbox rows, before the erase: anything whose key, address or text carried them. */
  async function outboxRowsOf(customerId: string) {
    const conv = await db.conversation.findFirstOrThrow({ where: { channel: 'wechat', chatId: OPENID } });
    const marks = [
      customerId,
      conv.id,
      OPENID,
      NAME,
      PHONE.replace(/\D/g, ''),
      ...(await db.testDriveBooking.findMany({ where: { customerId } })).map((b) => b.id),
      ...(await db.complaint.findMany({ where: { customerId } })).map((c) => c.id),
    ];
    return (await db.outboxMessage.findMany()).filter((r) => marks.some((m) => JSON.stringify(r).includes(m)));
  }

  async function expectErasedEverywhere(s: Awaited<ReturnType<typeof setUp>>) {
    const customerId = s.customer.id;
    // nothing anywhere: not the name, not the phone as stored or as typed, not its digits
    expect(await findInEveryTable(db, [NAME, PHONE, PHONE.replace(/\D/g, ''), PHONE.replace(/\D/g, '').slice(-8)])).toEqual([]);

    const customer = await db.customer.findUniqueOrThrow({ where: { id: customerId } });
    expect(customer).toMatchObject({ name: null, phone: null, verifiedPhone: null, notes: null, lostReason: 'bought_competitor', grade: 'F' });
    expect(customer.anonymisedAt).toEqual(h.clock.now());
    // the funnel still counts that a lead came and booked: the events stay, all of them
    expect(customer.leadAt).not.toBeNull();
    expect(await db.testDriveBooking.count({ where: { customerId } })).toBe(1);
    const types = (await db.interaction.findMany({ where: { customerId }, select: { type: true } })).map((i) => i.type);
    expect(countBy(types)).toEqual(s.interactionTypes);
    // staff's words about them are gone, the facts stay
    const regrade = await db.interaction.findFirstOrThrow({ where: { customerId, type: 'grade_change' } });
    expect(regrade.detail).toMatchObject({ to: 'B', deleted: true });
    expect(regrade.detail).not.toHaveProperty('reason');
    expect((await db.interaction.findFirstOrThrow({ where: { customerId, type: 'lost' } })).detail).toMatchObject({ reason: 'bought_competitor' });
    const reasons = (await db.followUpTask.findMany({ where: { customerId } })).map((t) => [t.kind, t.reason]);
    expect(reasons).toEqual(
      expect.arrayContaining([
        ['test_drive_prep', 'test drive e6'],
        ['follow_up', null],
      ]),
    );
    const lostTask = await db.followUpTask.findFirstOrThrow({ where: { customerId, kind: 'lost_approval' } });
    expect(JSON.parse(lostTask.reason!)).toMatchObject({ reason: 'bought_competitor', text: null });
    expect(await db.complaint.findFirstOrThrow({ where: { customerId } })).toMatchObject({
      text: expect.stringContaining('已应客户要求删除'),
      resolution: expect.stringContaining('deleted at the customer'),
      status: 'resolved',
    });

    // the chat: no transcript, no platform id, no handoff
    const conv = await db.conversation.findUniqueOrThrow({ where: { id: s.conversationId } });
    expect(conv).toMatchObject({ chatId: `erased:${conv.id}`, customerId: null, handoffStatus: 'none', handoffRelay: null, handoffThread: null });
    expect(await db.conversation.count({ where: { chatId: OPENID } })).toBe(0);

    // the outbox: nothing of theirs goes out any more, and what went keeps no text
    for (const before of s.outbox) {
      const row = await db.outboxMessage.findUniqueOrThrow({ where: { id: before.id } });
      expect(row.status, row.idempotencyKey).toBe(before.status === 'pending' ? 'cancelled' : before.status);
      expect(row.payload, row.idempotencyKey).toEqual({ text: '［已应客户要求删除 / deleted at the customer’s request］' });
      // addressed to their chat: not to the openid any more; the staff room and DMs keep theirs
      expect(row.recipient, row.idempotencyKey).toBe(before.recipient === OPENID ? `erased:${before.conversationId ?? customerId}` : before.recipient);
    }
    expect(await db.outboxMessage.count({ where: { recipient: OPENID } })).toBe(0);

    // the failed inbound event holds no message any more
    expect((await db.inboundEvent.findUniqueOrThrow({ where: { channel_eventId: { channel: 'wechat', eventId: 'msg-failed-1' } } })).payload).toBeNull();

    // the queue the consultant read listed both: the other customer's button stays, theirs goes
    const queue = (await db.chatMessage.findMany({ where: { payload: { not: Prisma.DbNull } } })).filter((m) =>
      JSON.stringify(m.payload).includes('handoff:take:'),
    );
    expect(queue).toHaveLength(1);
    expect(JSON.stringify(queue[0].payload)).not.toContain(`handoff:take:${conv.id}`);
    expect(JSON.stringify(queue[0].payload)).toContain(`handoff:take:${s.otherConversationId}`);
    expect(queue[0].text).toMatch(/李\*\* 139\*{4}2222/);

    // and the other customer is as they were
    expect(await snapshotOf(s.otherId)).toEqual(s.otherBefore);
    expect(await findInEveryTable(db, [OTHER.name, OTHER.phone])).toEqual(
      expect.arrayContaining(['ChatMessage.text', 'Complaint.text', 'Customer.name', 'Customer.phone', 'InboundEvent.payload']),
    );
  }

  async function setUp() {
    const otherId = await buildOtherCustomer();
    const built = await buildCustomerEverywhere();
    const customerId = built.customer.id;
    // before: the name and phone really are in all these places
    expect(await findInEveryTable(db, [NAME, PHONE.replace(/\D/g, '')])).toEqual(
      expect.arrayContaining([
        'ChatMessage.payload',
        'ChatMessage.text',
        'Complaint.resolution',
        'Complaint.text',
        'Customer.lostReason',
        'Customer.name',
        'Customer.phone',
        'FollowUpTask.reason',
        'InboundEvent.payload',
        'Interaction.detail',
        'OutboxMessage.payload',
      ]),
    );
    const outbox = await outboxRowsOf(customerId);
    // every kind of row about them, pending and sent: reminders to them, notices naming them,
    // the room's thread and its relays, the DM relay, the adviser's reply, the late WeChat reply
    // (keys without their last part, the staff member or the event; ids as <id>)
    const kinds = outbox.map((r) => `${r.idempotencyKey.replace(/:[^:]*$/, '').replace(/c[a-z0-9]{24}/g, '<id>')} ${r.status}`);
    expect(kinds).toEqual(
      expect.arrayContaining([
        'td:<id> pending',
        'notify:td:booked:<id> sent',
        'notify:complaint:<id> sent',
        'handoff:room:<id> sent',
        'relay:room:wechat sent',
        'relay:room:wechat pending',
        'relay:to-staff:<id>:wechat pending',
        'handoff:join:<id> sent',
        'relay:slack pending',
        'notify:crm:lost:<id> pending',
        'notify:crm:lost:approved:<id> pending',
        'reply:wechat:late-1 pending',
      ]),
    );
    const interactionTypes = countBy((await db.interaction.findMany({ where: { customerId }, select: { type: true } })).map((i) => i.type));
    expect(Object.keys(interactionTypes)).toEqual(expect.arrayContaining(['appointment', 'complaint', 'chat', 'note', 'grade_change', 'lost']));
    const conversationId = (await db.conversation.findFirstOrThrow({ where: { channel: 'wechat', chatId: OPENID } })).id;
    const otherConversationId = (await db.conversation.findFirstOrThrow({ where: { customerId: otherId } })).id;
    return { ...built, otherId, otherBefore: await snapshotOf(otherId), outbox, interactionTypes, conversationId, otherConversationId };
  }

  it("at the customer's own request in the chat", async () => {
    const s = await setUp();
    h.clock.advance(60_000);
    expect(textOf(await s.wx.say('删除我的信息'))).toContain('确定要删除');
    expect(textOf(await s.wx.press('privacy:delete'))).toContain('已删除');
    await expectErasedEverywhere(s);
    expect(await db.auditLog.findFirstOrThrow({ where: { action: 'customer.anonymised' } })).toMatchObject({ actorType: 'customer', subjectId: s.customer.id });
  });

  it("at a manager's erase from the CRM", async () => {
    const s = await setUp();
    h.clock.advance(60_000);
    const done = await submit('U01', 'crm.erase', { channel: 'in_writing', confirm: '1234' }, s.customer.id);
    expect(textOf(done)).toContain('已按客户申请');
    await expectErasedEverywhere(s);
    const audit = await db.auditLog.findFirstOrThrow({ where: { action: 'customer.anonymised' } });
    expect(audit).toMatchObject({ actorType: 'staff', actorId: 'st-01', subjectId: s.customer.id });
    // counts only
    expect(Object.values(audit.detail as Record<string, unknown>).every((v) => typeof v === 'number')).toBe(true);
  });
});
