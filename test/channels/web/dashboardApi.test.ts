// The managers' dashboard API: the web's staff sign-in (here the demo's pick on loopback),
// managers only, the board and the funnel by dimension as JSON on the demo store, and
// clear 400s for bad queries.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FUNNEL_STAGES, TARGET_METRICS, type Board } from '../../../src/sales/board/boardTypes.js';
import { seedDemo } from '../../../src/store/seed/seedDemo.js';
import { DEMO_DIR, insertDemoStore } from '../../helpers/demoStore.js';
import { createTestApp, type TestApp } from '../../helpers/testApp.js';
import { asStaff, createBrowser } from '../../helpers/webChat.js';

const NOW = '2026-12-03T02:15:00Z'; // 10:15 on Thursday 3 December in Shanghai
const MID_MONTH = '2026-12-17T01:00:00Z'; // 09:00 on Thursday 17 December: half a month of history

async function dashboardApp(opts: Parameters<typeof createTestApp>[0] = {}): Promise<TestApp> {
  return createTestApp({ now: NOW, ...opts });
}

const as = (h: TestApp, staffId: string) => asStaff(h.app.http, staffId);
/** GET `url` signed in as the staff member (the demo's pick). */
async function getAs(h: TestApp, staffId: string, url: string) {
  return (await as(h, staffId)).request({ url });
}

const demoWithHistory =
  (now: string, scale = 0.5) =>
  async (t: { db: Parameters<typeof seedDemo>[0] }) => {
    await seedDemo(t.db, { dataDir: DEMO_DIR, now: new Date(now), scale });
  };

/** Every number anywhere in the value is finite (no NaN, no Infinity). */
function nonFinite(value: unknown, at = '$'): string[] {
  if (typeof value === 'number') return Number.isFinite(value) ? [] : [`${at} = ${value}`];
  if (Array.isArray(value)) return value.flatMap((v, i) => nonFinite(v, `${at}[${i}]`));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => nonFinite(v, `${at}.${k}`));
  return [];
}

