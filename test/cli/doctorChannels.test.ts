// doctor's live checks of the channels, against the fake platforms on 127.0.0.1.
import { afterEach, describe, expect, it } from 'vitest';
import { collectChecks } from '../../src/cli/doctor.js';
import { ConfigError, loadConfig } from '../../src/infra/config.js';
import { startFakeTelegram, type FakeTelegram } from '../helpers/fakeTelegram.js';
import { startFakeWechat, type FakeWechat } from '../helpers/fakeWechat.js';
import { insertDemoStore } from '../helpers/demoStore.js';
import { createTestDb, type TestDb } from '../helpers/testDb.js';

describe('doctor: channels', () => {
  let t: TestDb;
  let tg: FakeTelegram | undefined;
  let wx: FakeWechat | undefined;
  afterEach(async () => {
    await tg?.close();
    await wx?.close();
    await t?.close();
  });

  it('reaches Telegram and WeChat with the configured keys', async () => {
    t = await createTestDb();
    await insertDemoStore(t.db);
    tg = await startFakeTelegram();
    wx = await startFakeWechat();
    const config = loadConfig({
      DATABASE_URL: t.url,
      TELEGRAM_BOT_TOKEN: '123456:TEST-token',
      TELEGRAM_WEBHOOK_SECRET: 'secret_1',
      TELEGRAM_API_ROOT: tg.url,
      WECHAT_TOKEN: 'tok',
      WECHAT_APP_ID: 'wx123',
      WECHAT_APP_SECRET: 's',
      WECHAT_API_BASE: wx.url,
    });
    const checks = Object.fromEntries((await collectChecks(config)).map((c) => [c.part, c]));
    expect(checks.telegram.detail).toMatch(/^@\w+/);
    expect(checks.telegram.status).not.toBe('fail');
    expect(checks.wechat).toMatchObject({ status: 'ok', detail: 'plain mode; access token OK for wx123' });
    expect(checks.store.status).toBe('ok');
  });

  it('says when a channel is unreachable without failing the required parts', async () => {
    t = await createTestDb();
    await insertDemoStore(t.db);
    const config = loadConfig({ DATABASE_URL: t.url, TELEGRAM_BOT_TOKEN: '1:x', TELEGRAM_MODE: 'polling', TELEGRAM_API_ROOT: 'http://127.0.0.1:9' });
    const checks = Object.fromEntries((await collectChecks(config)).map((c) => [c.part, c]));
    expect(checks.telegram).toMatchObject({ status: 'warn' });
    expect(checks.telegram.detail).toMatch(/unreachable/);
  });

  it('shows dead letters with their reasons', async () => {
    t = await createTestDb();
    await insertDemoStore(t.db);
    const at = new Date('2026-12-03T02:00:00Z');
    await t.db.outboxMessage.create({
      data: {
        idempotencyKey: 'k1',
        channel: 'telegram',
        recipient: '42',
        payload: { text: 'hi' },
        status: 'dead',
        attempts: 8,
        lastError: 'attempt 8: HTTP 500 from platform',
        nextAttemptAt: at,
        createdAt: at,
      },
    });
    const checks = Object.fromEntries((await collectChecks(loadConfig({ DATABASE_URL: t.url }))).map((c) => [c.part, c]));
    expect(checks.outbox.status).toBe('warn');
    expect(checks.outbox.detail).toContain('1 dead letter(s)');
    expect(checks.outbox.detail).toContain('telegram → attempt 8: HTTP 500 from platform');
  });

  it('refuses channel keys that cannot work, naming them', () => {
    expect(() => loadConfig({ TELEGRAM_BOT_TOKEN: '1:x' })).toThrow(ConfigError);
    expect(() => loadConfig({ TELEGRAM_BOT_TOKEN: '1:x' })).toThrow(/TELEGRAM_WEBHOOK_SECRET is required/);
    expect(() => loadConfig({ TELEGRAM_BOT_TOKEN: '1:x', TELEGRAM_WEBHOOK_SECRET: 'bad secret!' })).toThrow(/A-Z a-z 0-9 _ -/);
    expect(() => loadConfig({ WECHAT_TOKEN: 't', WECHAT_ENCODING_AES_KEY: 'short' })).toThrow(/WECHAT_ENCODING_AES_KEY must be the 43/);
  });
});
