// The Telegram channel end to end: webhook updates into the whole service, replies out
// through the outbox to a fake Bot API on 127.0.0.1, with the real grammY in between.
import type { FastifyInstance } from 'fastify';
import type { Update } from 'grammy/types';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTelegramChannel, type TelegramChannel } from '../../../src/channels/telegram/createTelegramChannel.js';
import { createHttpServer } from '../../../src/infra/httpServer.js';
import { OutboxWorker } from '../../../src/core/outbox.js';
import { insertDemoStore } from '../../helpers/demoStore.js';
import {
  blocked,
  FAKE_BOT,
  serverError,
  startFakeTelegram,
  telegramUser,
  tooManyRequests,
  type FakeCall,
  type FakeTelegram,
} from '../../helpers/fakeTelegram.js';
import { silentLogger } from '../../helpers/silentLogger.js';
import { createTestApp, type TestApp } from '../../helpers/testApp.js';

const NOW = '2026-12-03T10:15:00+08:00'; // Thursday
const SECRET = 'tg-secret_0123456789';
const NO_LIMITS = { perChatIntervalMs: 0, globalPerSecond: 0, maxWaitMs: 0 };

describe('Telegram channel', () => {
  let fake: FakeTelegram;
  let h: TestApp;
  let channel: TelegramChannel;
  let outbox: OutboxWorker;
  let http: FastifyInstance;

  beforeEach(async () => {
    fake = await startFakeTelegram();
    h = await createTestApp({
      now: NOW,
      env: { TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_WEBHOOK_SECRET: SECRET, TELEGRAM_API_ROOT: fake.url },
      prepare: async (t) => void (await insertDemoStore(t.db)),
    });
    channel = createTelegramChannel({
      config: h.app.config.telegram!,
      pipeline: h.app.pipeline,
      log: silentLogger,
      clock: h.clock,
      botInfo: FAKE_BOT,
      limits: NO_LIMITS,
    });
    // its own server: the same routes whether or not app.ts also wires the channel
    http = createHttpServer(silentLogger);
    channel.registerRoutes(http);
    outbox = new OutboxWorker({ db: h.app.db, clock: h.clock, log: silentLogger, senders: { telegram: channel.sender } });
  });
  afterEach(async () => {
    await http.close();
    await h.close();
    await fake.close();
  });

  const post = (update: unknown, headers: Record<string, string> = { 'x-telegram-bot-api-secret-token': SECRET }) =>
    http.inject({ method: 'POST', url: '/telegram/webhook', headers, payload: update as object });

  /** Posts an update, runs the outbox once, and returns the Bot API sends it caused. */
  async function turn(update: Update): Promise<FakeCall[]> {
    const before = fake.sent().length;
    const res = await post(update);
    expect(res.statusCode, res.body).toBe(200);
    await outbox.tick();
    return fake.sent().slice(before);
  }
  const texts = (calls: FakeCall[]) => calls.map((c) => c.params.text ?? c.params.caption).join('\n');
  const callbackData = (calls: FakeCall[]) =>
    calls
      .flatMap((c) => c.params.reply_markup?.inline_keyboard ?? [])
      .flat()
      .map((b: { callback_data: string }) => b.callback_data);

  it('books a test drive end to end: texts, a shared contact, a Confirm press', async () => {
    const user = telegramUser(501);
    const first = await turn(user.text('我想明天下午两点试驾E6'));
    expect(first.every((c) => c.params.chat_id === 501)).toBe(true);
    expect(texts(first)).toContain('个人信息保护法');
    expect(texts(first)).toContain('怎么称呼');
    const askPhone = await turn(user.text('王小明'));
    expect(texts(askPhone)).toContain('手机号');
    expect(askPhone.at(-1)!.params.reply_markup).toMatchObject({ keyboard: [[{ text: '📱 分享我的手机号', request_contact: true }]], one_time_keyboard: true });
    const summary = await turn(user.shareContact('8613812345678'));
    expect(texts(summary)).toMatch(/12月4日（周五）14:00/);
    expect(texts(summary)).toContain('13812345678');
    expect(callbackData(summary)).toEqual(['td:confirm', 'td:change']);
    const press = user.press('td:confirm');
    const done = await turn(press);
    expect(texts(done)).toMatch(/预约成功！12月4日（周五）14:00，星耀 E6试驾/);
    expect(fake.calls.filter((c) => c.method === 'answerCallbackQuery').map((c) => c.params.callback_query_id)).toEqual([press.callback_query!.id]);
    const booking = await h.t.db.testDriveBooking.findFirstOrThrow({ include: { customer: true } });
    expect(booking.customer).toMatchObject({ name: '王小明', phone: '13812345678', source: 'telegram' });
  });

  it('ignores a contact card that is not the user’s own', async () => {
    const user = telegramUser(502);
    await turn(user.text('你好'));
    expect(await turn(user.shareContact('8613912345678', 999))).toEqual([]);
  });

  it('rejects a wrong or missing secret with 401 before any work or Bot API call', async () => {
    const update = telegramUser(503).text('你好');
    expect((await post(update, { 'x-telegram-bot-api-secret-token': 'wrong' })).statusCode).toBe(401);
    expect((await post(update, { 'x-telegram-bot-api-secret-token': SECRET.slice(0, -1) + 'X' })).statusCode).toBe(401);
    expect((await post(update, {})).statusCode).toBe(401);
    // an oversized body with a wrong secret is refused on the header alone
    expect((await post({ update_id: 1, pad: 'x'.repeat(300 * 1024) }, { 'x-telegram-bot-api-secret-token': 'wrong' })).statusCode).toBe(401);
    await outbox.tick();
    expect(fake.calls).toEqual([]);
    expect(await h.t.db.inboundEvent.count()).toBe(0);
  });

  it('answers 413 to an oversized body and 400 to a malformed update', async () => {
    expect((await post({ update_id: 1, pad: 'x'.repeat(300 * 1024) })).statusCode).toBe(413);
    const headers = { 'x-telegram-bot-api-secret-token': SECRET, 'content-type': 'application/json' };
    expect((await http.inject({ method: 'POST', url: '/telegram/webhook', headers, payload: '{"update_id": 1,' })).statusCode).toBe(400);
    expect((await post({ message: { text: 'no update id' } })).statusCode).toBe(400);
    expect(await h.t.db.inboundEvent.count()).toBe(0);
  });

  it('answers a redelivered update once, dedupe scoped by bot', async () => {
    const update = telegramUser(504).text('你好');
    const once = await turn(update);
    expect(once.length).toBeGreaterThan(0);
    expect(await turn(update)).toEqual([]);
    expect((await h.t.db.inboundEvent.findFirstOrThrow()).eventId).toBe(`${FAKE_BOT.id}:${update.update_id}`);
  });

  it('answers a pressed button even when the press is a duplicate', async () => {
    const user = telegramUser(505);
    await turn(user.text('你好'));
    const press = user.press('book_test_drive');
    expect(texts(await turn(press))).toContain('哪款车');
    await turn(press);
    expect(fake.calls.filter((c) => c.method === 'answerCallbackQuery')).toHaveLength(2);
  });

  it('waits for retry_after on 429, then delivers without losing anything', async () => {
    fake.failNext(tooManyRequests(7));
    await turn(telegramUser(506).text('hello'));
    const row = await h.t.db.outboxMessage.findFirstOrThrow({ where: { channel: 'telegram' }, orderBy: { id: 'asc' } });
    expect(row).toMatchObject({ status: 'pending', nextAttemptAt: new Date(h.clock.now().getTime() + 7000) });
    h.clock.advance(6999);
    const sentBefore = fake.sent().length;
    await outbox.tick();
    expect(fake.sent().length).toBe(sentBefore);
    h.clock.advance(1);
    await outbox.tick();
    const rows = await h.t.db.outboxMessage.findMany({ where: { channel: 'telegram' } });
    expect(rows.every((r) => r.status === 'sent')).toBe(true);
    expect(fake.sent().length).toBe(rows.length + 1); // every reply, plus the refused attempt
  });

  it('retries after a 500', async () => {
    fake.failNext(serverError);
    await turn(telegramUser(507).text('hello'));
    const failed = await h.t.db.outboxMessage.findFirstOrThrow({ where: { status: 'pending' } });
    expect(failed.lastError).toContain('500');
    h.clock.advance(10 * 60_000);
    await outbox.tick();
    expect(await h.t.db.outboxMessage.count({ where: { channel: 'telegram', status: { not: 'sent' } } })).toBe(0);
  });

  it('dead-letters a message to a user who blocked the bot, with the reason', async () => {
    fake.failNext(blocked);
    await turn(telegramUser(508).text('hello'));
    const dead = await h.t.db.outboxMessage.findFirstOrThrow({ where: { status: 'dead' } });
    expect(dead.lastError).toMatch(/403.*blocked/);
  });

  it('treats an unreachable Bot API as retryable', async () => {
    const offline = createTelegramChannel({
      config: { token: fake.token, apiRoot: 'http://127.0.0.1:9', webhookSecret: SECRET, mode: 'webhook' },
      pipeline: h.app.pipeline,
      log: silentLogger,
      clock: h.clock,
      botInfo: FAKE_BOT,
      limits: NO_LIMITS,
    });
    const send = offline.sender.send({ recipient: '515', idempotencyKey: 'net-1', message: { text: 'hi' } });
    await expect(send).rejects.toMatchObject({ name: 'SendError', message: expect.stringContaining('unreachable'), opts: {} });
  });

  it('splits a long text under 4096 characters with the buttons on the last part', async () => {
    const paragraph = '这是一段很长的说明。'.repeat(100);
    const text = Array.from({ length: 6 }, () => paragraph).join('\n\n');
    await channel.sender.send({ recipient: '509', idempotencyKey: 'long-1', message: { text, buttons: [{ label: 'OK', value: 'ok' }] } });
    const parts = fake.sent();
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.every((p) => p.params.text.length <= 4096)).toBe(true);
    expect(parts.map((p) => p.params.text).join('\n\n')).toBe(text);
    expect(parts.map((p) => Boolean(p.params.reply_markup))).toEqual([...parts.slice(1).map(() => false), true]);
  });

  it('resumes a split message after a failed part instead of repeating the sent ones', async () => {
    const text = ['a'.repeat(4000), 'b'.repeat(4000)].join('\n\n');
    const send = () => channel.sender.send({ recipient: '510', idempotencyKey: 'long-2', message: { text } });
    fake.failNext(null, serverError);
    await expect(send()).rejects.toThrow(/500/);
    await send();
    expect(fake.sent().filter((c) => c.params.text?.startsWith('a'))).toHaveLength(1);
    expect(fake.sent().filter((c) => c.params.text?.startsWith('b'))).toHaveLength(2);
  });

  it('renders a card as text and an image as a photo with caption', async () => {
    await channel.sender.send({
      recipient: '511',
      idempotencyKey: 'rich-1',
      message: {
        text: 'Your booking',
        card: { title: 'Test drive', fields: [{ label: 'Model', value: 'E6' }] },
        image: { url: 'https://example.com/e6.jpg', alt: 'E6' },
      },
    });
    expect(fake.sent()).toEqual([
      {
        method: 'sendPhoto',
        params: expect.objectContaining({ chat_id: 511, photo: 'https://example.com/e6.jpg', caption: 'Your booking\n\nTest drive\nModel: E6' }),
      },
    ]);
  });

  it('refuses a button value longer than 64 bytes as a permanent error', async () => {
    const send = channel.sender.send({ recipient: '512', idempotencyKey: 'btn-1', message: { text: 'x', buttons: [{ label: 'x', value: 'v'.repeat(65) }] } });
    await expect(send).rejects.toMatchObject({ opts: { permanent: true }, message: expect.stringContaining('64-byte') });
  });

  it('answers an emoji-only message in English when Telegram says the user speaks English', async () => {
    const replies = await turn(telegramUser(513, { languageCode: 'en' }).text('👍'));
    expect(texts(replies)).toContain('Privacy notice');
    expect(texts(replies)).not.toMatch(/\p{Script=Han}/u);
  });

  it('registers the webhook with the secret and the update types it handles', async () => {
    await channel.setWebhook('https://dealer.example.com/telegram/webhook');
    expect(fake.calls).toEqual([
      {
        method: 'setWebhook',
        params: { url: 'https://dealer.example.com/telegram/webhook', secret_token: SECRET, allowed_updates: ['message', 'callback_query'] },
      },
    ]);
  });

  it('without a known identity, fetches it once on the first authenticated update', async () => {
    const lazy = createTelegramChannel({ config: h.app.config.telegram!, pipeline: h.app.pipeline, log: silentLogger, clock: h.clock, limits: NO_LIMITS });
    const server = createHttpServer(silentLogger);
    lazy.registerRoutes(server);
    const user = telegramUser(516);
    const send = (update: Update, secret = SECRET) =>
      server.inject({ method: 'POST', url: '/telegram/webhook', headers: { 'x-telegram-bot-api-secret-token': secret }, payload: update as object });
    expect((await send(user.text('你好'), 'wrong')).statusCode).toBe(401);
    expect(fake.calls).toEqual([]);
    expect((await send(user.text('你好'))).statusCode).toBe(200);
    expect((await send(user.text('hello'))).statusCode).toBe(200);
    expect(fake.calls.filter((c) => c.method === 'getMe')).toHaveLength(1);
    await server.close();
  });

  it('starts in webhook mode with one getMe, and without hanging when Telegram is unreachable', async () => {
    const config = h.app.config.telegram!;
    await createTelegramChannel({ config, pipeline: h.app.pipeline, log: silentLogger, clock: h.clock }).start();
    expect(fake.calls.map((c) => c.method)).toEqual(['getMe']);
    await createTelegramChannel({ config: { ...config, apiRoot: 'http://127.0.0.1:9' }, pipeline: h.app.pipeline, log: silentLogger, clock: h.clock }).start();
  });

  it('refuses to run a webhook without a secret', () => {
    expect(() =>
      createTelegramChannel({ config: { token: fake.token, mode: 'webhook' }, pipeline: h.app.pipeline, log: silentLogger, clock: h.clock }),
    ).toThrow(/TELEGRAM_WEBHOOK_SECRET/);
  });

  it('takes updates by long polling in polling mode', async () => {
    const polling = createTelegramChannel({
      config: { token: fake.token, apiRoot: fake.url, mode: 'polling' },
      pipeline: h.app.pipeline,
      log: silentLogger,
      clock: h.clock,
      limits: NO_LIMITS,
    });
    fake.queueUpdates(telegramUser(514).text('你好'));
    await polling.start();
    for (let i = 0; i < 200 && (await h.t.db.inboundEvent.count({ where: { status: 'done' } })) === 0; i++) await new Promise((r) => setTimeout(r, 5));
    await polling.stop();
    expect(fake.calls.map((c) => c.method)).toEqual(expect.arrayContaining(['getMe', 'deleteWebhook', 'getUpdates']));
    expect(fake.calls.find((c) => c.method === 'deleteWebhook')!.params).toMatchObject({ drop_pending_updates: false });
    expect(await h.t.db.outboxMessage.count({ where: { channel: 'telegram', recipient: '514' } })).toBeGreaterThan(0);
  });
});
