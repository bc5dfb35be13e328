// Telegram text updates through the whole path (webhook → dedupe → identity → conversation
// → router → bot → outbox → Bot API on a local fake) beside a bare grammY bot answering the
// same updates on the same fake: what the core and the outbox cost per Telegram message.
// The rate limiter is off: the fake has no limits and the figure is the path's own cost.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Bot } from 'grammy';
import type { Update } from 'grammy/types';
import { createDealerbot } from '../src/app.js';
import { createTelegramChannel } from '../src/channels/telegram/createTelegramChannel.js';
import { loadConfig } from '../src/infra/config.js';
import { createLogger } from '../src/infra/logger.js';
import { OutboxWorker } from '../src/core/outbox.js';
import { FAKE_BOT, startFakeTelegram } from '../test/helpers/fakeTelegram.js';
import { printComparison, timeEach } from './stats.js';

const SECRET = 'bench-secret';
const CHATS = 50;

export async function benchTelegramLoad(n = 2000): Promise<void> {
  const fake = await startFakeTelegram();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dealerbot-bench-'));
  const log = createLogger('silent');
  const config = loadConfig({ DATABASE_URL: `file:${path.join(dir, 'bench.db')}`, PORT: '0', LOG_LEVEL: 'silent' });
  const app = await createDealerbot({ config, log });
  // built here rather than by app.ts, so the limiter can be off and the outbox ticked by hand
  const telegram = { token: fake.token, webhookSecret: SECRET, apiRoot: fake.url, mode: 'webhook' as const };
  const channel = createTelegramChannel({
    config: telegram,
    pipeline: app.pipeline,
    log,
    clock: { now: () => new Date() },
    botInfo: FAKE_BOT,
    limits: { perChatIntervalMs: 0, globalPerSecond: 0, maxWaitMs: 0 },
  });
  channel.registerRoutes(app.http);
  const outbox = new OutboxWorker({ db: app.db, clock: { now: () => new Date() }, log, senders: { telegram: channel.sender } });

  const bare = new Bot(fake.token, { client: { apiRoot: fake.url }, botInfo: FAKE_BOT });
  bare.on('message', (ctx) => ctx.reply('Hello and welcome!'));

  let nextUpdateId = 1;
  const update = (i: number): Update => {
    const user = { id: 900_000 + (i % CHATS), is_bot: false, first_name: 'Bench', language_code: 'en' };
    return {
      update_id: nextUpdateId++,
      message: { message_id: i, date: 0, chat: { id: user.id, type: 'private', first_name: 'Bench' }, from: user, text: 'hello' },
    } as Update;
  };
  const headers = { 'x-telegram-bot-api-secret-token': SECRET };
  const full = async (i: number) => {
    const res = await app.http.inject({ method: 'POST', url: '/telegram/webhook', headers, payload: update(i) as object });
    if (res.statusCode !== 200) throw new Error(`unexpected ${res.statusCode}: ${res.body}`);
    if ((await outbox.tick()) === 0) throw new Error('the update was answered by nothing');
  };
  // warm both paths (JIT, prepared statements, first contacts) before measuring
  for (let i = 0; i < CHATS; i++) {
    await bare.handleUpdate(update(i));
    await full(i);
  }
  const baseline = await timeEach('bare grammY bot (handleUpdate→reply)', n, (i) => bare.handleUpdate(update(i)));
  const subject = await timeEach('webhook → core → outbox → Bot API', n, full);
  printComparison(`telegram load, ${n} text updates over ${CHATS} chats (SQLite, WAL, local fake Bot API)`, subject, baseline);
  await app.stop();
  await fake.close();
  fs.rmSync(dir, { recursive: true, force: true });
}
