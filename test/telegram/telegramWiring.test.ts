// Telegram as the service wires it from the TELEGRAM_* keys: a webhook update through
// the shared server, the core and the outbox to the (fake) Bot API, and the same
// customer found again on the web chat by phone number.
import { afterEach, describe, expect, it } from 'vitest';
import { insertDemoStore } from '../helpers/demoStore.js';
import { startFakeTelegram, telegramUser, type FakeTelegram } from '../helpers/fakeTelegram.js';
import { createTestApp, type TestApp } from '../helpers/testApp.js';

describe('Telegram wired into the service', () => {
  let h: TestApp;
  let fake: FakeTelegram;
  afterEach(async () => {
    await h?.close();
    await fake?.close();
  });

  it('answers a webhook update through the outbox, and refuses a wrong secret', async () => {
    fake = await startFakeTelegram();
    h = await createTestApp({
      now: '2026-12-03T10:15:00+08:00',
      env: { TELEGRAM_BOT_TOKEN: '123456:TEST-token', TELEGRAM_WEBHOOK_SECRET: 'hook_secret', TELEGRAM_API_ROOT: fake.url },
      prepare: async (t) => void (await insertDemoStore(t.db)),
    });
    await h.app.telegram!.start();
    const user = telegramUser(42);
    const post = (update: unknown, secret = 'hook_secret') =>
      h.app.http.inject({ method: 'POST', url: '/telegram/webhook', headers: { 'x-telegram-bot-api-secret-token': secret }, payload: update as object });

    expect((await post(user.text('E6多少钱'), 'wrong')).statusCode).toBe(401);
    expect(fake.sent()).toHaveLength(0);

    expect((await post(user.text('E6多少钱'))).statusCode).toBe(200);
    await h.app.outbox.tick();
    const texts = fake.sent().map((c) => String(c.params.text));
    expect(texts.some((t) => t.includes('189,800'))).toBe(true);
    expect(await h.t.db.customer.findFirstOrThrow()).toMatchObject({ source: 'telegram' });
  });
});
