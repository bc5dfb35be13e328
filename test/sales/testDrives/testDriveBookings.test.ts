import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bookTestDrive, cancelBooking, chooseConsultant, findFreeSlots } from '../../../src/sales/testDrives/testDriveBookings.js';
import { candidateSlots, checkSlot, rulesFromProfile, type TestDriveRules } from '../../../src/sales/testDrives/testDriveRules.js';
import { createPrisma } from '../../../src/store/createPrisma.js';
import { demoData, insertDemoStore } from '../../helpers/demoStore.js';
import { createTestDb, type TestDb } from '../../helpers/testDb.js';

const TZ = 'Asia/Shanghai';
const rules: TestDriveRules = rulesFromProfile(demoData().testDrive, TZ);
const NOW = new Date('2026-12-03T10:15:00+08:00'); // Thursday

describe('test-drive slot rules', () => {
  it.each([
    ['2026-12-04', '14:00', true, undefined],
    ['2026-12-03', '11:00', false, 'too_soon'], // 45 min ahead: under the 60 min lead
    ['2026-12-03', '12:00', true, undefined],
    ['2026-12-02', '10:00', false, 'past_date'],
    ['2026-12-17', '10:00', true, undefined], // today + 14 is inside
    ['2026-12-18', '10:00', false, 'beyond_window'],
    ['2026-12-04', '08:00', false, 'not_slot_start'],
    ['2026-12-04', '15:30', false, 'not_slot_start'],
    ['2026-12-04', '17:00', true, undefined],
    ['2026-12-04', '18:00', false, 'not_slot_start'],
  ])('%s %s → ok %s (%s)', (date, time, ok, problem) => {
    const c = checkSlot(rules, date, time, NOW);
    expect(c.ok).toBe(ok);
    expect(c.problem).toBe(problem);
  });

  it('stores the slot as the right instant whatever the server timezone', () => {
    expect(checkSlot(rules, '2026-12-04', '14:00', NOW).start?.toISOString()).toBe('2026-12-04T06:00:00.000Z');
  });

  it('orders candidates by closeness to the asked time, same day first', () => {
    const c = candidateSlots(rules, NOW, { date: '2026-12-04', time: '15:30' });
    expect(
      c
        .slice(0, 2)
        .map((s) => s.time)
        .sort(),
    ).toEqual(['15:00', '16:00']);
    const early = candidateSlots(rules, NOW, { date: '2026-12-04', time: '08:00' });
    expect(early[0]).toMatchObject({ date: '2026-12-04', time: '09:00' });
  });
});

describe('test-drive bookings', () => {
  let t: TestDb;
  let customerIds: string[];
  beforeEach(async () => {
    t = await createTestDb();
    const store = await insertDemoStore(t.db);
    customerIds = [];
    for (let i = 0; i < 3; i++) {
      customerIds.push((await t.db.customer.create({ data: { storeId: store.id, source: 'web_chat' } })).id);
    }
  });
  afterEach(async () => t.close());

  const book = (db = t.db, customerId = customerIds[0], modelId = 'x5', time = '14:00') =>
    bookTestDrive(db, { customerId, modelId, date: '2026-12-04', time, rules, now: NOW });

  it('books each demo car of the model once per slot, then reports it taken', async () => {
    const a = await book(t.db, customerIds[0]);
    const b = await book(t.db, customerIds[1]);
    const c = await book(t.db, customerIds[2]);
    expect(a.ok && b.ok).toBe(true);
    expect(c).toEqual({ ok: false, reason: 'taken' });
    if (a.ok && b.ok) expect(new Set([a.booking.demoCarId, b.booking.demoCarId])).toEqual(new Set(['dc-x5-01', 'dc-x5-02']));
  });

  it('never books a car in maintenance', async () => {
    for (let i = 0; i < 2; i++) {
      const r = await book(t.db, customerIds[i], 'e6');
      if (i === 0) expect(r.ok && r.booking.demoCarId).toBe('dc-e6-01');
      else expect(r).toEqual({ ok: false, reason: 'taken' });
    }
  });

  it('lets exactly one of two customers racing from two processes win the last car', async () => {
    const other = createPrisma(t.url);
    const results = await Promise.all([book(t.db, customerIds[0], 'm8'), book(other, customerIds[1], 'm8')]);
    await other.$disconnect();
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok)).toEqual([{ ok: false, reason: 'taken' }]);
    expect(await t.db.testDriveBooking.count({ where: { modelId: 'm8', status: 'booked' } })).toBe(1);
  });

  it('frees the slot on cancel, and offers the nearest free slots when one is taken', async () => {
    const first = await book(t.db, customerIds[0], 'm8');
    expect(first.ok).toBe(true);
    const free = await findFreeSlots(t.db, { modelId: 'm8', rules, now: NOW, near: { date: '2026-12-04', time: '14:00' } });
    expect(free.map((f) => f.time)).toEqual(expect.arrayContaining(['13:00', '15:00']));
    expect(free.map((f) => `${f.date} ${f.time}`)).not.toContain('2026-12-04 14:00');
    if (first.ok) await cancelBooking(t.db, first.booking.id);
    expect((await book(t.db, customerIds[1], 'm8')).ok).toBe(true);
  });

  it('assigns the owner when on duty, else rotates fairly among consultants', async () => {
    expect(await chooseConsultant(t.db, 'xingyao-sh-pudong', 'st-07')).toBe('st-07');
    const first = await chooseConsultant(t.db, 'xingyao-sh-pudong', null);
    const r = await bookTestDrive(t.db, { customerId: customerIds[0], modelId: 's3', date: '2026-12-04', time: '10:00', rules, now: NOW, staffId: first });
    expect(r.ok).toBe(true);
    const second = await chooseConsultant(t.db, 'xingyao-sh-pudong', null);
    expect(second).not.toBe(first);
    await t.db.staff.update({ where: { id: 'st-07' }, data: { onDuty: false } });
    expect(await chooseConsultant(t.db, 'xingyao-sh-pudong', 'st-07')).not.toBe('st-07');
  });
});

