// The managers' dashboard in headless Chromium (Debian's package, driven by playwright-core):
// sign in as a manager, see the board (progress bars, the funnel chart), switch the
// period of the funnel by dimension, switch the language; a consultant is refused; a
// store without history says so instead of drawing zeros or NaN.
import fs from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/store/seed/seedDemo.js';
import { DEMO_DIR, insertDemoStore } from '../helpers/demoStore.js';
import { launchChromium } from '../helpers/launchChromium.js';
import { createTestApp, type TestApp } from '../helpers/testApp.js';

const MID_MONTH = '2026-12-17T01:00:00Z'; // 09:00 on Thursday 17 December in Shanghai

/** The service with the dashboard (registered here until app.ts wires it). */
async function dashboardApp(opts: Parameters<typeof createTestApp>[0]): Promise<TestApp> {
  const h = await createTestApp(opts);
  return h;
}

describe('the dashboard in a browser', () => {
  let withHistory: TestApp;
  let empty: TestApp;
  let browser: Browser;
  let base: string;
  let emptyBase: string;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    withHistory = await dashboardApp({
      now: MID_MONTH,
      prepare: (t) => seedDemo(t.db, { dataDir: DEMO_DIR, now: new Date(MID_MONTH), scale: 0.5 }).then(() => undefined),
    });
    empty = await dashboardApp({ now: MID_MONTH, prepare: async (t) => void (await insertDemoStore(t.db)) });
    base = await withHistory.app.start();
    emptyBase = await empty.app.start();
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await withHistory?.close();
    await empty?.close();
    expect(pageErrors).toEqual([]);
  });

  async function open(url: string, locale: string, viewport = { width: 1100, height: 900 }): Promise<Page> {
    const context = await browser.newContext({ locale, viewport });
    const page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(url);
    return page;
  }

  it('shows a sales manager the board: progress bars, the funnel chart, the ranking; switches period and language', async () => {
    const page = await open(`${base}/dashboard`, 'zh-CN', { width: 390, height: 844 });
    await expect.poll(() => page.locator('#store-name').textContent()).toBe('星耀汽车上海浦东4S店');
    await expect.poll(() => page.locator('#message').textContent()).toBe('请选择一位销售经理或店总。');
    await page.selectOption('#staff-select', 'st-02');

    // the board: one card per target metric, each with a progress bar and a percentage
    await expect.poll(() => page.locator('#board').isVisible()).toBe(true);
    expect(await page.locator('#empty').isVisible()).toBe(false);
    expect(await page.locator('#progress .metric .pbar').count()).toBe(5);
    const pcts = await page.locator('#progress .metric .pct').allTextContents();
    for (const p of pcts) expect(p).toMatch(/^(\d+(\.\d)?%|—)$/);
    // the bars are drawn (a width set through CSSOM, which the page's CSP allows; a style attribute it would block)
    const widths = await page.locator('#progress .metric .pbar span').evaluateAll((spans) => spans.map((s) => (s as HTMLElement).style.width));
    expect(widths.some((w) => /^[1-9][\d.]*%$/.test(w))).toBe(true);
    expect(await page.locator('#progress .metric[data-metric=orders] .name').textContent()).toBe('订单');
    // the funnel as SVG bars, seven stages for yesterday and for the month
    expect(await page.locator('#funnel-mtd svg rect[data-stage]').count()).toBe(7);
    expect(await page.locator('#funnel-yesterday svg rect[data-stage]').count()).toBe(7);
    expect(await page.locator('#funnel-mtd svg').textContent()).toContain('留档');
    expect(await page.locator('#ranking tbody tr').count()).toBe(3); // sales-1's three consultants
    expect(await page.locator('#scope-name').textContent()).toBe('销售一组');
    expect(await page.locator('#team-label').isVisible()).toBe(false); // a sales manager does not switch teams
    expect(await page.locator('#forecast .big').textContent()).toMatch(/^\d/);
    const all = (await page.locator('main').textContent()) ?? '';
    expect(all).not.toMatch(/NaN|undefined|Infinity|\[object/);

    // the funnel by dimension: this month by consultant, then last month
    await expect.poll(() => page.evaluate(() => document.body.dataset.dimLoaded)).toBe('2026-12-01..2026-12-17:consultant');
    expect(await page.locator('#dim-chart svg rect[data-stage=leads]').count()).toBeGreaterThan(0);
    await page.selectOption('#period', 'last-month');
    await expect.poll(() => page.evaluate(() => document.body.dataset.dimLoaded)).toBe('2026-11-01..2026-11-30:consultant');
    expect(await page.locator('#from').inputValue()).toBe('2026-11-01');
    await page.selectOption('#by', 'source');
    await expect.poll(() => page.evaluate(() => document.body.dataset.dimLoaded)).toBe('2026-11-01..2026-11-30:source');
    expect(await page.locator('#dim-table tbody tr').count()).toBeGreaterThan(0);
    expect(await page.locator('#dim-table').textContent()).toMatch(/到店|电话|线上平台|活动|转介绍/);

    // the language switch redraws everything in English, without reloading
    await page.click('#lang-toggle');
    await expect.poll(() => page.locator('.bar .sub').textContent()).toBe('Sales dashboard');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    expect(await page.locator('#progress .metric[data-metric=orders] .name').textContent()).toBe('Orders');
    expect(await page.locator('#funnel-mtd svg').textContent()).toContain('On file');
    expect(await page.locator('#dim-table').textContent()).toMatch(/Walk-in|Phone|Online platforms|Events|Referral/);
    expect(await page.locator('#scope-name').textContent()).toBe('Sales Team 1');
    await page.screenshot({ path: 'test-results/dashboard-manager-mobile.png', fullPage: true });
    await page.context().close();
  });

  it('lets the store manager switch between the store and a team', async () => {
    const page = await open(`${base}/dashboard`, 'en-US');
    await page.selectOption('#staff-select', 'st-01');
    await expect.poll(() => page.locator('#board').isVisible()).toBe(true);
    expect(await page.locator('#team-label').isVisible()).toBe(true);
    await expect.poll(() => page.locator('#ranking tbody tr').count()).toBe(6); // the store's six consultants
    await page.selectOption('#team-select', 'sales-2');
    await expect.poll(() => page.locator('#ranking tbody tr').count()).toBe(3);
    const names = await page.locator('#ranking tbody tr td:first-child').allTextContents();
    expect(names.sort()).toEqual(['Sun Jianguo', 'Wu Tingting', 'Zhao Yuxin']);
    // an earlier day
    await page.fill('#date', '2026-12-10');
    await page.dispatchEvent('#date', 'change');
    await expect.poll(() => page.locator('#month-info').textContent()).toMatch(/^2026-12: \d+ working days/);
    await page.screenshot({ path: 'test-results/dashboard-store-manager.png', fullPage: true });
    await page.context().close();
  });

  it('exports customers as CSV; the full-phone box only for the store manager', async () => {
    const page = await open(`${base}/dashboard`, 'en-US');
    await page.selectOption('#staff-select', 'st-02');
    await expect.poll(() => page.locator('#export-button').isVisible()).toBe(true);
    expect(await page.locator('#export-button').textContent()).toBe('Export customers (CSV)');
    expect(await page.locator('#export-full').isVisible()).toBe(false);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-button')]);
    expect(download.suggestedFilename()).toBe('customers-20261217.csv');
    const csv = fs.readFileSync((await download.path())!, 'utf8');
    expect(csv.startsWith('\uFEFFid,name,phone,')).toBe(true);
    await expect.poll(() => page.locator('#message').textContent()).toBe('Exported customers-20261217.csv');

    await page.selectOption('#staff-select', 'st-01');
    await expect.poll(() => page.locator('#export-full').isVisible()).toBe(true);
    expect(await page.locator('#export-full-label').textContent()).toMatch(/store manager only; this export is logged/);
    await page.check('#export-full');
    const [full] = await Promise.all([page.waitForEvent('download'), page.click('#export-button')]);
    expect(full.suggestedFilename()).toBe('customers-20261217.csv');
    await page.click('#lang-toggle');
    expect(await page.locator('#export-button').textContent()).toBe('导出客户（CSV）');
    expect(await page.locator('#export-full-label').textContent()).toMatch(/仅店总；此次导出将被记录/);
    const exports = await withHistory.app.db.auditLog.findMany({ where: { action: 'export' }, orderBy: { id: 'asc' } });
    expect(exports.map((e) => [e.actorId, (e.detail as { phones: string }).phones])).toEqual([
      ['st-02', 'masked'],
      ['st-01', 'full'],
    ]);
    await page.context().close();
  });

  it('tells a consultant the dashboard is for managers', async () => {
    const page = await open(`${base}/dashboard`, 'en-US');
    await page.selectOption('#staff-select', 'st-03');
    await expect
      .poll(() => page.locator('#message').textContent())
      .toBe('The dashboard is for sales managers and the store manager; Lin Xiaowen is a sales consultant.');
    expect(await page.locator('#main').isVisible()).toBe(false);
    await page.context().close();
  });

  it('says "no data yet" for a store without history', async () => {
    const page = await open(`${emptyBase}/dashboard`, 'en-US');
    await page.selectOption('#staff-select', 'st-01');
    await expect.poll(() => page.locator('#empty').isVisible()).toBe(true);
    expect(await page.locator('#empty').textContent()).toBe('No data yet for this period');
    expect(await page.locator('#board').isVisible()).toBe(false);
    await expect.poll(() => page.locator('#dim-empty').isVisible()).toBe(true);
    expect(await page.locator('main').textContent()).not.toMatch(/NaN|undefined|Infinity/);
    await page.click('#lang-toggle');
    await expect.poll(() => page.locator('#empty').textContent()).toBe('本期暂无数据');
    await page.context().close();
  });
});
