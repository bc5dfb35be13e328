// The sweeps on a small fixture: follow-ups, downgrades, after-sale tasks, escalation,
// each idempotent; and today's call list.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runFollowUpSweep } from '../../../src/bots/follow-up/createFollowUpJobs.js';
import { buildCallList } from '../../../src/sales/followUp/buildCallList.js';
import { DEFAULT_SALES_RULES as R } from '../../../src/sales/salesRules.js';
import { insertMinimalStore, TEST_STORE } from '../../helpers/fixtures.js';
import { createTestDb, type TestDb } from '../../helpers/testDb.js';

const DAY = 86_400_000;
const NOW = new Date('2026-12-03T10:05:00+08:00');
const ago = (days: number) => new Date(NOW.getTime() - days * DAY);
const scope = { storeId: TEST_STORE.id, timeZone: TEST_STORE.timezone };

async function customer(t: TestDb, id: string, grade: string, lastContactDaysAgo: number | null, extra: Record<string, unknown> = {}) {
  return t.db.customer.create({
    data: {
      id,
      storeId: TEST_STORE.id,
      name: `客户${id}`,
      phone: `1380000${id.padStart(4, '0')}`,
      grade,
      ownerId: 'st-c',
      source: 'walk_in',
      lastContactAt: lastContactDaysAgo === null ? null : ago(lastContactDaysAgo),
      createdAt: ago(60),
      ...extra,
    },
  });
}

