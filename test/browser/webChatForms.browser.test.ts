// Forms in the web chat, in headless Chromium: a staff bot's form renders as an inline
// card; the page checks required fields, shows the bot's form errors under their fields,
// sends a fixed submission, and shows a submitted, cancelled or replaced form as closed.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../helpers/launchChromium.js';
import { createFormBotApp, LEAD_FORM_TITLE, type FormBotApp } from '../helpers/formBotApp.js';

describe('web chat forms in a browser', () => {
  let h: FormBotApp;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    h = await createFormBotApp();
    base = await h.http.listen({ port: 0, host: '127.0.0.1' });
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await h?.close();
  });

  const bots = (page: Page) => page.locator('.msg.bot:not(.pending)');
  const openForms = (page: Page) => page.locator('form.form-card:not(.closed)');

  async function openStaffChat(locale: string) {
    const context = await browser.newContext({ locale, viewport: { width: 390, height: 780 } });
    const page = await context.newPage();
    await page.goto(`${base}/`);
    await chooseStaff(page);
    return { context, page };
  }

  /** The page opens on the customer side; the staff member chosen is remembered. */
  async function chooseStaff(page: Page) {
    await page.locator('input[name=role][value=staff]').check();
    await expect.poll(() => page.locator('#staff-select option').count()).toBe(3);
    if ((await page.locator('#staff-select').inputValue()) !== 'st-c') await page.selectOption('#staff-select', 'st-c');
  }

  async function say(page: Page, text: string) {
    await page.fill('#input', text);
    await page.press('#input', 'Enter');
  }

  it("fills a form: required check, the bot's errors under the field, then the confirmation", async () => {
    const { context, page } = await openStaffChat('en-US');
    const before = h.received.length;
    await say(page, '/form');
    await expect.poll(() => openForms(page).count()).toBe(1);
    const form = openForms(page).first();

    // the bot's texts, as text: nothing in them becomes markup
    expect(await form.locator('.form-title').textContent()).toBe(LEAD_FORM_TITLE.en);
    expect(await form.locator('img').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect(await bots(page).first().textContent()).toContain('Fill in the new customer.');

    // one labelled control per field, with the form's marks, hints, placeholders and initial values
    const name = form.getByLabel('Name');
    expect(await name.getAttribute('placeholder')).toBe('Customer name');
    expect(await name.getAttribute('aria-required')).toBe('true');
    expect(await form.locator('label', { hasText: 'Name' }).locator('.req').count()).toBe(1);
    const phone = form.getByLabel('Mobile');
    const hintId = (await phone.getAttribute('aria-describedby'))!.split(' ')[0];
    expect(await page.locator(`#${hintId}`).textContent()).toBe('11-digit mobile number');
    const model = form.getByLabel('Model');
    expect(await model.evaluate((el) => el.tagName)).toBe('SELECT');
    expect(await model.locator('option').allTextContents()).toEqual(['Choose…', 'Aurora', 'Borealis', 'Next step']);
    expect(await model.inputValue()).toBe('aurora');
    expect(await form.getByLabel('Visit date').getAttribute('type')).toBe('date');
    expect(await form.getByLabel('Visit date').inputValue()).toBe('2026-12-05');
    expect(await form.getByLabel('Visit time').getAttribute('type')).toBe('time');
    expect(await form.getByLabel('Notes').evaluate((el) => el.tagName)).toBe('TEXTAREA');
    expect(await form.getByLabel('Notes').inputValue()).toBe('walk-in');
    expect(await form.getByRole('button', { name: 'Cancel' }).count()).toBe(1);

    // phone-friendly: 16px controls (no zoom on iOS) across the card's width
    const sizes = await form.evaluate((el) => {
      const card = el.getBoundingClientRect().width;
      return Array.from(el.querySelectorAll('input, select, textarea')).map((c) => ({
        font: getComputedStyle(c).fontSize,
        share: c.getBoundingClientRect().width / card,
      }));
    });
    expect(sizes).toHaveLength(6);
    for (const s of sizes) {
      expect(s.font).toBe('16px');
      expect(s.share).toBeGreaterThan(0.85);
    }

    // a required field left empty: the page says so under it and sends nothing
    await form.getByRole('button', { name: 'Save lead' }).click();
    const nameError = form.locator('.form-field', { has: page.locator('label', { hasText: 'Name' }) }).locator('.field-error');
    await expect.poll(() => nameError.textContent()).toBe('Please fill this in');
    expect(h.received.length).toBe(before + 1);
    expect(h.received.at(-1)?.staffId).toBe('st-c');

    // the bot's form errors show under the field, in the open form, with no new bubble;
    // while the bot works the button is disabled
    let release!: () => void;
    h.gate = new Promise<void>((r) => (release = r));
    await name.fill('Zhang Wei');
    await name.press('Enter'); // keyboard submit
    const submit = form.locator('button[type=submit]');
    await expect.poll(() => submit.textContent()).toBe('Sending…');
    expect(await submit.isDisabled()).toBe(true);
    release();
    h.gate = undefined;
    const phoneError = form.locator('.form-field', { has: page.locator('label', { hasText: 'Mobile' }) }).locator('.field-error');
    await expect.poll(() => phoneError.textContent()).toBe('Enter a mobile number');
    expect(await nameError.isVisible()).toBe(false);
    expect(await phone.getAttribute('aria-invalid')).toBe('true');
    expect(await submit.isDisabled()).toBe(false);
    expect(await submit.textContent()).toBe('Save lead');
    expect(await bots(page).count()).toBe(1);
    await page.screenshot({ path: 'test-results/web-chat-form-errors.png', fullPage: true });

    // fixed: the confirmation arrives as a bubble and the form closes
    await phone.fill('13812345678');
    await form.getByLabel('Visit time').fill('14:30');
    await submit.click();
    await expect.poll(() => bots(page).count()).toBe(2);
    expect(await bots(page).nth(1).textContent()).toContain('Lead saved: Zhang Wei');
    expect(await openForms(page).count()).toBe(0);
    expect(await page.locator('form.form-card.closed .form-status').textContent()).toBe('Submitted');
    expect(await page.locator('form.form-card input').count()).toBe(0);
    expect(h.received.at(-1)).toMatchObject({
      kind: 'form',
      form: {
        id: 'crm.lead:new',
        meta: 'src=web-demo',
        values: { name: 'Zhang Wei', phone: '13812345678', model: 'aurora', date: '2026-12-05', time: '14:30', notes: 'walk-in' },
      },
    });
    await page.screenshot({ path: 'test-results/web-chat-form.png', fullPage: true });

    // after a reload the submitted form is still there, closed
    await page.reload();
    await chooseStaff(page);
    await expect.poll(() => bots(page).count()).toBe(2);
    expect(await openForms(page).count()).toBe(0);
    expect(await page.locator('form.form-card.closed').count()).toBe(1);
    expect(await page.locator('.msg.me').count()).toBe(1); // "/form"; submissions have no bubble

    // a key that names no field goes on a general line; a form in answer to a
    // submission replaces the open one; a newer form closes the older
    await say(page, '/form');
    await expect.poll(() => openForms(page).count()).toBe(1);
    const again = openForms(page).first();
    await again.getByLabel('Name').fill('dup');
    await again.getByLabel('Mobile').fill('1');
    await again.getByRole('button', { name: 'Save lead' }).click();
    await expect.poll(() => again.locator('.form-error').textContent()).toBe('This customer already exists');
    await again.getByLabel('Name').fill('Li Na');
    await again.getByLabel('Model').selectOption('next');
    await again.getByRole('button', { name: 'Save lead' }).click();
    await expect.poll(() => openForms(page).locator('.form-title').textContent()).toBe('More details');
    expect(await page.locator('form.form-card').count()).toBe(2); // the first, closed, and the follow-up
    await openForms(page).getByLabel('Budget').fill('200k');
    await openForms(page).getByLabel('Budget').press('Enter');
    await expect.poll(() => bots(page).last().textContent()).toBe('Details saved.');
    expect(await openForms(page).count()).toBe(0);
    expect(h.received.at(-1)?.form).toEqual({ id: 'crm.lead:details', values: { budget: '200k' } });
    await context.close();
  });

  it('keeps a message typed while the staff sign-in is still on its way, and sends it as that staff member', async () => {
    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 390, height: 780 } });
    const page = await context.newPage();
    // the sign-in's answer is held until the message has been typed
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    await page.route('**/api/staff/demo-sign-in', async (route) => {
      await held;
      await route.continue();
    });
    await page.goto(`${base}/`);
    await page.locator('input[name=role][value=staff]').check();
    await expect.poll(() => page.locator('#staff-select option').count()).toBe(3);
    // the manager: the other tests' chat is the consultant's, and a form left open here would be open there
    await page.selectOption('#staff-select', 'st-m');
    const before = h.received.length;
    await say(page, '/form');
    expect(h.received.length).toBe(before); // nothing sent before the sign-in is done
    release();
    await expect.poll(() => openForms(page).count()).toBe(1);
    expect(h.received.length).toBe(before + 1);
    expect(h.received.at(-1)?.staffId).toBe('st-m');
    expect(await page.locator('#notice').isHidden()).toBe(true);
    await context.close();
  });

  it("speaks the page's language and keeps a cancelled form closed after a reload", async () => {
    const { context, page } = await openStaffChat('zh-CN');
    await say(page, '/form 新客户'); // Chinese outweighs the Latin word: the bot answers in Chinese
    await expect.poll(() => openForms(page).count()).toBe(1);
    const form = openForms(page).first();
    expect(await form.locator('.form-title').textContent()).toBe(LEAD_FORM_TITLE.zh);
    expect(await form.locator('b').count()).toBe(0);
    expect(await form.getByLabel('意向车型').locator('option').first().textContent()).toBe('请选择');
    await form.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => form.locator('.field-error').first().textContent()).toBe('请填写此项');
    await form.getByRole('button', { name: '取消' }).click();
    // a staff member's web chat is theirs on any browser: earlier tests' forms are above this one
    const before = await page.locator('form.form-card').count();
    await expect.poll(() => page.locator('form.form-card.closed .form-status').last().textContent()).toBe('已取消');
    await page.reload();
    await chooseStaff(page);
    await expect.poll(() => page.locator('form.form-card').count()).toBe(before);
    expect(await openForms(page).count()).toBe(0);
    expect(await page.locator('form.form-card .form-status').last().textContent()).toBe('已取消');
    await context.close();
  });
});
