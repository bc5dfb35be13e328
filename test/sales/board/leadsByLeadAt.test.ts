// Leads are counted from when a person became one (Customer.leadAt), not from when their
// record was made: a web chat visitor is a lead only once they leave a phone or book, so
// chats a script opens fill no funnel, KPI, campaign cost or forecast; Telegram and
// WeChat users are leads from their first message.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { computeCampaignCosts } from '../../../src/sales/board/campaignCosts.js';
import { computeForecast } from '../../../src/sales/board/forecast.js';
import { countFunnelTotal } from '../../../src/sales/board/funnel.js';
import { computeKpis } from '../../../src/sales/board/kpis.js';
import { EVERY_DAY } from '../../../src/sales/calendar/workingDays.js';
import { insertMinimalStore } from '../../helpers/fixtures.js';
import { startStoreChat, textOf, type StoreChat } from '../../helpers/storeChat.js';
import { createTestDb, type TestDb } from '../../helpers/testDb.js';

const at = (s: string) => new Date(`${s}+08:00`);
const DEC = { from: at('2026-12-01T00:00:00'), to: at('2027-01-01T00:00:00') };

// All owned by st-c, campaign cmp:
//  lead   walk_in  created 12-02, a lead at once               → a December lead
//  late   web_chat created 11-10, left a phone on 12-04         → a December lead (not November's)
//  ghost  web_chat created 12-03, never left a phone (no lead)  → counted nowhere, even with a visit logged
//  nov    web_chat created 11-20, left a phone on 11-21         → November's lead
describe('the funnel and its neighbours count leads by leadAt', () => {
  let t: TestDb;
  let storeId: string;
  beforeAll(async () => {
    t = await createTestDb();
    storeId = (await insertMinimalStore(t.db)).id;
    await t.db.campaign.create({
      data: { id: 'cmp', storeId, nameZh: '活动', nameEn: 'Campaign', source: 'online', startsOn: '2026-11-01', endsOn: '2026-12-31', costCny: 30000 },
    });
    const customer = (id: string, source: string, created: string, leadAt: string | null) =>
      t.db.customer.create({
        data: { id, storeId, ownerId: 'st-c', source, campaignId: 'cmp', grade: 'C', createdAt: at(created), leadAt: leadAt ? at(leadAt) : null },
      });
    await customer('lead', 'walk_in', '2026-12-02T10:00:00', '2026-12-02T10:00:00');
    await customer('late', 'web_chat', '2026-11-10T10:00:00', '2026-12-04T15:00:00');
    await customer('ghost', 'web_chat', '2026-12-03T10:00:00', null);
    await customer('nov', 'web_chat', '2026-11-20T10:00:00', '2026-11-21T10:00:00');
    await t.db.interaction.create({ data: { storeId, customerId: 'ghost', staffId: 'st-c', type: 'visit', occurredAt: at('2026-12-06T10:00:00') } });
    await t.db.interaction.create({ data: { storeId, customerId: 'late', staffId: 'st-c', type: 'visit', occurredAt: at('2026-12-06T11:00:00') } });
  });
  afterAll(async () => t.close());

  it('funnel: December’s leads are the two who became leads in December; a non-lead is in no stage', async () => {
    expect(await countFunnelTotal(t.db, { storeId, ...DEC })).toMatchObject({ leads: 2, visits: 1 });
    expect(await countFunnelTotal(t.db, { storeId, from: at('2026-11-01T00:00:00'), to: DEC.from })).toMatchObject({ leads: 1 });
  });

  it('KPIs and campaign costs follow', async () => {
    const [k] = await computeKpis(t.db, { storeId, ...DEC, now: at('2026-12-15T08:30:00'), timeZone: 'Asia/Shanghai' });
    expect(k).toMatchObject({ staffId: 'st-c', leadsHandled: 2, visits: 1 });
    expect(await computeCampaignCosts(t.db, { storeId, ...DEC })).toEqual([expect.objectContaining({ campaignId: 'cmp', leads: 2, costPerLead: 15000 })]);
    expect(await computeCampaignCosts(t.db, { storeId })).toEqual([expect.objectContaining({ leads: 3, costPerLead: 10000 })]);
  });

  it('forecast: the pipeline holds the leads of the last 90 days, never a non-lead', async () => {
    const f = await computeForecast(t.db, { storeId, date: '2026-12-15', timeZone: 'Asia/Shanghai', salesDays: EVERY_DAY, target: null });
    expect(f.pipeline).toMatchObject({ C: 3, H: 0 }); // lead, late, nov; not ghost
  });
});

describe('who becomes a lead in the chat', () => {
  let h: StoreChat;
  const NOW = '2026-12-03T10:15:00+08:00';
  const today = { from: at('2026-12-03T00:00:00'), to: at('2026-12-04T00:00:00') };
  beforeEach(async () => {
    h = await startStoreChat({ now: NOW });
  });
  afterEach(async () => h.close());
  const leadsToday = async () => (await countFunnelTotal(h.db, { storeId: h.store.id, ...today })).leads;

  it('a web visitor who only chats is no lead; once they type a phone, one', async () => {
    const web = h.customer('web', 'visitor-1');
    await web.say('你好');
    await web.say('E6多少钱');
    expect(await h.db.customer.findFirstOrThrow({ where: { source: 'web_chat' } })).toMatchObject({ leadAt: null });
    expect(await leadsToday()).toBe(0);

    await web.say('我想明天下午两点试驾E6');
    await web.say('李四');
    h.clock.advance(5 * 60_000);
    expect(textOf(await web.say('13900001111'))).toContain('请确认'); // not even confirmed
    expect(await h.db.customer.findFirstOrThrow({ where: { source: 'web_chat' } })).toMatchObject({ phone: '13900001111', leadAt: h.clock.now() });
    expect(await leadsToday()).toBe(1);
  });

  it('Telegram and WeChat users are leads from their first message', async () => {
    await h.customer('telegram', '101').say('你好');
    await h.customer('wechat', 'o-abc').say('你好');
    const leads = await h.db.customer.findMany({ orderBy: { source: 'asc' }, select: { source: true, leadAt: true } });
    expect(leads).toEqual([
      { source: 'telegram', leadAt: h.clock.now() },
      { source: 'wechat', leadAt: h.clock.now() },
    ]);
    expect(await leadsToday()).toBe(2);
  });
});
