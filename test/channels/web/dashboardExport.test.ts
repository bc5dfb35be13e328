// GET /api/dashboard/customers.csv through the whole service: the web's staff sign-in,
// the download headers, a 403 with a JSON error (and an audit row) for a refusal, 400s
// for bad filters.
import { afterEach, describe, expect, it } from 'vitest';
import { demoData, insertDemoStore } from '../../helpers/demoStore.js';
import { createTestApp, type TestApp } from '../../helpers/testApp.js';
import { asStaff } from '../../helpers/webChat.js';
import type { TestDb } from '../../helpers/testDb.js';

const NOW = '2026-12-03T02:15:00Z'; // 10:15 on Thursday 3 December in Shanghai
const STORE = demoData().store.id;

async function withCustomers(t: TestDb): Promise<void> {
  await insertDemoStore(t.db);
  await t.db.customer.createMany({
    data: [
      {
        id: 'c-01',
        storeId: STORE,
        source: 'online',
        name: '王小明',
        phone: '13812345678',
        grade: 'H',
        ownerId: 'st-03',
        createdAt: new Date('2026-12-01T02:00:00Z'),
        leadAt: new Date('2026-12-01T02:00:00Z'),
      },
      {
        id: 'c-02',
        storeId: STORE,
        source: 'walk_in',
        name: '李雷',
        phone: '13900001111',
        grade: 'A',
        ownerId: 'st-07',
        createdAt: new Date('2026-11-20T02:00:00Z'),
        leadAt: new Date('2026-11-20T02:00:00Z'),
      },
    ],
  });
}

describe('GET /api/dashboard/customers.csv', () => {
  let h: TestApp;
  afterEach(async () => h?.close());
  /** GET as the staff member signed in (the demo's pick on loopback). */
  const getAs = async (staffId: string, url: string) => (await asStaff(h.app.http, staffId)).request({ url });

  it('downloads the store manager’s export with the CSV headers and logs it', async () => {
    h = await createTestApp({ now: NOW, prepare: withCustomers });
    const res = await getAs('st-01', '/api/dashboard/customers.csv');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="customers-20261203.csv"');
    expect(res.headers['cache-control']).toBe('no-store');
    expect([...res.rawPayload.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = res.body.replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[0]).toMatch(/^id,name,phone,grade,owner_id,owner_name,/);
    expect(lines.filter(Boolean)).toHaveLength(3);
    expect(res.body).toContain('138****5678');
    expect(res.body).not.toContain('13812345678');

    const full = await getAs('st-01', '/api/dashboard/customers.csv?phones=full&grade=H,A&lang=en');
    expect(full.statusCode).toBe(200);
    expect(full.body).toContain('13812345678');
    const audits = await h.app.db.auditLog.findMany({ where: { action: 'export' }, orderBy: { id: 'asc' } });
    expect(audits.map((a) => a.detail)).toEqual([
      { role: 'store_manager', filters: {}, phones: 'masked', rows: 2 },
      { role: 'store_manager', filters: { grades: ['H', 'A'] }, phones: 'full', rows: 2 },
    ]);
  });

  it('gives a sales manager their team, passes the filters on', async () => {
    h = await createTestApp({ now: NOW, prepare: withCustomers });
    const res = await getAs('st-02', '/api/dashboard/customers.csv?from=2026-11-01&to=2026-12-03&onFile=0&source=online&owner=st-03');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('c-01');
    expect(res.body).not.toContain('c-02');
  });

  it('answers a consultant with a 403 JSON error and records the refusal', async () => {
    h = await createTestApp({ now: NOW, prepare: withCustomers });
    const res = await getAs('st-03', '/api/dashboard/customers.csv');
    expect(res.statusCode).toBe(403);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.json()).toMatchObject({ code: 'not_a_manager', errorZh: '仅销售经理和店总可导出客户' });
    const denied = await h.app.db.auditLog.findMany({ where: { action: 'access_denied' } });
    expect(denied.map((d) => [d.actorId, d.detail])).toEqual([['st-03', { attempted: 'export', role: 'sales_consultant', reason: 'not_a_manager' }]]);
    expect(await h.app.db.auditLog.count({ where: { action: 'export' } })).toBe(0);

    const fullForManager = await getAs('st-02', '/api/dashboard/customers.csv?phones=full');
    expect(fullForManager.statusCode).toBe(403);
    expect(fullForManager.json()).toMatchObject({ code: 'full_phones_store_manager_only' });
    const otherTeam = await getAs('st-02', '/api/dashboard/customers.csv?owner=st-07');
    expect(otherTeam.statusCode).toBe(403);
    expect(otherTeam.json()).toMatchObject({ code: 'owner_out_of_scope' });
  });

  it('is behind the staff sign-in, and says what is wrong with a bad query', async () => {
    h = await createTestApp({ now: NOW, prepare: withCustomers });
    const anonymous = await h.app.http.inject({ url: '/api/dashboard/customers.csv?staffId=st-01' });
    expect(anonymous.statusCode).toBe(401);
    const cookie = (await asStaff(h.app.http, 'st-01')).jar.header()!;
    const closed = await h.app.http.inject({ url: '/api/dashboard/customers.csv', headers: { cookie }, remoteAddress: '203.0.113.9' });
    expect(closed.statusCode).toBe(403);
    expect(closed.json().code).toBe('closed');
    expect((await getAs('st-01', '/api/dashboard/customers.csv')).statusCode).toBe(200);

    const bad = async (query: string) => {
      const res = await getAs('st-01', `/api/dashboard/customers.csv?${query}`);
      expect(res.statusCode).toBe(400);
      return res.json().error as string;
    };
    expect(await bad('grade=Z')).toMatch(/"grade" must be grades/);
    expect(await bad('phones=all')).toMatch(/"phones" must be masked or full/);
    expect(await bad('from=2026-12-05&to=2026-12-01')).toMatch(/"from" \(2026-12-05\) is after "to"/);
    expect(await bad('from=2026-02-30')).toMatch(/not a calendar date/);
    expect(await bad('name=wang')).toMatch(/unknown query parameter\(s\): name/);
    expect(await h.app.db.auditLog.count({ where: { action: 'export' } })).toBe(1);
  });
});
