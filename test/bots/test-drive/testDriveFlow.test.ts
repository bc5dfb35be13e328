// The booking conversation end to end through the core, on the web chat, with the demo
// store and an injected clock: booking, off-grid times, reminders, moving, cancelling, feedback.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { insertDemoStore } from '../../helpers/demoStore.js';
import { createTestApp, type TestApp } from '../../helpers/testApp.js';
import { allText, buttonValues, webChat } from '../../helpers/webChat.js';

const NOW = '2026-12-03T10:15:00+08:00'; // Thursday

describe('test-drive booking by chat', () => {
  let h: TestApp;
  beforeEach(async () => {
    h = await createTestApp({ now: NOW, prepare: async (t) => void (await insertDemoStore(t.db)) });
  });
  afterEach(async () => h.close());

  async function bookE6Tomorrow2pm(chat = webChat(h, 'customer-0001')) {
    const first = await chat.say('我想明天下午两点试驾一下E6');
    expect(allText(first)).toContain('个人信息保护法'); // first-contact notice
    expect(allText(first)).toContain('怎么称呼');
    expect(allText(await chat.say('王小明'))).toContain('手机号');
    const summary = await chat.say('13812345678');
    const card = summary.find((r) => r.card)!.card!;
    expect(card.fields!.map((f) => f.value)).toEqual(expect.arrayContaining(['12月4日（周五）14:00', '王小明', '13812345678']));
    expect(buttonValues(summary)).toEqual(['td:confirm', 'td:change']);
    const done = await chat.press('td:confirm');
    expect(allText(done)).toMatch(/预约成功！12月4日（周五）14:00，星耀 E6试驾/);
    return chat;
  }

  it('books from one message with model, date and time, and records everything', async () => {
    await bookE6Tomorrow2pm();
    const booking = await h.t.db.testDriveBooking.findFirstOrThrow({ include: { customer: true } });
    expect(booking).toMatchObject({ demoCarId: 'dc-e6-01', modelId: 'e6', status: 'booked' });
    expect(booking.slotStart.toISOString()).toBe('2026-12-04T06:00:00.000Z');
    expect(booking.customer).toMatchObject({ name: '王小明', phone: '13812345678', intendedModelId: 'e6', source: 'web_chat' });
    expect(booking.customer.consentAt).not.toBeNull();
    expect(booking.staffId).toBeTruthy();
    expect(booking.customer.ownerId).toBe(booking.staffId);
    expect(await h.t.db.interaction.count({ where: { type: 'appointment', customerId: booking.customerId } })).toBe(1);
    expect(await h.t.db.followUpTask.findFirstOrThrow({ where: { kind: 'test_drive_prep' } })).toMatchObject({ staffId: booking.staffId, status: 'open' });
    const planned = await h.t.db.outboxMessage.findMany({ orderBy: { nextAttemptAt: 'asc' } });
    expect(planned.map((p) => [p.idempotencyKey.split(':').pop(), p.nextAttemptAt.toISOString()])).toEqual([
      ['d1', '2026-12-03T06:00:00.000Z'],
      ['h2', '2026-12-04T04:00:00.000Z'],
      ['fb', '2026-12-04T07:00:00.000Z'],
    ]);
  });

  it('sends the reminders at their times through the outbox, and asks for feedback after the drive', async () => {
    const chat = await bookE6Tomorrow2pm();
    h.clock.set('2026-12-03T13:59:00+08:00');
    expect(await h.app.outbox.tick()).toBe(0);
    h.clock.set('2026-12-03T14:00:00+08:00');
    expect(await h.app.outbox.tick()).toBe(1);
    expect((await chat.history()).at(-1)!.text).toMatch(/^提醒：您明天 12月4日（周五）14:00 预约了 星耀 E6 试驾/);
    h.clock.set('2026-12-04T12:00:00+08:00');
    expect(await h.app.outbox.tick()).toBe(1);
    h.clock.set('2026-12-04T15:00:00+08:00');
    expect(await h.app.outbox.tick()).toBe(1);
    const feedback = (await chat.history()).at(-1)!;
    expect(feedback.text).toContain('1–5 分');
    const booking = await h.t.db.testDriveBooking.findFirstOrThrow();
    expect(feedback.buttons!.map((b) => b.value)).toContain(`td:fb:${booking.id}:5`);
    expect(allText(await chat.press(`td:fb:${booking.id}:5`))).toContain('谢谢您的评分');
    expect(allText(await chat.say('顾问很专业，车也安静'))).toContain('谢谢您的反馈');
    expect(await h.t.db.testDriveBooking.findFirstOrThrow()).toMatchObject({ feedbackScore: 5, feedbackComment: '顾问很专业，车也安静' });
  });

  it('explains an off-grid time and offers the nearest slots, never moving it silently', async () => {
    const chat = webChat(h, 'customer-0002');
    const early = await chat.say('明天早上8点试驾S3');
    expect(allText(early)).toContain('09:00–17:00 整点');
    expect(buttonValues(early)[1]).toBe('td:slot:2026-12-04T09:00');
    const halfPast = await chat.say('下午3点半');
    expect(allText(halfPast)).toContain('不在可约时段');
    expect(buttonValues(halfPast).slice(0, 2).sort()).toEqual(['td:slot:2026-12-04T15:00', 'td:slot:2026-12-04T16:00']);
    expect(allText(await chat.press('td:slot:2026-12-04T16:00'))).toContain('怎么称呼');
    expect(await h.t.db.testDriveBooking.count()).toBe(0);
  });

  it('asks for the model and a time when the customer only wants a test drive, in English', async () => {
    const chat = webChat(h, 'customer-0003');
    const r = await chat.say('I would like to book a test drive');
    expect(allText(r)).toContain('Which model');
    expect(buttonValues(r)).toEqual(expect.arrayContaining(['td:model:e6', 'td:model:m8']));
    const when = await chat.press('td:model:m8');
    expect(allText(when)).toContain('Which day and time');
    expect(buttonValues(when)[0]).toMatch(/^td:slot:2026-12-03T12:00$/); // the first slot an hour or more ahead
  });

  it('reports a taken slot with the nearest free ones', async () => {
    await bookE6Tomorrow2pm();
    const other = webChat(h, 'customer-0004');
    const r = await other.say('明天下午2点试驾E6');
    expect(allText(r)).toContain('约满');
    expect(buttonValues(r)).toContain('td:slot:2026-12-04T13:00');
    expect(buttonValues(r)).not.toContain('td:slot:2026-12-04T14:00');
  });

  it('moves a booking by chat after confirmation, and cancels its old reminders', async () => {
    const chat = await bookE6Tomorrow2pm();
    const ask = await chat.say('改到周六下午3点');
    expect(allText(ask)).toMatch(/改到 12月5日（周六）15:00，确认吗/);
    const old = await h.t.db.testDriveBooking.findFirstOrThrow();
    const confirm = buttonValues(ask).find((v) => v.startsWith('td:move:'))!;
    expect(allText(await chat.press(confirm))).toContain('已改约');
    const bookings = await h.t.db.testDriveBooking.findMany({ orderBy: { createdAt: 'asc' } });
    expect(bookings.map((b) => b.status)).toEqual(['cancelled', 'booked']);
    expect(bookings[1].slotStart.toISOString()).toBe('2026-12-05T07:00:00.000Z');
    const stale = await h.t.db.outboxMessage.findMany({ where: { idempotencyKey: { startsWith: `td:${old.id}:` } } });
    expect(stale.every((m) => m.status === 'cancelled')).toBe(true);
  });

  it('cancels by chat after confirmation', async () => {
    const chat = await bookE6Tomorrow2pm();
    const ask = await chat.say('取消预约');
    expect(allText(ask)).toContain('确定取消');
    const cancelAction = buttonValues(ask).find((v) => v.startsWith('td:cancel:'))!;
    expect(allText(await chat.press(cancelAction))).toContain('已取消');
    expect((await h.t.db.testDriveBooking.findFirstOrThrow()).status).toBe('cancelled');
  });

  it('books a day-first or a lunar date, and names the month an impossible day number lacks', async () => {
    // 13/12 and 农历冬月初五 are both Sunday 13 December 2026.
    for (const [customer, text] of [
      ['customer-0007', '13/12上午10点试驾E6'],
      ['customer-0008', '农历冬月初五上午10点试驾E6'],
    ]) {
      const chat = webChat(h, customer);
      await chat.say(text);
      await chat.say('王小明');
      const summary = await chat.say('13812345678');
      expect(
        summary.find((r) => r.card)!.card!.fields!.map((f) => f.value),
        text,
      ).toContain('12月13日（周日）10:00');
    }
    expect(allText(await webChat(h, 'customer-0009').say('腊月三十上午10点试驾E6'))).toContain('腊月三十这个日期不存在');
    h.clock.set('2027-01-31T10:00:00+08:00');
    expect(allText(await webChat(h, 'customer-0010').say('30号上午10点试驾E6'))).toContain('2月30号这个日期不存在');
  });

  it('handles impossible dates, unknown models and bad phone numbers politely', async () => {
    expect(allText(await webChat(h, 'customer-0006').say('2月30日上午10点试驾E6'))).toContain('2月30日这个日期不存在');
    const chat = webChat(h, 'customer-0005');
    const bmw = await chat.say('我想试驾宝马X5');
    expect(allText(bmw)).toContain('哪款车');
    expect(buttonValues(bmw)).not.toContain('td:model:x5-bmw');
    await chat.press('td:model:s5');
    await chat.say('后天上午10点');
    await chat.say('李雷');
    expect(allText(await chat.say('12345'))).toContain('不是有效的手机号');
    expect(await h.t.db.testDriveBooking.count()).toBe(0);
  });
});