describe('dashboard: who may see it', () => {
  let h: TestApp;
  afterEach(async () => h?.close());

  it('is open on loopback in the demo, closed to other addresses, and never takes the viewer from the query', async () => {
    h = await dashboardApp({ prepare: async (t) => void (await insertDemoStore(t.db)) });
    // not signed in: 401, whatever the query claims
    const anonymous = await h.app.http.inject({ url: '/api/dashboard/me?staffId=st-01' });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json()).toMatchObject({ code: 'signed_out' });
    const ok = await getAs(h, 'st-01', '/api/dashboard/me');
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ staff: { id: 'st-01', role: 'store_manager' }, canSwitchTeams: true, defaultTeam: null, today: '2026-12-03' });
    expect(ok.json().directory.find((d: { id: string }) => d.id === 'st-03')).toEqual({
      id: 'st-03',
      name: { zh: '林晓雯', en: 'Lin Xiaowen' },
      role: 'sales_consultant',
    });
    // a consultant signed in who names the store manager in the query is still the consultant
    const claimed = await getAs(h, 'st-03', '/api/dashboard/me?staffId=st-01');
    expect(claimed.statusCode).toBe(403);
    expect(claimed.json().code).toBe('not_a_manager');

    const outside = { remoteAddress: '203.0.113.9' };
    const cookie = (await as(h, 'st-01')).jar.header()!;
    for (const url of ['/api/dashboard/me', '/api/dashboard/board', '/api/dashboard/funnel']) {
      const res = await h.app.http.inject({ url, headers: { cookie }, ...outside });
      expect(res.statusCode).toBe(403);
      expect(res.json().code).toBe('closed');
    }
    // the page itself is public: it only says the staff side is closed
    expect((await h.app.http.inject({ url: '/dashboard', ...outside })).statusCode).toBe(200);
  });

  it('answers a consultant or a DCC agent with a clear 403; there is no unknown staff member to sign in as', async () => {
    h = await dashboardApp({ prepare: async (t) => void (await insertDemoStore(t.db)) });
    for (const staffId of ['st-03', 'st-10']) {
      for (const path of ['me', 'board', 'funnel']) {
        const res = await getAs(h, staffId, `/api/dashboard/${path}`);
        expect(res.statusCode).toBe(403);
        expect(res.json()).toMatchObject({ code: 'not_a_manager', errorZh: '看板仅对销售经理和店总开放' });
        expect(res.json().error).toMatch(/for sales managers and the store manager; (Lin Xiaowen is a sales consultant|Zheng Kai is a dcc agent)/);
      }
    }
    const unknown = await createBrowser(h.app.http).request({ method: 'POST', url: '/api/staff/demo-sign-in', payload: { staffId: 'st-99' } });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error).toBe('no such active staff member');
  });

  it('gives a sales manager their team only; the store manager any team', async () => {
    h = await dashboardApp({ prepare: async (t) => void (await insertDemoStore(t.db)) });
    const me = (await getAs(h, 'st-06', '/api/dashboard/me')).json();
    expect(me).toMatchObject({ canSwitchTeams: false, defaultTeam: 'sales-2' });
    expect(me.teams.map((t: { id: string }) => t.id)).toEqual(['sales-2']);
    const other = await getAs(h, 'st-06', '/api/dashboard/board?team=sales-1');
    expect(other.statusCode).toBe(403);
    expect(other.json().error).toMatch(/own team's board \(sales-2\); only the store manager switches teams/);
    const noTeam = await getAs(h, 'st-01', '/api/dashboard/board?team=sales-9');
    expect(noTeam.statusCode).toBe(404);
    expect(noTeam.json().error).toBe('no team "sales-9" in this store');
  });

  it.each([
    ['a date that is not a date', '/api/dashboard/board?date=yesterday', /"date" must be a date YYYY-MM-DD/],
    ['a date not in the calendar', '/api/dashboard/board?date=2026-02-30', /"date" is not a calendar date/],
    ['a team id with spaces', '/api/dashboard/board?team=a%20b', /"team" must be a team id/],
    ['an unknown parameter', '/api/dashboard/board?store=x', /unknown query parameter\(s\): store/],
    ['an unknown dimension', '/api/dashboard/funnel?by=region', /"by" must be one of consultant, team, source, campaign, model/],
    ['from after to', '/api/dashboard/funnel?from=2026-12-03&to=2026-11-01', /"from" \(2026-12-03\) is after "to" \(2026-11-01\)/],
    ['a period over a year', '/api/dashboard/funnel?from=2025-01-01&to=2026-12-01', /at most 366 are allowed/],
    ['a bad from', '/api/dashboard/funnel?from=2026-1-1', /"from" must be a date YYYY-MM-DD/],
  ])('rejects %s with a 400 and a clear message', async (_name, url, message) => {
    h = await dashboardApp({ prepare: async (t) => void (await insertDemoStore(t.db)) });
    const res = await getAs(h, 'st-01', url);
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatch(message);
  });

  it('serves the page and its script and style, nothing else from that folder', async () => {
    h = await dashboardApp({ prepare: async (t) => void (await insertDemoStore(t.db)) });
    const page = await h.app.http.inject({ url: '/dashboard' });
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.body).toContain('/dashboard/dashboard.js');
    expect((await h.app.http.inject({ url: '/dashboard/dashboard.js' })).headers['content-type']).toMatch(/javascript/);
    expect((await h.app.http.inject({ url: '/dashboard/dashboard.css' })).headers['content-type']).toMatch(/text\/css/);
    expect((await h.app.http.inject({ url: '/dashboard/chat.js' })).statusCode).toBe(404);
    expect((await h.app.http.inject({ url: '/dashboard/..%2F..%2Fpackage.json' })).statusCode).toBe(404);
    // the chat is untouched
    expect((await h.app.http.inject({ url: '/' })).body).toContain('/web/chat.js');
  });
});

