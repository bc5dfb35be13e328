// The forecast on a synthetic history with a known answer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeForecast, computeForecasts } from '../../../src/sales/board/forecast.js';
import { EVERY_DAY } from '../../../src/sales/calendar/workingDays.js';
import { insertMinimalStore } from '../../helpers/fixtures.js';
import { createTestDb, type TestDb } from '../../helpers/testDb.js';

const at = (s: string) => new Date(`${s}+08:00`);

// Board day 2026-12-15; the comparable day of Sep, Oct and Nov is the 15th.
// Each of those months: 10 customers created on the 5th, regraded C → H on the 10th;
// 5 of them order on the 20th, 5 are lost on the 25th. So on the 15th, 10 hold H and
// 5 order by month end: p(H) = (15 + ½) / (30 + 1) = 0.5; no other orders → fresh 0.
// December: 4 orders so far (customers created and ordered 12-01..12-04), 6 open H
// customers → projected = 4 + 0 × 17 days + 6 × 0.5 = 7.
// Range: variance 6 × 0.5 × 0.5 = 1.5 → sd 1.2247; 80%: 3 ± 1.5696 → 4 + [1, 5] = [5, 9].
describe('the month-end forecast', () => {
  let t: TestDb;
  let storeId: string;
  beforeAll(async () => {
    t = await createTestDb();
    storeId = (await insertMinimalStore(t.db)).id;
    let n = 0;
    for (const month of ['2026-09', '2026-10', '2026-11']) {
      for (let i = 0; i < 10; i++) {
        const orders = i < 5;
        const id = `h${++n}`;
        await t.db.customer.create({
          data: {
            id,
            storeId,
            ownerId: 'st-c',
            source: 'walk_in',
            grade: orders ? 'O' : 'F',
            createdAt: at(`${month}-05T10:00:00`),
            leadAt: at(`${month}-05T10:00:00`),
          },
        });
        await t.db.interaction.create({
          data: { storeId, customerId: id, type: 'grade_change', occurredAt: at(`${month}-10T10:00:00`), detail: { from: 'C', to: 'H' } },
        });
        if (orders) {
          await t.db.interaction.create({
            data: { storeId, customerId: id, type: 'grade_change', occurredAt: at(`${month}-20T10:00:00`), detail: { from: 'H', to: 'O' } },
          });
          await t.db.order.create({ data: { customerId: id, staffId: 'st-c', modelId: 'm', priceCny: 1, orderedAt: at(`${month}-20T10:00:00`) } });
        } else {
          await t.db.interaction.create({
            data: { storeId, customerId: id, type: 'grade_change', occurredAt: at(`${month}-25T10:00:00`), detail: { from: 'H', to: 'F' } },
          });
          await t.db.interaction.create({ data: { storeId, customerId: id, type: 'lost', occurredAt: at(`${month}-25T10:00:00`) } });
        }
      }
    }
    for (let i = 1; i <= 4; i++) {
      const id = `d${i}`;
      await t.db.customer.create({
        data: { id, storeId, ownerId: 'st-c', source: 'walk_in', grade: 'O', createdAt: at(`2026-12-0${i}T10:00:00`), leadAt: at(`2026-12-0${i}T10:00:00`) },
      });
      await t.db.order.create({ data: { customerId: id, staffId: 'st-c', modelId: 'm', priceCny: 1, orderedAt: at(`2026-12-0${i}T15:00:00`) } });
    }
    for (let i = 1; i <= 6; i++) {
      const id = `p${i}`;
      await t.db.customer.create({
        data: { id, storeId, ownerId: 'st-c', source: 'walk_in', grade: 'H', createdAt: at('2026-12-05T10:00:00'), leadAt: at('2026-12-05T10:00:00') },
      });
      await t.db.interaction.create({
        data: { storeId, customerId: id, type: 'grade_change', occurredAt: at('2026-12-06T10:00:00'), detail: { from: 'C', to: 'H' } },
      });
    }
  });
  afterAll(async () => t.close());

  it('adds the grade-weighted pipeline, calibrated on the store history, to what is done', async () => {
    const f = await computeForecast(t.db, { storeId, date: '2026-12-15', timeZone: 'Asia/Shanghai', salesDays: EVERY_DAY, target: 10 });
    expect(f.done).toBe(4);
    expect(f.calibrationMonths).toBe(3);
    expect(f.weights).toEqual({ H: 0.5 });
    expect(f.freshRate).toBe(0);
    expect(f.pipeline).toMatchObject({ H: 6, A: 0, B: 0, C: 0 });
    expect(f).toMatchObject({ metric: 'orders', projected: 7, low: 5, high: 9, target: 10, daysLeft: 17 });
  });

  it("gives a team whose consultant owns every customer the store's forecast, and the same through computeForecasts", async () => {
    const args = { storeId, date: '2026-12-15', timeZone: 'Asia/Shanghai', salesDays: EVERY_DAY };
    const store = await computeForecast(t.db, { ...args, target: 10 });
    expect(await computeForecast(t.db, { ...args, teamId: 'team-t', target: 10 })).toEqual(store);
    const both = await computeForecasts(t.db, {
      ...args,
      teamIds: ['team-t'],
      targets: new Map([
        ['', 10],
        ['team-t', 10],
      ]),
    });
    expect(both.store).toEqual(store);
    expect(both.teams.get('team-t')).toEqual(store);
  });

  it('falls back to the run rate on a store without history', async () => {
    // a scope with no history at all (a team without members): nothing done, nothing projected, no NaN
    const f = await computeForecast(t.db, {
      storeId,
      teamId: 'no-such-team',
      date: '2026-12-15',
      timeZone: 'Asia/Shanghai',
      salesDays: EVERY_DAY,
      target: null,
    });
    expect(f.calibrationMonths).toBe(0);
    expect(f).toMatchObject({ done: 0, projected: 0, low: 0, high: 0, weights: {} });
  });
});
