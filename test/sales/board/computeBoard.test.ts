// The board on an empty store (empty, no NaN) and on the seeded demo store (plausible, finite).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { computeBoard } from '../../../src/sales/board/computeBoard.js';
import { generateHistory } from '../../../src/store/seed/generateHistory.js';
import { insertDemoStore } from '../../helpers/demoStore.js';
import { createTestDb, type TestDb } from '../../helpers/testDb.js';

const TZ = 'Asia/Shanghai';
const NOW = new Date('2026-12-15T00:30:00Z'); // 08:30 on Tuesday 15 December, store time

/** every number anywhere in the board is finite */
function numbers(x: unknown, path = 'board'): [string, number][] {
  if (typeof x === 'number') return [[path, x]];
  if (Array.isArray(x)) return x.flatMap((v, i) => numbers(v, `${path}[${i}]`));
  if (x && typeof x === 'object') return Object.entries(x).flatMap(([k, v]) => numbers(v, `${path}.${k}`));
  return [];
}

describe('the daily board', () => {
  let t: TestDb;
  let storeId: string;
  beforeEach(async () => {
    t = await createTestDb();
    storeId = (await insertDemoStore(t.db)).id;
  });
  afterEach(async () => t.close());

  it('says empty on a store without history, with no NaN anywhere', async () => {
    const b = await computeBoard(t.db, { storeId, date: '2026-12-15', timeZone: TZ, now: NOW });
    expect(b.empty).toBe(true);
    expect(b.month).toEqual({ period: '2026-12', workingDays: 31, workingDaysElapsed: 14, workingDaysLeft: 17 });
    expect(b.funnel.monthToDate.every((r) => r.count === 0 && r.conversion === null)).toBe(true);
    expect(b.progress.every((p) => p.target === null && p.pct === null && p.runRateNeeded === null && p.gap === null && p.actual === 0)).toBe(true);
    expect(b.bottleneck).toBeNull();
    expect(b.ranking).toHaveLength(6);
    expect(b.ranking.every((r) => r.practice === null && r.pct === null)).toBe(true);
    expect(b.forecast).toMatchObject({ projected: 0, low: 0, high: 0 });
    for (const [path, n] of numbers(b)) expect(Number.isFinite(n), path).toBe(true);
  });

  it('shows a plausible board on the demo history, for the store and a team', async () => {
    await generateHistory(t.db, { storeId, now: NOW, timezone: TZ, seed: 7, scale: 1 });
    await t.db.coachingSession.create({
      data: { staffId: 'st-03', kind: 'practice', score: 80, status: 'completed', startedAt: new Date('2026-12-14T03:00:00Z') },
    });
    const b = await computeBoard(t.db, { storeId, date: '2026-12-15', timeZone: TZ, now: NOW });
    expect(b.empty).toBe(false);
    for (const [path, n] of numbers(b)) expect(Number.isFinite(n), path).toBe(true);
    const orders = b.progress.find((p) => p.metric === 'orders')!;
    expect(orders.target).toBeGreaterThan(0);
    expect(orders.actual).toBe(b.funnel.monthToDate.find((r) => r.stage === 'orders')!.count);
    expect(orders.runRateNeeded).toBeCloseTo(Math.max(0, orders.target! - orders.actual) / 17);
    const leads = b.funnel.monthToDate[0].count;
    expect(leads).toBeGreaterThan(10);
    expect(b.bottleneck).not.toBeNull();
    // ranking sorted by orders, staff sums add up to the store's orders (all orders are consultants')
    expect(b.ranking.map((r) => r.orders)).toEqual([...b.ranking.map((r) => r.orders)].sort((x, y) => y - x));
    expect(b.ranking.find((r) => r.id === 'st-03')!.practice).toEqual({ sessions: 1, avgScore: 80 });
    expect(b.ranking.find((r) => r.id === 'st-04')!.practice).toEqual({ sessions: 0, avgScore: null });
    expect(b.forecast!.projected).toBeGreaterThanOrEqual(orders.actual);
    expect(b.forecast!.low).toBeLessThanOrEqual(b.forecast!.projected);
    expect(b.forecast!.high).toBeGreaterThanOrEqual(b.forecast!.projected);
    for (const d of b.today.testDrives) expect(d.customer).not.toMatch(/^[\p{Script=Han}]{2,}$/u);

    const team = await computeBoard(t.db, { storeId, date: '2026-12-15', timeZone: TZ, now: NOW, teamId: 'sales-1' });
    expect(team.scope).toMatchObject({ kind: 'team', id: 'sales-1' });
    expect(team.ranking.every((r) => r.teamId === 'sales-1')).toBe(true);
    expect(team.funnel.monthToDate[0].count).toBeLessThanOrEqual(leads);
    for (const [path, n] of numbers(team)) expect(Number.isFinite(n), path).toBe(true);
  });
});