describe('dashboard: the board and the funnel on the demo store', () => {
  let h: TestApp;
  beforeAll(async () => {
    h = await dashboardApp({ now: MID_MONTH, prepare: demoWithHistory(MID_MONTH) });
  }, 120_000);
  afterAll(async () => h?.close());

  const get = async (url: string) => {
    // the viewer named in the test's url (the store manager when none), signed in as them
    const staffId = url.match(/[?&]staffId=([\w-]+)/)?.[1] ?? 'st-01';
    const res = await getAs(h, staffId, url.replace(/staffId=[\w-]+&?/, '').replace(/[?&]$/, ''));
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };

  it("shows a sales manager their team's board, with finite numbers throughout", async () => {
    const board: Board = await get('/api/dashboard/board?staffId=st-02');
    expect(board.date).toBe('2026-12-17');
    expect(board.scope).toMatchObject({ kind: 'team', id: 'sales-1' });
    expect(board.empty).toBe(false);
    expect(nonFinite(board)).toEqual([]);
    expect(board.progress.map((p) => p.metric).sort()).toEqual([...TARGET_METRICS].sort());
    expect(board.funnel.monthToDate.map((r) => r.stage)).toEqual([...FUNNEL_STAGES]);
    expect(board.funnel.monthToDate[0].count).toBeGreaterThan(0);
    // the team's board ranks the team's people
    expect(board.ranking.length).toBeGreaterThan(0);
    for (const r of board.ranking) expect(r.teamId).toBe('sales-1');
  });

  it("shows the store manager the store, and a team on request; an earlier day's board too", async () => {
    const store: Board = await get('/api/dashboard/board?staffId=st-01');
    expect(store.scope).toEqual({ kind: 'store' });
    expect(nonFinite(store)).toEqual([]);
    const team: Board = await get('/api/dashboard/board?team=sales-2');
    expect(team.scope).toMatchObject({ kind: 'team', id: 'sales-2' });
    const earlier: Board = await get('/api/dashboard/board?date=2026-11-20');
    expect(earlier.date).toBe('2026-11-20');
    expect(nonFinite(earlier)).toEqual([]);
  });

  it("gives the funnel by dimension with names, in the viewer's scope", async () => {
    const byConsultant = await get('/api/dashboard/funnel?from=2026-11-01&to=2026-12-17&by=consultant');
    expect(byConsultant).toMatchObject({ from: '2026-11-01', to: '2026-12-17', by: 'consultant', teamId: null });
    expect(nonFinite(byConsultant)).toEqual([]);
    const named = byConsultant.groups.filter((g: { key: string | null }) => g.key !== null);
    expect(named.length).toBeGreaterThan(1);
    expect(named.find((g: { key: string }) => g.key === 'st-03').label).toEqual({ zh: '林晓雯', en: 'Lin Xiaowen' });

    // a sales manager's funnel: their team's people only
    const team = await get('/api/dashboard/funnel?staffId=st-06&from=2026-11-01&to=2026-12-17&by=consultant');
    expect(team.teamId).toBe('sales-2');
    for (const g of team.groups) expect(['st-06', 'st-07', 'st-08', 'st-09']).toContain(g.key);

    // the default period is this month so far; other dimensions resolve their names
    const models = await get('/api/dashboard/funnel?by=model');
    expect(models).toMatchObject({ from: '2026-12-01', to: '2026-12-17' });
    const byTeam = await get('/api/dashboard/funnel?from=2026-11-01&to=2026-11-30&by=team');
    expect(byTeam.groups.find((g: { key: string }) => g.key === 'sales-1').label).toEqual({ zh: '销售一组', en: 'Sales Team 1' });
    // the groups add up to the store's total for the same period
    const bySource = await get('/api/dashboard/funnel?from=2026-11-01&to=2026-11-30&by=source');
    const sum = (x: { groups: { counts: { leads: number } }[] }) => x.groups.reduce((n, g) => n + g.counts.leads, 0);
    expect(sum(bySource)).toBe(sum(byTeam));
    expect(sum(bySource)).toBeGreaterThan(0);
  });
});

describe('dashboard: a store with no history', () => {
  let h: TestApp;
  afterEach(async () => h?.close());

  it('says the board is empty, with no NaN anywhere', async () => {
    h = await dashboardApp({ prepare: async (t) => void (await insertDemoStore(t.db)) });
    const res = await getAs(h, 'st-01', '/api/dashboard/board');
    expect(res.statusCode, res.body).toBe(200);
    const board: Board = res.json();
    expect(board.empty).toBe(true);
    expect(nonFinite(board)).toEqual([]);
    const funnel = (await getAs(h, 'st-01', '/api/dashboard/funnel?by=source')).json();
    expect(funnel.groups).toEqual([]);
  });
});
