// The web chat in headless Chromium (Debian's package, driven by playwright-core):
// open, choose a role, send, see the reply, press a button, reload and keep the history.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../helpers/launchChromium.js';
import { createTestApp, type TestApp } from '../helpers/testApp.js';

describe('web chat in a browser', () => {
  let h: TestApp;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    h = await createTestApp();
    base = await h.app.start();
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await h?.close();
  });

  const bubbles = (page: Page, from: string) => page.locator(`.msg.${from}:not(.pending)`);

  it('chats as a customer: greeting, a typed question, a button, and history after reload', async () => {
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 390, height: 780 } });
    const page = await context.newPage();
    await page.goto(`${base}/`);
    await expect.poll(() => page.locator('#store-name').textContent()).toBe('测试4S店');

    // the page greets on first open, without creating a customer record
    await expect.poll(() => bubbles(page, 'bot').count()).toBe(1);
    expect(await bubbles(page, 'bot').first().textContent()).toContain('欢迎来到测试4S店');
    expect(await h.t.db.customer.count()).toBe(0);

    await page.fill('#input', 'hello');
    await page.press('#input', 'Enter');
    // the privacy notice on first contact, then the greeting in the language written
    await expect.poll(() => bubbles(page, 'bot').count()).toBe(3);
    expect(await bubbles(page, 'bot').nth(1).textContent()).toContain('Privacy notice');
    expect(await bubbles(page, 'bot').nth(2).textContent()).toContain('Hello and welcome');
    expect(await h.t.db.customer.count()).toBe(1);

    // buttons render as buttons and send their value
    await bubbles(page, 'bot').nth(2).getByRole('button', { name: 'Talk to a person' }).click();
    await expect.poll(() => bubbles(page, 'bot').count()).toBe(4);
    expect(await bubbles(page, 'me').nth(1).textContent()).toBe('Talk to a person');
    expect(await bubbles(page, 'bot').nth(3).textContent()).toContain('connecting you with an adviser');

    await page.reload();
    await expect.poll(() => bubbles(page, 'bot').count()).toBe(4);
    expect(await bubbles(page, 'me').count()).toBe(2);
    await page.screenshot({ path: 'test-results/web-chat-customer.png' });
    await context.close();
  });

  it('chats as a chosen staff member', async () => {
    const context = await browser.newContext({ locale: 'en-US' });
    const page = await context.newPage();
    await page.goto(`${base}/`);
    await page.locator('input[name=role][value=staff]').check();
    await expect.poll(() => page.locator('#staff-select option').count()).toBe(3);
    await page.selectOption('#staff-select', 'st-m');
    await page.fill('#input', 'help');
    await page.click('#send');
    await expect.poll(() => bubbles(page, 'bot').count()).toBe(1);
    const text = await bubbles(page, 'bot').first().textContent();
    expect(text).toContain('Hi Chen Siyuan!');
    expect(text).toContain('the team board');
    expect(await bubbles(page, 'bot').first().getByRole('button').count()).toBe(4);
    await context.close();
  });

  it("hides the role picker when embedded on the store's site", async () => {
    const context = await browser.newContext({ locale: 'zh-CN' });
    const page = await context.newPage();
    await page.goto(`${base}/?embed=1`);
    await expect.poll(() => bubbles(page, 'bot').count()).toBe(1);
    expect(await page.locator('#roles').isVisible()).toBe(false);
    await context.close();
  });
});