describe('follow-up sweeps', () => {
  let t: TestDb;
  beforeEach(async () => {
    t = await createTestDb();
    await insertMinimalStore(t.db);
    await t.db.channelIdentity.createMany({
      data: [
        { channel: 'slack', externalId: 'U-M', staffId: 'st-m' },
        { channel: 'slack', externalId: 'U-C', staffId: 'st-c' },
      ],
    });
  });
  afterEach(async () => t.close());

  it('creates follow-ups by the cadence, downgrades the silent once, and does nothing new on a second run', async () => {
    await customer(t, '1', 'H', 1); // due tomorrow
    await customer(t, '2', 'B', 20); // silent 20 d ≥ 14: B → C
    await customer(t, '3', 'C', 30); // C silent 30 d ≥ 28: flagged
    await customer(t, '4', 'A', 1, { optOutAt: ago(1) }); // opted out: nothing
    await customer(t, '5', 'F', 1); // lost: nothing
    await customer(t, '6', 'O', 2); // ordered, not delivered: weekly
    await customer(t, '7', 'O', 2); // delivered: no follow-up
    await customer(t, '8', 'B', 1, { ownerId: null }); // no owner: nothing
    await t.db.order.create({
      data: { id: 'ord-7', customerId: '7', staffId: 'st-c', modelId: 'm', priceCny: 1, status: 'delivered', orderedAt: ago(30), deliveredAt: ago(2) },
    });

    const first = await runFollowUpSweep(t.db, scope, R, NOW);
    expect(first).toMatchObject({ followUps: 4, downgraded: 1, flagged: 1, returnVisits: 4 });
    const fus = await t.db.followUpTask.findMany({ where: { kind: 'follow_up' }, orderBy: { customerId: 'asc' } });
    expect(fus.map((f) => f.customerId)).toEqual(['1', '2', '3', '6']);
    expect(fus[0].dueAt.getTime()).toBe(ago(1).getTime() + 2 * DAY);
    expect(fus[0].dedupeKey).toBe('fu:1:2026-12-04');
    expect((await t.db.customer.findUniqueOrThrow({ where: { id: '1' } })).nextFollowUpAt).toEqual(fus[0].dueAt);
    expect((await t.db.customer.findUniqueOrThrow({ where: { id: '2' } })).grade).toBe('C');
    const changes = await t.db.interaction.findMany({ where: { type: 'grade_change' }, orderBy: { customerId: 'asc' } });
    expect(changes.map((c) => [c.customerId, c.detail])).toEqual([
      ['2', { from: 'B', to: 'C', reason: 'silence', silentDays: 20, ownerId: 'st-c' }],
      ['3', { from: 'C', to: 'C', reason: 'silence', silentDays: 30, ownerId: 'st-c', flagged: true }],
    ]);
    // return visits of the delivery two days ago: day 1 (yesterday), 3, 7, 30
    const rv = await t.db.followUpTask.findMany({ where: { kind: 'return_visit' }, orderBy: { dueAt: 'asc' } });
    expect(rv.map((r) => r.dedupeKey)).toEqual(['return_visit:ord-7:d1', 'return_visit:ord-7:d3', 'return_visit:ord-7:d7', 'return_visit:ord-7:d30']);

    const before = await t.db.followUpTask.count();
    const second = await runFollowUpSweep(t.db, scope, R, new Date(NOW.getTime() + 3_600_000));
    expect(second).toEqual({ followUps: 0, downgraded: 0, flagged: 0, returnVisits: 0, maintenance: 0, escalated: 0 });
    expect(await t.db.followUpTask.count()).toBe(before);
    expect(await t.db.interaction.count({ where: { type: 'grade_change' } })).toBe(2);
  });

  it('creates the maintenance task by mileage, once', async () => {
    await customer(t, '9', 'O', 5);
    // 3,000 km in 30 days (100 km/day): 5,000 km is due on day 50, within two weeks of day 40
    await t.db.order.create({
      data: {
        id: 'ord-9',
        customerId: '9',
        staffId: 'st-c',
        modelId: 'm',
        priceCny: 1,
        status: 'delivered',
        orderedAt: ago(60),
        deliveredAt: ago(40),
        mileageKm: 3000,
        mileageAt: ago(10),
      },
    });
    await runFollowUpSweep(t.db, scope, R, NOW);
    const m = await t.db.followUpTask.findFirstOrThrow({ where: { kind: 'maintenance' } });
    expect(m).toMatchObject({ dedupeKey: 'maintenance:ord-9:1', reason: 'mileage_5000', staffId: 'st-c' });
    expect(m.dueAt.getTime()).toBe(ago(40).getTime() + 50 * DAY);
    expect((await runFollowUpSweep(t.db, scope, R, NOW)).maintenance).toBe(0);
  });

  it('escalates follow-ups overdue by more than 24 h to the team manager, once', async () => {
    await customer(t, '1', 'H', 1);
    await customer(t, '2', 'A', 1);
    await t.db.followUpTask.createMany({
      data: [
        { customerId: '1', staffId: 'st-c', kind: 'follow_up', dueAt: ago(2), createdAt: ago(5) },
        { customerId: '2', staffId: 'st-c', kind: 'follow_up', dueAt: new Date(NOW.getTime() - 20 * 3_600_000), createdAt: ago(5) },
      ],
    });
    const r = await runFollowUpSweep(t.db, scope, R, NOW, 'slot-1');
    expect(r.escalated).toBe(1);
    const out = await t.db.outboxMessage.findMany({ where: { recipient: 'U-M' } });
    expect(out).toHaveLength(1);
    expect((out[0].payload as { text: string }).text).toMatch(/1 条跟进已逾期超过 24 小时[\s\S]*林晓雯：客\*\*（H级）/);
    expect(await t.db.followUpTask.count({ where: { escalatedAt: { not: null } } })).toBe(1);
    expect((await runFollowUpSweep(t.db, scope, R, new Date(NOW.getTime() + 5 * 3_600_000), 'slot-2')).escalated).toBe(1); // the second crossed 24 h
    expect((await runFollowUpSweep(t.db, scope, R, new Date(NOW.getTime() + 6 * 3_600_000), 'slot-3')).escalated).toBe(0);
    // at night nobody is escalated to
    await t.db.followUpTask.create({ data: { customerId: '1', staffId: 'st-c', kind: 'follow_up', dueAt: ago(3), createdAt: ago(5) } });
    expect((await runFollowUpSweep(t.db, scope, R, new Date('2026-12-03T23:05:00+08:00'), 'slot-n')).escalated).toBe(0);
  });

  it("orders today's call list: test drive today, then by grade and reasons, masked", async () => {
    await customer(t, '1', 'C', 20); // overdue 3 days
    await customer(t, '2', 'H', 1); // due today
    await customer(t, '3', 'B', 2); // test drive today 15:00
    await customer(t, '4', 'A', 5); // silent hot, no task
    await customer(t, '5', 'O', 2); // return visit day 3
    await customer(t, '6', 'B', 1, { anonymisedAt: ago(1) });
    await t.db.followUpTask.createMany({
      data: [
        { customerId: '1', staffId: 'st-c', kind: 'follow_up', dueAt: new Date('2026-11-30T10:00:00+08:00') },
        { customerId: '2', staffId: 'st-c', kind: 'follow_up', dueAt: new Date('2026-12-03T16:00:00+08:00') },
        { customerId: '5', staffId: 'st-c', kind: 'return_visit', reason: 'day_3', dueAt: new Date('2026-12-03T10:00:00+08:00') },
        { customerId: '6', staffId: 'st-c', kind: 'follow_up', dueAt: new Date('2026-12-03T11:00:00+08:00') },
        { customerId: '2', staffId: 'st-c', kind: 'follow_up', dueAt: new Date('2026-12-05T11:00:00+08:00') }, // later: not today
      ],
    });
    await t.db.catalogModel.create({
      data: {
        id: 'm',
        nameZh: 'M',
        nameEn: 'M',
        bodyZh: '',
        bodyEn: '',
        powertrain: 'bev',
        nev: true,
        priceMin: 1,
        priceMax: 2,
        aliases: [],
        notAliases: [],
        spec: {},
      },
    });
    await t.db.demoCar.create({ data: { id: 'car', modelId: 'm', plate: 'X' } });
    await t.db.testDriveBooking.create({
      data: {
        customerId: '3',
        demoCarId: 'car',
        staffId: 'st-c',
        modelId: 'm',
        slotStart: new Date('2026-12-03T15:00:00+08:00'),
        activeSlot: new Date('2026-12-03T15:00:00+08:00'),
      },
    });

    const list = await buildCallList(t.db, { staffId: 'st-c', date: '2026-12-03', timeZone: scope.timeZone, now: NOW });
    expect(list.map((i) => [i.customerId, i.reasons])).toEqual([
      ['3', [{ kind: 'test_drive_today', at: '15:00' }]], // 20 + 100
      ['2', [{ kind: 'due_today' }]], // 40 + 15
      ['5', [{ kind: 'return_visit', day: 3 }]], // 25 + 25
      ['4', [{ kind: 'silent', days: 5 }]], // 30 + 10 + 2×2
      ['1', [{ kind: 'overdue', days: 3 }]], // 10 + 25
    ]);
    expect(list.map((i) => i.score)).toEqual([120, 55, 50, 44, 35]);
    expect(list.find((i) => i.customerId === '2')).toMatchObject({ name: '客**', phone: '138****0002', grade: 'H', daysSinceContact: 1 });
    expect(await buildCallList(t.db, { staffId: 'st-c', date: '2026-12-03', timeZone: scope.timeZone, now: NOW, limit: 2 })).toHaveLength(2);
  });
});
