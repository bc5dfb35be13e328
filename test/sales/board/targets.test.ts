// Targets: append-only history, largest-remainder splits, run rate, decomposition weights.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  decomposeTarget,
  latestTargets,
  runRateNeeded,
  saveDecomposition,
  setTarget,
  splitByWeights,
  targetHistory,
  targetKey,
  targetWeightsOf,
} from '../../../src/sales/board/targets.js';
import { EVERY_DAY, monthProgress, salesDaysOf } from '../../../src/sales/calendar/workingDays.js';
import { insertDemoStore } from '../../helpers/demoStore.js';
import { createTestDb, type TestDb } from '../../helpers/testDb.js';

const TZ = 'Asia/Shanghai';

describe('splitting a whole number', () => {
  it('sums exactly to the total with the largest remainder', () => {
    // 10 by 1:1:1 → 3.33 each; the one extra goes to the first of the equal remainders
    expect(
      splitByWeights(10, [
        { id: 'a', weight: 1 },
        { id: 'b', weight: 1 },
        { id: 'c', weight: 1 },
      ]).map((x) => x.value),
    ).toEqual([4, 3, 3]);
    // 100 by 5:3:2 → exactly 50, 30, 20
    expect(
      splitByWeights(100, [
        { id: 'a', weight: 5 },
        { id: 'b', weight: 3 },
        { id: 'c', weight: 2 },
      ]).map((x) => x.value),
    ).toEqual([50, 30, 20]);
    // 7 by 0.5, 0.3, 0.2 → 3.5, 2.1, 1.4 → floors 3,2,1 (6), the extra to .5 → 4,2,1
    expect(
      splitByWeights(7, [
        { id: 'a', weight: 0.5 },
        { id: 'b', weight: 0.3 },
        { id: 'c', weight: 0.2 },
      ]).map((x) => x.value),
    ).toEqual([4, 2, 1]);
    // no weights at all → equal shares
    expect(
      splitByWeights(5, [
        { id: 'a', weight: 0 },
        { id: 'b', weight: 0 },
      ]).map((x) => x.value),
    ).toEqual([3, 2]);
    for (const total of [0, 1, 13, 997, 123457]) {
      const parts = splitByWeights(
        total,
        [3, 7, 11, 0.4, 19].map((w, i) => ({ id: String(i), weight: w })),
      );
      expect(parts.reduce((a, p) => a + p.value, 0)).toBe(total);
      expect(parts.every((p) => Number.isInteger(p.value) && p.value >= 0)).toBe(true);
    }
  });

  it('computes the run rate needed per remaining working day', () => {
    expect(runRateNeeded(100, 40, 20)).toBe(3);
    expect(runRateNeeded(100, 120, 5)).toBe(0); // ahead: nothing more needed
    expect(runRateNeeded(null, 10, 5)).toBeNull();
    expect(runRateNeeded(100, 10, 0)).toBeNull(); // no days left: no division by zero
  });

  it('counts working days from the sales hours', () => {
    const weekdays = salesDaysOf({ hours: { sales: { days: ['mon', 'tue', 'wed', 'thu', 'fri'] } } });
    // December 2026: the 1st is a Tuesday; 23 weekdays; before the 15th (Tue): 1–4, 7–11, 14 = 10
    expect(monthProgress('2026-12', '2026-12-15', weekdays)).toEqual({ period: '2026-12', workingDays: 23, workingDaysElapsed: 10, workingDaysLeft: 13 });
    expect(monthProgress('2026-12', '2026-12-15', salesDaysOf({}))).toEqual({
      period: '2026-12',
      workingDays: 31,
      workingDaysElapsed: 14,
      workingDaysLeft: 17,
    });
  });
});

