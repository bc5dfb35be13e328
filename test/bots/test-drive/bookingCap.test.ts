// The live-booking cap in the chat: a customer holding the store's maximum (2) of upcoming
// test drives is told so politely, with their bookings listed and a move and a cancel
// button for each; a move at the cap still works; after a cancel they can book again.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bookTestDrive } from '../../../src/sales/testDrives/testDriveBookings.js';
import { rulesFromProfile } from '../../../src/sales/testDrives/testDriveRules.js';
import { demoData } from '../../helpers/demoStore.js';
import { buttonsOf, startStoreChat, textOf, type StoreChat } from '../../helpers/storeChat.js';

const NOW = '2026-12-03T10:15:00+08:00'; // Thursday

describe('the booking cap in the chat', () => {
  let h: StoreChat;
  beforeEach(async () => {
    h = await startStoreChat({ now: NOW, staff: ['01'] });
  });
  afterEach(async () => h.close());

  async function bookTwo(chat = h.customer('web', 'cap-1')) {
    await chat.say('我想明天下午两点试驾一下E6');
    await chat.say('王小明');
    await chat.say('13812345678');
    expect(textOf(await chat.press('td:confirm'))).toContain('预约成功');
    expect(textOf(await chat.say('我想周六上午10点试驾S3'))).toContain('请确认');
    expect(textOf(await chat.press('td:confirm'))).toContain('预约成功');
    return chat;
  }

  it('refuses a third live booking politely, listing the two with move and cancel buttons', async () => {
    const chat = await bookTwo();
    const third = await chat.say('我还想下周一下午3点试驾X5');
    expect(textOf(third)).toBe(
      '您目前已有 2 个待进行的试驾预约（每位客户最多同时保留 2 个）：\n· 12月4日（周五）14:00 星耀 E6\n· 12月5日（周六）10:00 星耀 S3\n如果想换个时间，可以改约或取消其中一个，再为您预约新的。',
    );
    const [e6, s3] = await h.db.testDriveBooking.findMany({ orderBy: { slotStart: 'asc' } });
    expect(buttonsOf(third)).toEqual([`td:askmove:${e6.id}`, `td:askcancel:${e6.id}`, `td:askmove:${s3.id}`, `td:askcancel:${s3.id}`]);
    expect(await h.db.testDriveBooking.count({ where: { status: 'booked' } })).toBe(2);
    // and in English
    expect(textOf(await chat.say('I want to book a test drive of the X5 on Monday at 3pm'))).toMatch(
      /^You already have 2 upcoming test drives \(each customer can hold up to 2 at a time\):\n· Fri 4 Dec, 14:00, Xingyao E6/,
    );
  });

  it('holds for staff booking from the CRM too, with the reason on the form', async () => {
    await bookTwo();
    const customer = await h.db.customer.findFirstOrThrow({ where: { source: 'web_chat' } });
    const r = await h.pipeline.handle(
      {
        channel: 'slack',
        eventId: 'crm-book-1',
        chatId: 'DU01',
        userId: 'U01',
        side: 'staff',
        kind: 'form',
        at: h.clock.now(),
        form: { id: 'crm.book', values: { model: 'x5', date: '2026-12-08', time: '10:00' }, meta: customer.id },
      },
      { inline: true },
    );
    expect(r.replies[0].formErrors).toEqual({ date: '该客户已有 2 个待进行的试驾预约（每位客户的上限），请先改约或取消其中一个' });
    expect(await h.db.testDriveBooking.count({ where: { status: 'booked' } })).toBe(2);
  });

  it('refuses at the confirmation when another booking came in since the summary', async () => {
    const chat = h.customer('web', 'cap-2');
    await chat.say('我想明天下午两点试驾一下E6');
    await chat.say('王小明');
    await chat.say('13812345678');
    await chat.press('td:confirm');
    expect(textOf(await chat.say('我想周六上午10点试驾S3'))).toContain('请确认');
    // meanwhile a consultant books one for them
    const customer = await h.db.customer.findFirstOrThrow({ where: { source: 'web_chat' } });
    const rules = rulesFromProfile(demoData().testDrive, 'Asia/Shanghai');
    expect((await bookTestDrive(h.db, { customerId: customer.id, modelId: 'x5', date: '2026-12-07', time: '15:00', rules, now: h.clock.now() })).ok).toBe(true);
    const confirm = await chat.press('td:confirm');
    expect(textOf(confirm)).toContain('您目前已有 2 个待进行的试驾预约');
    expect(await h.db.testDriveBooking.count({ where: { status: 'booked', modelId: 's3' } })).toBe(0);
  });

  it('still moves a booking at the cap, and books again after a cancel from the list', async () => {
    const chat = await bookTwo();
    const ask = await chat.say('改到下周一下午3点');
    expect(textOf(ask)).toMatch(/改到 12月7日（周一）15:00，确认吗/);
    expect(textOf(await chat.press(buttonsOf(ask).find((v) => v.startsWith('td:move:'))!))).toContain('已改约');
    expect((await h.db.testDriveBooking.findMany({ where: { status: 'booked' }, orderBy: { slotStart: 'asc' } })).map((b) => b.modelId)).toEqual(['s3', 'e6']);

    const refused = await chat.say('我想试驾X5');
    const cancelOne = buttonsOf(refused).find((v) => v.startsWith('td:askcancel:'))!;
    const confirm = await chat.press(cancelOne);
    expect(textOf(confirm)).toMatch(/确定取消 12月5日（周六）10:00 的 星耀 S3 试驾吗/);
    expect(textOf(await chat.press(buttonsOf(confirm)[0]))).toContain('已取消');

    // the move button of the list asks for the new time of that booking
    expect(textOf(await chat.say('我想下周二上午10点试驾X5'))).toContain('请确认');
    expect(textOf(await chat.press('td:confirm'))).toContain('预约成功');
    const again = await chat.say('我还想试驾M8');
    expect(textOf(again)).toContain('您目前已有 2 个待进行的试驾预约');
    const moveOne = buttonsOf(again).find((v) => v.startsWith('td:askmove:'))!;
    expect(textOf(await chat.press(moveOne))).toBe('您现在约的是 12月7日（周一）15:00 的 星耀 E6 试驾。想改到什么时间？');
  });
});
