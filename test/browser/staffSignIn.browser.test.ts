// Staff sign-in in a real browser: the invite link sets a password and lands on the
// dashboard; the chat's staff side sends a signed-out visitor to the sign-in page, which
// brings them back signed in; sign-out ends it. Also: the invite's token leaves the
// address bar at once, and the page runs under the service's CSP (no inline script).
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaffInvite } from '../../src/core/staffAuth/staffInvites.js';
import { insertDemoStore } from '../helpers/demoStore.js';
import { launchChromium } from '../helpers/launchChromium.js';
import { createTestApp, type TestApp } from '../helpers/testApp.js';

const PASSWORD = 'correct horse battery';

describe('staff sign-in in a browser', () => {
  let h: TestApp;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    h = await createTestApp({ now: '2026-12-03T02:15:00Z', prepare: async (t) => void (await insertDemoStore(t.db)) });
    base = await h.app.start();
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await h?.close();
  });

  async function invite(staffId: string): Promise<string> {
    const made = await createStaffInvite(h.app.db, { storeId: h.app.store.id, staffId, now: h.clock.now() });
    if ('error' in made) throw new Error(made.error);
    return made.token;
  }

  /** Console errors, CSP violations among them, that a page logged (a 401 the test asked for is no error of the page). */
  function watchErrors(page: Page): string[] {
    const errors: string[] = [];
    page.on('console', (m) => void (m.type() === 'error' && !/Failed to load resource.*401/.test(m.text()) && errors.push(m.text())));
    page.on('pageerror', (e) => void errors.push(e.message));
    return errors;
  }

  it('takes an invite link to a password and the dashboard, and the token leaves the address bar', async () => {
    const token = await invite('st-01');
    const context = await browser.newContext({ locale: 'zh-CN' });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${base}/staff/invite#${token}`);
    await expect.poll(() => page.locator('#intro').textContent()).toContain('周立明，您好');
    expect(page.url()).toBe(`${base}/staff/invite`);
    await page.fill('#new-password', PASSWORD);
    await page.fill('#repeat-password', 'something else entirely');
    await page.click('#set-password button[type=submit]');
    await expect.poll(() => page.locator('#error').textContent()).toBe('两次输入的密码不一致');
    await page.fill('#repeat-password', PASSWORD);
    await page.click('#set-password button[type=submit]');
    await page.waitForURL(`${base}/dashboard`);
    await expect.poll(() => page.locator('#staff-name').textContent()).toContain('周立明');
    await expect.poll(() => page.locator('#main').isVisible()).toBe(true);
    expect(await page.locator('#staff-select').isVisible()).toBe(false); // no demo picker once passwords exist
    expect(errors).toEqual([]);
    await context.close();
  });

  it('sends a signed-out staff member from the chat to sign in and back, then signs out', async () => {
    // st-01 has a password from the test above: the store is out of the demo
    const token = await invite('st-03');
    const setup = await browser.newContext();
    const setupPage = await setup.newPage();
    await setupPage.goto(`${base}/staff/invite#${token}`);
    await expect.poll(() => setupPage.locator('#set-password').isVisible()).toBe(true);
    await setupPage.fill('#new-password', PASSWORD);
    await setupPage.fill('#repeat-password', PASSWORD);
    await setupPage.click('#set-password button[type=submit]');
    await setupPage.waitForURL(`${base}/dashboard`);
    await setup.close();

    const context = await browser.newContext({ locale: 'en-US' });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${base}/`);
    await page.locator('input[name=role][value=staff]').check();
    const link = page.locator('#staff-sign-in');
    await expect.poll(() => link.isVisible()).toBe(true);
    expect(await link.textContent()).toBe('Staff sign-in');
    await link.click();
    await page.waitForURL(/\/staff\/sign-in\?next=/);
    await page.fill('#login', 'st-03');
    await page.fill('#password', 'not the password');
    await page.click('#sign-in button[type=submit]');
    await expect.poll(() => page.locator('#error').textContent()).toBe('wrong staff id, e-mail or password');
    await page.fill('#password', PASSWORD);
    await page.click('#sign-in button[type=submit]');
    await page.waitForURL(`${base}/?role=staff`);
    await expect.poll(() => page.locator('#staff-name').textContent()).toContain('Lin Xiaowen');
    await page.fill('#input', 'help');
    await page.press('#input', 'Enter');
    await expect.poll(() => page.locator('.msg.bot').last().textContent()).toContain('Hi Lin Xiaowen!');

    const sessions = () => h.app.db.staffSession.count({ where: { staffId: 'st-03' } });
    expect(await sessions()).toBe(2); // the invite's browser and this one
    await page.click('#staff-sign-out');
    await expect.poll(() => page.locator('#staff-sign-in').isVisible()).toBe(true);
    expect(await sessions()).toBe(1);
    expect(errors).toEqual([]);
    await context.close();
  });
});