describe('targets in the store', () => {
  let t: TestDb;
  let storeId: string;
  beforeEach(async () => {
    t = await createTestDb();
    storeId = (await insertDemoStore(t.db)).id;
  });
  afterEach(async () => t.close());

  it('keeps every value: a target set twice → the later wins, the history stays', async () => {
    const base = { storeId, period: '2026-12', metric: 'orders' as const, scope: 'store' as const, scopeId: storeId };
    await setTarget(t.db, { ...base, value: 120, setById: 'st-01', now: new Date('2026-12-01T01:00:00Z') });
    await setTarget(t.db, { ...base, value: 135, setById: 'st-01', now: new Date('2026-12-02T01:00:00Z') });
    const latest = await latestTargets(t.db, { storeId, period: '2026-12' });
    expect(latest.get(targetKey('orders', 'store', storeId))?.value).toBe(135);
    expect((await targetHistory(t.db, base)).map((r) => r.value)).toEqual([120, 135]);
  });

  it('splits a store target to teams and consultants: equal shares without history, then by the last 3 months', async () => {
    const args = { storeId, period: '2026-12', metric: 'orders' as const, scope: 'store' as const, timeZone: TZ, salesDays: EVERY_DAY };
    // six consultants (3 in sales-1, 3 in sales-2), no history → 61 = 11,10,10 | 10,10,10 by person
    const equal = await decomposeTarget(t.db, { ...args, total: 61 });
    expect(equal.basis).toBe('equal');
    expect(equal.teams.map((x) => [x.teamId, x.value])).toEqual([
      ['sales-1', 31],
      ['sales-2', 30],
    ]);
    expect(equal.teams.flatMap((x) => x.staff).reduce((a, s) => a + s.value, 0)).toBe(61);
    expect(equal.days).toHaveLength(31);
    expect(equal.days.reduce((a, d) => a + d.value, 0)).toBe(61);

    // history: st-03 ordered 3 times in October, st-07 once → sales-1 : sales-2 = 3 : 1
    const c = await t.db.customer.create({ data: { storeId, source: 'walk_in', ownerId: 'st-03', createdAt: new Date('2026-10-01T02:00:00Z') } });
    for (const [staffId, n] of [
      ['st-03', 3],
      ['st-07', 1],
    ] as const) {
      for (let i = 0; i < n; i++)
        await t.db.order.create({ data: { customerId: c.id, staffId, modelId: 'm', priceCny: 1, orderedAt: new Date('2026-10-10T03:00:00Z') } });
    }
    const byHistory = await decomposeTarget(t.db, { ...args, total: 40 });
    expect(byHistory.basis).toBe('history');
    // 40 × 3/4 = 30 to sales-1, all to st-03; 10 to sales-2, all to st-07
    expect(byHistory.teams.map((x) => [x.teamId, x.value])).toEqual([
      ['sales-1', 30],
      ['sales-2', 10],
    ]);
    expect(byHistory.teams[0].staff.find((s) => s.staffId === 'st-03')?.value).toBe(30);

    // configured weights win over history
    const configured = await decomposeTarget(t.db, {
      ...args,
      total: 10,
      weights: targetWeightsOf({ salesRules: { targetWeights: { 'st-03': 1, 'st-04': 1, 'st-07': 2 } } }),
    });
    expect(configured.basis).toBe('configured');
    expect(Object.fromEntries(configured.teams.flatMap((x) => x.staff).map((s) => [s.staffId, s.value]))).toMatchObject({ 'st-03': 3, 'st-04': 2, 'st-07': 5 });

    // salesRules.targetWeights: even → equal shares despite the history
    const even = await decomposeTarget(t.db, { ...args, total: 60, weights: targetWeightsOf({ salesRules: { targetWeights: 'even' } }) });
    expect(even.basis).toBe('equal');
    expect(even.teams.map((x) => x.value)).toEqual([30, 30]);
    expect(targetWeightsOf({ salesRules: { targetWeights: 'recent_share' } })).toBeUndefined();

    const saved = await saveDecomposition(t.db, byHistory, { storeId, setById: 'st-01', now: new Date('2026-12-01T02:00:00Z') });
    expect(saved).toBe(2 + 6);
    const staffTargets = await latestTargets(t.db, { storeId, period: '2026-12', scope: 'staff' });
    expect([...staffTargets.values()].reduce((a, r) => a + r.value, 0)).toBe(40);
  });
});
