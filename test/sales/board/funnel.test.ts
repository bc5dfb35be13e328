// Funnel, KPIs and campaign cost on a hand-built store whose figures are counted by hand.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeCampaignCosts } from '../../../src/sales/board/campaignCosts.js';
import { computeFunnel, countFunnelTotal, findBottleneck, funnelRows } from '../../../src/sales/board/funnel.js';
import { computeKpis } from '../../../src/sales/board/kpis.js';
import { insertMinimalStore } from '../../helpers/fixtures.js';
import { createTestDb, type TestDb } from '../../helpers/testDb.js';

const TZ = 'Asia/Shanghai';
const at = (s: string) => new Date(`${s}+08:00`);
const DEC = { from: at('2026-12-01T00:00:00'), to: at('2027-01-01T00:00:00') };
const NOW = at('2026-12-15T08:30:00');

// December 2026 (store time), owners st-c (consultant) and st-m (manager), campaign cmp:
//  c1 st-c walk_in cmp  created 12-02, on file 12-02, visits 12-02 + 12-05 (one customer),
//                       test drive 12-05, quote 12-06, order 12-07, delivered 12-20 (200 000)
//  c2 st-c online  cmp  created 12-03, on file 12-04, visit 12-04, test drive 12-04
//  c3 st-m online       created 12-10
//  c4 st-c phone        created 11-20, on file 11-21, visit 12-01, ordered 11-30, delivered 12-03 (150 000)
//  c5 st-c walk_in      created 2027-01-02 (outside)
// Store: leads 3 (c1 c2 c3), on_file 2 (c1 c2), visits 3 (c1 c2 c4), test drives 2 (c1 c2),
// quotes 1, orders 1 (c1), deliveries 2 (c1 c4), revenue 350 000.
// Conversions: 2/3, 3/2, 2/3, 1/2, 1/1, 2/1.
describe('funnel and KPIs on a hand-built store', () => {
  let t: TestDb;
  let storeId: string;
  beforeAll(async () => {
    t = await createTestDb();
    storeId = (await insertMinimalStore(t.db)).id;
    await t.db.campaign.create({
      data: { id: 'cmp', storeId, nameZh: '活动', nameEn: 'Campaign', source: 'online', startsOn: '2026-12-01', endsOn: '2026-12-31', costCny: 30000 },
    });
    const customer = (id: string, ownerId: string, source: string, created: string, onFile: string | null, campaignId: string | null = null) =>
      // staff-entered customers: leads from the moment they are created
      t.db.customer.create({
        data: {
          id,
          storeId,
          ownerId,
          source,
          campaignId,
          intendedModelId: 'm1',
          createdAt: at(created),
          leadAt: at(created),
          onFileAt: onFile ? at(onFile) : null,
        },
      });
    await customer('c1', 'st-c', 'walk_in', '2026-12-02T10:00:00', '2026-12-02T10:30:00', 'cmp');
    await customer('c2', 'st-c', 'online', '2026-12-03T10:00:00', '2026-12-04T11:00:00', 'cmp');
    await customer('c3', 'st-m', 'online', '2026-12-10T10:00:00', null);
    await customer('c4', 'st-c', 'phone', '2026-11-20T10:00:00', '2026-11-21T10:00:00');
    await customer('c5', 'st-c', 'walk_in', '2027-01-02T10:00:00', null);
    const event = (customerId: string, type: string, when: string) =>
      t.db.interaction.create({ data: { storeId, customerId, staffId: 'st-c', type, modelId: 'm1', occurredAt: at(when) } });
    await event('c1', 'visit', '2026-12-02T10:00:00');
    await event('c1', 'visit', '2026-12-05T09:50:00');
    await event('c1', 'test_drive', '2026-12-05T10:00:00');
    await event('c1', 'quote', '2026-12-06T15:00:00');
    await event('c2', 'visit', '2026-12-04T10:00:00');
    await event('c2', 'test_drive', '2026-12-04T11:00:00');
    await event('c4', 'visit', '2026-12-01T14:00:00');
    await event('c4', 'call', '2026-12-02T14:00:00'); // not a stage
    await t.db.order.create({
      data: {
        customerId: 'c1',
        staffId: 'st-c',
        modelId: 'm1',
        priceCny: 200000,
        status: 'delivered',
        orderedAt: at('2026-12-07T16:00:00'),
        deliveredAt: at('2026-12-20T10:00:00'),
      },
    });
    await t.db.order.create({
      data: {
        customerId: 'c4',
        staffId: 'st-c',
        modelId: 'm1',
        priceCny: 150000,
        status: 'delivered',
        orderedAt: at('2026-11-30T16:00:00'),
        deliveredAt: at('2026-12-03T10:00:00'),
      },
    });
    await t.db.order.create({
      data: { customerId: 'c2', staffId: 'st-c', modelId: 'm1', priceCny: 1, status: 'cancelled', orderedAt: at('2026-12-08T16:00:00') },
    });
    // follow-ups of st-c: 12-05 done the same day (on time), 12-06 done 12-08 (late), 12-09 still open (late), 12-28 not due yet
    const task = (due: string, status: string, done: string | null) =>
      t.db.followUpTask.create({ data: { customerId: 'c1', staffId: 'st-c', kind: 'follow_up', dueAt: at(due), status, doneAt: done ? at(done) : null } });
    await task('2026-12-05T10:00:00', 'done', '2026-12-05T15:00:00');
    await task('2026-12-06T10:00:00', 'done', '2026-12-08T09:00:00');
    await task('2026-12-09T10:00:00', 'open', null);
    await task('2026-12-28T10:00:00', 'open', null);
  });
  afterAll(async () => t.close());

  it('counts each stage by its rule and converts between stages', async () => {
    const total = await countFunnelTotal(t.db, { storeId, ...DEC });
    expect(total).toEqual({ leads: 3, on_file: 2, visits: 3, test_drives: 2, quotes: 1, orders: 1, deliveries: 2, revenue: 350000 });
    expect(funnelRows(total).map((r) => r.conversion)).toEqual([null, 2 / 3, 3 / 2, 2 / 3, 1 / 2, 1, 2]);
  });

  it('groups by consultant, team, source, campaign and model', async () => {
    const by = async (d: 'consultant' | 'team' | 'source' | 'campaign' | 'model') =>
      Object.fromEntries((await computeFunnel(t.db, { storeId, ...DEC, by: d })).map((g) => [g.key ?? 'none', g.counts]));
    const staff = await by('consultant');
    expect(staff['st-c']).toMatchObject({ leads: 2, on_file: 2, visits: 3, test_drives: 2, quotes: 1, orders: 1, deliveries: 2 });
    expect(staff['st-m']).toMatchObject({ leads: 1, on_file: 0, visits: 0 });
    expect((await by('team'))['team-t']).toMatchObject({ leads: 3, visits: 3, orders: 1, deliveries: 2 });
    const source = await by('source');
    expect(source.walk_in).toMatchObject({ leads: 1, on_file: 1, visits: 1, test_drives: 1, quotes: 1, orders: 1, deliveries: 1 });
    expect(source.online).toMatchObject({ leads: 2, on_file: 1, visits: 1, test_drives: 1, orders: 0 });
    expect(source.phone).toMatchObject({ leads: 0, visits: 1, deliveries: 1 });
    const campaign = await by('campaign');
    expect(campaign.cmp).toMatchObject({ leads: 2, orders: 1 });
    expect(campaign.none).toMatchObject({ leads: 1, visits: 1, deliveries: 1 });
    expect((await by('model')).m1).toMatchObject({ leads: 3, visits: 3, orders: 1 });
    // a team filter keeps the team's customers
    expect(await countFunnelTotal(t.db, { storeId, ...DEC, staffId: 'st-m' })).toMatchObject({ leads: 1, visits: 0, orders: 0 });
  });

  it('computes KPIs per consultant', async () => {
    const [k] = await computeKpis(t.db, { storeId, ...DEC, now: NOW, timeZone: TZ });
    // st-c: 2 leads, both on file → 1; 2 test drives / 3 visits; 1 order / 3 visits;
    // follow-ups due before now: 3, on time 1
    expect(k).toMatchObject({ staffId: 'st-c', leadsHandled: 2, onFileRate: 1, testDrives: 2, orders: 1, deliveries: 2, followUpsDue: 3, followUpsOnTime: 1 });
    expect(k.testDriveRate).toBeCloseTo(2 / 3);
    expect(k.closeRate).toBeCloseTo(1 / 3);
    expect(k.followUpsOnTimeRate).toBeCloseTo(1 / 3);
    const empty = await computeKpis(t.db, { storeId, from: at('2025-01-01T00:00:00'), to: at('2025-02-01T00:00:00'), now: NOW, timeZone: TZ });
    expect(empty[0]).toMatchObject({ leadsHandled: 0, onFileRate: null, testDriveRate: null, closeRate: null, followUpsOnTimeRate: null });
  });

  it('costs a campaign per lead and per order', async () => {
    // 30 000 / 2 leads = 15 000; / 1 order = 30 000
    expect(await computeCampaignCosts(t.db, { storeId, ...DEC })).toEqual([
      expect.objectContaining({ campaignId: 'cmp', leads: 2, orders: 1, costPerLead: 15000, costPerOrder: 30000 }),
    ]);
  });

  it('finds the bottleneck: the largest drop against last month, else the weakest stage', () => {
    const now = funnelRows({ leads: 100, on_file: 80, visits: 40, test_drives: 30, quotes: 20, orders: 4, deliveries: 5, revenue: 0 });
    const last = funnelRows({ leads: 100, on_file: 80, visits: 60, test_drives: 30, quotes: 20, orders: 10, deliveries: 9, revenue: 0 });
    // visits 60/80 → 40/80 (−0.25), test drives 30/60 → 30/40 (+), orders 10/20 → 4/20 (−0.3): orders
    expect(findBottleneck(now, last)).toEqual({ stage: 'orders', conversion: 0.2, lastMonthConversion: 0.5 });
    expect(findBottleneck(now, null)).toEqual({ stage: 'orders', conversion: 0.2, lastMonthConversion: null });
    expect(findBottleneck(funnelRows({ leads: 0, on_file: 0, visits: 0, test_drives: 0, quotes: 0, orders: 0, deliveries: 0, revenue: 0 }), null)).toBeNull();
  });
});
