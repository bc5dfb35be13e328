// A phone typed in a chat is the visitor's word only: it lands on their own record
// (flagged when another customer has it), never opens the other customer's bookings or
// data; a Telegram contact shared from the user's own account is proof, and merges into
// the customer already holding that proven phone. Phones read back to a customer are
// masked except the one they just gave. End to end through the pipeline and the bots.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Customer } from '../../../src/generated/prisma/client.js';
import { bookTestDrive } from '../../../src/sales/testDrives/testDriveBookings.js';
import { rulesFromProfile } from '../../../src/sales/testDrives/testDriveRules.js';
import { demoData } from '../../helpers/demoStore.js';
import { buttonsOf, cardOf, startStoreChat, textOf, type StoreChat } from '../../helpers/storeChat.js';

const NOW = '2026-12-03T10:15:00+08:00'; // Thursday
const VICTIM_PHONE = '13812345678';
const rules = rulesFromProfile(demoData().testDrive, 'Asia/Shanghai');

describe('a phone typed in a chat', () => {
  let h: StoreChat;
  let victim: Customer;
  beforeEach(async () => {
    h = await startStoreChat({ now: NOW });
    // a customer the store has: entered by staff (phone proven), with a test drive on Saturday
    victim = await h.db.customer.create({
      data: {
        storeId: h.store.id,
        name: '王小明',
        phone: VICTIM_PHONE,
        verifiedPhone: VICTIM_PHONE,
        source: 'walk_in',
        grade: 'A',
        ownerId: 'st-03',
        createdAt: new Date('2026-11-20T02:00:00Z'),
        leadAt: new Date('2026-11-20T02:00:00Z'),
      },
    });
    const booked = await bookTestDrive(h.db, {
      customerId: victim.id,
      modelId: 'x5',
      date: '2026-12-05',
      time: '10:00',
      rules,
      now: h.clock.now(),
      staffId: 'st-03',
    });
    expect(booked.ok).toBe(true);
  });
  afterEach(async () => h.close());

  async function visitorBooksWithVictimsPhone(visitor = h.customer('web', 'visitor-1')) {
    expect(textOf(await visitor.say('我想明天下午两点试驾一下E6'))).toContain('怎么称呼');
    expect(textOf(await visitor.say('李四'))).toContain('手机号');
    const summary = await visitor.say(VICTIM_PHONE);
    // the summary reads back what the visitor typed, and nothing of the other customer's
    expect(cardOf(summary)).toMatchObject({ 姓名: '李四', 电话: VICTIM_PHONE });
    expect(textOf(summary) + JSON.stringify(summary)).not.toContain('王小明');
    return visitor;
  }

  it('stays on the visitor’s own record, flagged, and never opens the other customer’s bookings or data', async () => {
    const visitor = await visitorBooksWithVictimsPhone();
    const mine = await h.db.customer.findFirstOrThrow({ where: { source: 'web_chat' } });
    expect(mine).toMatchObject({ name: '李四', phone: VICTIM_PHONE, verifiedPhone: null, possibleDuplicateOfId: victim.id });
    expect(mine.leadAt).toEqual(h.clock.now()); // a phone makes a web visitor a lead

    expect(textOf(await visitor.press('td:confirm'))).toMatch(/预约成功！12月4日（周五）14:00/);
    // two customers still, each with their own booking
    expect(await h.db.customer.count()).toBe(2);
    const own = await h.db.testDriveBooking.findFirstOrThrow({ where: { customerId: mine.id } });

    // "cancel my booking" is about the visitor's own booking, not the one of the phone's owner
    const ask = await visitor.say('取消预约');
    expect(textOf(ask)).toMatch(/确定取消 12月4日（周五）14:00 的 星耀 E6 试驾/);
    expect(buttonsOf(ask)).toContain(`td:cancel:${own.id}`);
    const victimsBooking = await h.db.testDriveBooking.findFirstOrThrow({ where: { customerId: victim.id } });
    // a forged button with the other customer's booking does nothing
    expect(textOf(await visitor.press(`td:cancel:${victimsBooking.id}`))).toContain('过期');
    expect(textOf(await visitor.press(`td:cancel:${own.id}`))).toContain('已取消');

    // "delete my data" erases the visitor, and only the visitor
    expect(buttonsOf(await visitor.say('删除我的信息'))).toContain('privacy:delete');
    expect(textOf(await visitor.press('privacy:delete'))).toContain('已删除');
    const gone = await h.db.customer.findUniqueOrThrow({ where: { id: mine.id } });
    expect(gone).toMatchObject({ name: null, phone: null, verifiedPhone: null, possibleDuplicateOfId: null });
    expect(gone.anonymisedAt).not.toBeNull();

    const intact = await h.db.customer.findUniqueOrThrow({ where: { id: victim.id } });
    expect(intact).toMatchObject({ name: '王小明', phone: VICTIM_PHONE, verifiedPhone: VICTIM_PHONE, ownerId: 'st-03', anonymisedAt: null, optOutAt: null });
    expect(await h.db.testDriveBooking.findUniqueOrThrow({ where: { id: victimsBooking.id } })).toMatchObject({ status: 'booked', customerId: victim.id });
    expect(await h.db.auditLog.findMany({ where: { action: 'customer.anonymised' }, select: { subjectId: true } })).toEqual([{ subjectId: mine.id }]);
  });

  it('on Telegram, typed as text, is no proof either: flagged, not merged', async () => {
    const tg = h.customer('telegram', '555');
    await tg.say('我想明天下午两点试驾一下E6');
    await tg.say('李四');
    expect(cardOf(await tg.say(`+86 ${VICTIM_PHONE}`))).toMatchObject({ 电话: VICTIM_PHONE });
    const mine = await h.db.customer.findFirstOrThrow({ where: { source: 'telegram' } });
    expect(mine).toMatchObject({ phone: VICTIM_PHONE, verifiedPhone: null, possibleDuplicateOfId: victim.id });
    expect(await h.db.channelIdentity.findFirstOrThrow({ where: { channel: 'telegram', externalId: '555' } })).toMatchObject({ customerId: mine.id });
  });

  it('shared as the user’s own Telegram contact, is proof: the records merge into the proven one', async () => {
    const tg = h.customer('telegram', '777');
    await tg.say('我想明天下午两点试驾一下E6');
    expect(textOf(await tg.say('王小明'))).toContain('手机号');
    const newcomer = await h.db.customer.findFirstOrThrow({ where: { source: 'telegram' } });
    const summary = await tg.shareContact(`+86${VICTIM_PHONE}`);
    expect(cardOf(summary)).toMatchObject({ 姓名: '王小明', 电话: VICTIM_PHONE }); // what they just shared, read back
    // one person, one record: the proven one, with its owner; the newcomer's record is gone
    expect(await h.db.customer.findUnique({ where: { id: newcomer.id } })).toBeNull();
    expect(await h.db.channelIdentity.findFirstOrThrow({ where: { channel: 'telegram', externalId: '777' } })).toMatchObject({ customerId: victim.id });
    expect(await h.db.conversation.findFirstOrThrow({ where: { channel: 'telegram', chatId: '777' } })).toMatchObject({ customerId: victim.id });

    expect(textOf(await tg.press('td:confirm'))).toContain('预约成功');
    const merged = await h.db.customer.findUniqueOrThrow({ where: { id: victim.id } });
    expect(merged).toMatchObject({ verifiedPhone: VICTIM_PHONE, ownerId: 'st-03', possibleDuplicateOfId: null });
    expect(await h.db.testDriveBooking.count({ where: { customerId: victim.id, status: 'booked' } })).toBe(2);
    // and "cancel" now rightly sees their own bookings, the nearest first
    expect(textOf(await tg.say('取消预约'))).toMatch(/12月4日（周五）14:00/);
  });

  it('shared as a Telegram contact whose phone another record only typed: flagged, nothing merged into the unproven record', async () => {
    const web = h.customer('web', 'visitor-2');
    await web.say('我想明天下午两点试驾一下E6');
    await web.say('张三');
    await web.say('13900001111');
    const typed = await h.db.customer.findFirstOrThrow({ where: { source: 'web_chat' } });
    expect(typed).toMatchObject({ phone: '13900001111', verifiedPhone: null, possibleDuplicateOfId: null });

    const tg = h.customer('telegram', '888');
    await tg.say('我想后天上午10点试驾S3');
    await tg.say('张三');
    expect(cardOf(await tg.shareContact('+8613900001111'))).toMatchObject({ 电话: '13900001111' });
    const proven = await h.db.customer.findFirstOrThrow({ where: { source: 'telegram' } });
    expect(proven).toMatchObject({ phone: '13900001111', verifiedPhone: '13900001111', possibleDuplicateOfId: typed.id });
    expect(await h.db.customer.findUniqueOrThrow({ where: { id: typed.id } })).toMatchObject({ phone: '13900001111', verifiedPhone: null });
    expect(await h.db.channelIdentity.findFirstOrThrow({ where: { channel: 'web', externalId: 'visitor-2' } })).toMatchObject({ customerId: typed.id });
  });

  it('a contact shared outside a booking is kept as proven, masked in the thanks, with a booking offered', async () => {
    const tg = h.customer('telegram', '999');
    await tg.say('你好');
    const r = await tg.shareContact('+8613700002222');
    expect(textOf(r)).toContain('137****2222');
    expect(textOf(r)).not.toContain('13700002222');
    expect(buttonsOf(r)).toContain('book_test_drive');
    expect(await h.db.customer.findFirstOrThrow({ where: { source: 'telegram' } })).toMatchObject({ phone: '13700002222', verifiedPhone: '13700002222' });
  });

  it('masks a phone on file when it is read back; only the one just typed shows in full', async () => {
    // the customer's own Telegram account, already linked to their record
    await h.db.channelIdentity.create({ data: { channel: 'telegram', externalId: '4242', customerId: victim.id } });
    const own = h.customer('telegram', '4242');
    const summary = await own.say('我想明天下午两点试驾一下E6');
    expect(cardOf(summary)).toMatchObject({ 姓名: '王小明', 电话: '138****5678' });
    expect(JSON.stringify(summary)).not.toContain(VICTIM_PHONE);
    // a new number typed in the flow (the "change phone" step) is theirs to see as typed
    await own.press('td:change:phone');
    const changed = await own.say('13600003333');
    expect(cardOf(changed)).toMatchObject({ 电话: '13600003333' });
    const booked = await own.press('td:confirm');
    expect(textOf(booked)).toContain('预约成功');
    expect(JSON.stringify(booked)).not.toMatch(/13600003333|13812345678/);
    // their proven number stays proven; the typed one is their current word
    expect(await h.db.customer.findUniqueOrThrow({ where: { id: victim.id } })).toMatchObject({
      phone: '13600003333',
      verifiedPhone: VICTIM_PHONE,
      possibleDuplicateOfId: null,
    });
  });
});
