// computeBoards (the store's queries once, each team's share summed) gives the same boards as
// computeBoard per scope, on the demo history with the awkward cases of the team rule added:
// customers without an owner, an order without a consultant, a consultant who moved team,
// one who left (inactive, still owning customers), and a manager owning customers.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { computeBoard, computeBoards } from '../../../src/sales/board/computeBoard.js';
import { generateHistory } from '../../../src/store/seed/generateHistory.js';
import { insertDemoStore } from '../../helpers/demoStore.js';
import { createTestDb, type TestDb } from '../../helpers/testDb.js';

const TZ = 'Asia/Shanghai';
const NOW = new Date('2026-12-15T00:30:00Z'); // 08:30 on Tuesday 15 December, store time
const TEAMS = ['dcc', 'sales-1', 'sales-2'];

/** what a renderer gets (undefined fields dropped) */
const json = (x: unknown) => JSON.parse(JSON.stringify(x));

describe('computeBoards', () => {
  let t: TestDb;
  let storeId: string;
  beforeEach(async () => {
    t = await createTestDb();
    storeId = (await insertDemoStore(t.db)).id;
  });
  afterEach(async () => t.close());

  async function expectSameAsComputeBoard(date: string, now: Date) {
    const args = { storeId, date, timeZone: TZ, now };
    const { store, teams } = await computeBoards(t.db, { ...args, teamIds: TEAMS });
    expect(json(store)).toEqual(json(await computeBoard(t.db, args)));
    expect([...teams.keys()].sort()).toEqual(TEAMS);
    for (const teamId of TEAMS) expect(json(teams.get(teamId)), teamId).toEqual(json(await computeBoard(t.db, { ...args, teamId })));
    return { store, teams };
  }

  it('equals computeBoard for the store and each team on the demo history', async () => {
    await generateHistory(t.db, { storeId, now: NOW, timezone: TZ, seed: 7, scale: 1 });
    await t.db.coachingSession.create({
      data: { staffId: 'st-03', kind: 'practice', score: 80, status: 'completed', startedAt: new Date('2026-12-14T03:00:00Z') },
    });
    // the awkward cases: nobody's customers and order, a move, a leaver, a manager's customers
    const some = await t.db.customer.findMany({ where: { storeId }, orderBy: { id: 'asc' }, take: 40 });
    await t.db.customer.updateMany({ where: { id: { in: some.slice(0, 10).map((c) => c.id) } }, data: { ownerId: null } });
    await t.db.customer.updateMany({ where: { id: { in: some.slice(10, 20).map((c) => c.id) } }, data: { ownerId: 'st-02' } });
    const order = await t.db.order.findFirstOrThrow({
      where: { status: { not: 'cancelled' }, orderedAt: { gte: new Date('2026-12-01T00:00:00+08:00') } },
      orderBy: { id: 'asc' },
    });
    await t.db.order.update({ where: { id: order.id }, data: { staffId: null } });
    await t.db.staff.update({ where: { id: 'st-05' }, data: { teamId: 'sales-2' } });
    await t.db.staff.update({ where: { id: 'st-07' }, data: { active: false } });

    const { store, teams } = await expectSameAsComputeBoard('2026-12-15', NOW);
    expect(store.empty).toBe(false);
    // the teams' shares do not add up to the store: nobody's customers count for the store only
    const leads = (b: typeof store) => b.funnel.monthToDate[0].count;
    expect(TEAMS.reduce((n, id) => n + leads(teams.get(id)!), 0)).toBeLessThanOrEqual(leads(store));
    expect(teams.get('sales-2')!.ranking.map((r) => r.id)).toContain('st-05');
    expect(teams.get('sales-2')!.ranking.map((r) => r.id)).not.toContain('st-07');
  });

  it('equals computeBoard on the 1st of a month and on a store without history', async () => {
    await expectSameAsComputeBoard('2026-12-15', NOW);
    await generateHistory(t.db, { storeId, now: NOW, timezone: TZ, seed: 3, scale: 1 });
    await expectSameAsComputeBoard('2026-12-01', new Date('2026-11-30T16:30:00Z'));
  });

  it('refuses a team of another store or none', async () => {
    await expect(computeBoards(t.db, { storeId, date: '2026-12-15', timeZone: TZ, now: NOW, teamIds: ['sales-1', 'no-such-team'] })).rejects.toThrow(
      /no-such-team/,
    );
  });
});