describe('the live-booking cap', () => {
  let t: TestDb;
  let customerId: string;
  beforeEach(async () => {
    t = await createTestDb();
    const store = await insertDemoStore(t.db);
    customerId = (await t.db.customer.create({ data: { storeId: store.id, source: 'web_chat' } })).id;
  });
  afterEach(async () => t.close());

  const book = (time: string, o: { modelId?: string; date?: string; conversationId?: string; replaces?: string; who?: string; now?: Date } = {}) =>
    bookTestDrive(t.db, {
      customerId: o.who ?? customerId,
      modelId: o.modelId ?? 's3',
      date: o.date ?? '2026-12-04',
      time,
      rules,
      now: o.now ?? NOW,
      conversationId: o.conversationId,
      replaces: o.replaces,
    });

  it('is the store’s rule: 2 in the demo store, 2 when a store says nothing', () => {
    expect(rules.maxLiveBookings).toBe(2);
    const { max_live_bookings_per_customer: _omitted, ...older } = demoData().testDrive;
    expect(rulesFromProfile(older, TZ).maxLiveBookings).toBe(2);
    expect(rulesFromProfile({ ...older, max_live_bookings_per_customer: 3 }, TZ).maxLiveBookings).toBe(3);
  });

  it('refuses a third live booking, counts neither cancelled nor past ones, and makes the booker a lead', async () => {
    expect((await book('10:00')).ok).toBe(true);
    expect(await t.db.customer.findUniqueOrThrow({ where: { id: customerId } })).toMatchObject({ leadAt: NOW });
    const second = await book('11:00');
    expect(second.ok).toBe(true);
    expect(await book('12:00')).toEqual({ ok: false, reason: 'too_many' });
    expect(await t.db.testDriveBooking.count({ where: { customerId } })).toBe(2);
    if (second.ok) await cancelBooking(t.db, second.booking.id);
    expect((await book('12:00')).ok).toBe(true);
    // once a drive has started it no longer holds a place
    expect((await book('13:00', { now: new Date('2026-12-04T10:30:00+08:00') })).ok).toBe(true);
  });

  it('lets a move at the cap through: the booking it replaces is not counted', async () => {
    const first = await book('10:00');
    await book('11:00');
    if (!first.ok) throw new Error('not booked');
    expect(await book('15:00')).toEqual({ ok: false, reason: 'too_many' });
    expect((await book('15:00', { replaces: first.booking.id })).ok).toBe(true);
  });

  it('counts per chat as well as per customer', async () => {
    const store = (await t.db.store.findFirstOrThrow()).id;
    const other = (await t.db.customer.create({ data: { storeId: store, source: 'web_chat' } })).id;
    const conversationId = (await t.db.conversation.create({ data: { channel: 'web', chatId: 'c:s-1', customerId } })).id;
    expect((await book('10:00', { conversationId })).ok).toBe(true);
    expect((await book('11:00', { conversationId })).ok).toBe(true);
    // another customer record in the same chat (after an erasure, say) is still at the chat's cap
    expect(await book('12:00', { conversationId, who: other })).toEqual({ ok: false, reason: 'too_many' });
    expect((await book('12:00', { who: other })).ok).toBe(true);
  });

  it('lets only one of two concurrent confirmations at N-1 through', async () => {
    expect((await book('10:00')).ok).toBe(true);
    const results = await Promise.all([book('11:00', { modelId: 'x5' }), book('14:00', { modelId: 'm8', date: '2026-12-05' })]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok)).toEqual([{ ok: false, reason: 'too_many' }]);
    expect(await t.db.testDriveBooking.count({ where: { customerId, status: 'booked' } })).toBe(2);
  });

  it('holds across processes too: two connections at N-1 give one booking', async () => {
    expect((await book('10:00')).ok).toBe(true);
    const other = createPrisma(t.url);
    const results = await Promise.all([
      book('11:00', { modelId: 'x5' }),
      bookTestDrive(other, { customerId, modelId: 'm8', date: '2026-12-05', time: '14:00', rules, now: NOW }),
    ]);
    await other.$disconnect();
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(await t.db.testDriveBooking.count({ where: { customerId, status: 'booked' } })).toBe(2);
  });
});
