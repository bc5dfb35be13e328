// Telegram as the service wires it from the TELEGRAM_* keys: a webhook update through
// the shared server, the core and the outbox to the (fake) Bot API, and the same
// customer found again on the web chat by phone number.
import { afterEach, describe, expect, it } from 'vitest';
import { insertDemoStore } from '../../helpers/demoStore.js';
import { startFakeTelegram, telegramUser, type FakeTelegram } from '../../helpers/fakeTelegram.js';
import { createTestApp, type TestApp } from '../../helpers/testApp.js';
import { webChat } from '../../helpers/webChat.js';

describe('Telegram wired into the service', () => {
  let h: TestApp;
  let fake: FakeTelegram;
  afterEach(async () => {
    await h?.close();
    await fake?.close();
  });

  async function startWired() {
    fake = await startFakeTelegram();
    h = await createTestApp({
      now: '2026-12-03T10:15:00+08:00',
      env: { TELEGRAM_BOT_TOKEN: '123456:TEST-token', TELEGRAM_WEBHOOK_SECRET: 'hook_secret', TELEGRAM_API_ROOT: fake.url },
      prepare: async (t) => void (await insertDemoStore(t.db)),
    });
    await h.app.telegram!.start();
  }

  it('answers a webhook update through the outbox, and refuses a wrong secret', async () => {
    await startWired();
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

  it('flags, never merges, a proven Telegram contact whose phone someone typed on the web; staff decide', async () => {
    await startWired();
    const web = webChat(h, 'web-session-77');
    await web.say('我想明天下午两点试驾一下E6');
    await web.say('王小明');
    await web.say('13812345678');
    await web.press('td:confirm');

    const user = telegramUser(77);
    const post = (update: unknown) =>
      h.app.http.inject({ method: 'POST', url: '/telegram/webhook', headers: { 'x-telegram-bot-api-secret-token': 'hook_secret' }, payload: update as object });
    await post(user.text('后天上午10点试驾S3'));
    await post(user.text('王小明'));
    await post(user.shareContact('+8613812345678'));
    await post(user.press('td:confirm'));

    // a typed phone proves nothing: the proven owner is not merged into the record that typed it
    const customers = await h.t.db.customer.findMany({
      where: { phone: '13812345678' },
      include: { identities: true, bookings: true },
      orderBy: { createdAt: 'asc' },
    });
    expect(customers).toHaveLength(2);
    const [typed, proven] = customers;
    expect(typed.identities.map((i) => i.channel)).toEqual(['web']);
    expect(typed.verifiedPhone).toBeNull();
    expect(proven.identities.map((i) => i.channel)).toEqual(['telegram']);
    expect(proven.verifiedPhone).toBe('13812345678');
    expect(proven.possibleDuplicateOfId).toBe(typed.id);
    expect(typed.bookings.map((b) => b.modelId)).toEqual(['e6']);
    expect(proven.bookings.map((b) => b.modelId)).toEqual(['s3']);
  });
});
