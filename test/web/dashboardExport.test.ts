// GET /api/dashboard/customers.csv through the whole service: the dashboard's staff guard,
// the download headers, a 403 with a JSON error (and an audit row) for a refusal, 400s
// for bad filters.
import { afterEach, describe, expect, it } from 'vitest';
import { demoData, insertDemoStore } from '../helpers/demoStore.js';
import { createTestApp, type TestApp } from '../helpers/testApp.js';
import type { TestDb } from '../helpers/testDb.js';

const NOW = '2026-12-03T02:15:00Z'; // 10:15 on Thursday 3 December in Shanghai
const STORE = demoData().store.id;

async function withCustomers(t: TestDb): Promise<void> {
  await insertDemoStore(t.db);
  await t.db.customer.createMany({
    data: [
      { id: 'c-01', storeId: STORE, source: 'online', name: '王小明', phone: '13812345678', grade: 'H', ownerId: 'st-03', createdAt: new Date('2026-12-01T02:00:00Z') },
      { id: 'c-02', storeId: STORE, source: 'walk_in', name: '李雷', phone: '13900001111', grade: 'A', ownerId: 'st-07', createdAt: new Date('2026-11-20T02:00:00Z') },
    ],
  });
}

describe('GET /api/dashboard/customers.csv', () => {
  let h: TestApp;
  afterEach(async () => h?.close());

  it('downloads the store manager’s export with the CSV headers and logs it', async () => {
    h = await createTestApp({ now: NOW, prepare: withCustomers });
    const res = await h.app.http.inject({ url: '/api/dashboard/customers.csv?staffId=st-01' });
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

    const full = await h.app.http.inject({ url: '/api/dashboard/customers.csv?staffId=st-01&phones=full&grade=H,A&lang=en' });
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
    const res = await h.app.http.inject({ url: '/api/dashboard/customers.csv?staffId=st-02&from=2026-11-01&to=2026-12-03&onFile=0&source=online&owner=st-03' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('c-01');
    expect(res.body).not.toContain('c-02');
  });

  it('answers a consultant with a 403 JSON error and records the refusal', async () => {
    h = await createTestApp({ now: NOW, prepare: withCustomers });
    const res = await h.app.http.inject({ url: '/api/dashboard/customers.csv?staffId=st-03' });
    expect(res.statusCode).toBe(403);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.json()).toMatchObject({ code: 'not_a_manager', errorZh: '仅销售经理和店总可导出客户' });
    const denied = await h.app.db.auditLog.findMany({ where: { action: 'access_denied' } });
    expect(denied.map((d) => [d.actorId, d.detail])).toEqual([['st-03', { attempted: 'export', role: 'sales_consultant', reason: 'not_a_manager' }]]);
    expect(await h.app.db.auditLog.count({ where: { action: 'export' } })).toBe(0);

    const fullForManager = await h.app.http.inject({ url: '/api/dashboard/customers.csv?staffId=st-02&phones=full' });
    expect(fullForManager.statusCode).toBe(403);
    expect(fullForManager.json()).toMatchObject({ code: 'full_phones_store_manager_only' });
    const otherTeam = await h.app.http.inject({ url: '/api/dashboard/customers.csv?staffId=st-02&owner=st-07' });
    expect(otherTeam.statusCode).toBe(403);
    expect(otherTeam.json()).toMatchObject({ code: 'owner_out_of_scope' });
  });

  it('is behind the staff guard, and says what is wrong with a bad query', async () => {
    h = await createTestApp({ now: NOW, env: { HOST: '0.0.0.0' }, prepare: withCustomers });
    const closed = await h.app.http.inject({ url: '/api/dashboard/customers.csv?staffId=st-01' });
    expect(closed.statusCode).toBe(403);
    expect(closed.json().error).toMatch(/closed here: set WEB_STAFF_KEY/);
    await h.close();

    h = await createTestApp({ now: NOW, env: { HOST: '0.0.0.0', WEB_STAFF_KEY: 'k-123456' }, prepare: withCustomers });
    expect((await h.app.http.inject({ url: '/api/dashboard/customers.csv?staffId=st-01' })).statusCode).toBe(401);
    expect((await h.app.http.inject({ url: '/api/dashboard/customers.csv?staffId=st-01', headers: { 'x-staff-key': 'k-123456' } })).statusCode).toBe(200);

    const bad = async (query: string) => {
      const res = await h.app.http.inject({ url: `/api/dashboard/customers.csv?staffId=st-01&${query}`, headers: { 'x-staff-key': 'k-123456' } });
      expect(res.statusCode).toBe(400);
      return res.json().error as string;
    };
    expect(await bad('grade=Z')).toMatch(/"grade" must be grades/);
    expect(await bad('phones=all')).toMatch(/"phones" must be masked or full/);
    expect(await bad('from=2026-12-05&to=2026-12-01')).toMatch(/"from" \(2026-12-05\) is after "to"/);
    expect(await bad('from=2026-02-30')).toMatch(/not a calendar date/);
    expect(await bad('name=wang')).toMatch(/unknown query parameter\(s\): name/);
    expect(await h.app.db.auditLog.count({ where: { action: 'export' } })).toBe(1);
    expect((await h.app.http.inject({ url: '/api/dashboard/customers.csv?staffId=st-99', headers: { 'x-staff-key': 'k-123456' } })).statusCode).toBe(404);
  });
});
