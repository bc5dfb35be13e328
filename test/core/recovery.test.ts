// Work whose owner died or that keeps failing, through the whole service: a Telegram
// redelivery of an update another process still owns is told to come back (503) and the
// sweeper answers it once that owner's lease has passed; a Slack request kept before its
// ack is run again after a crash; a poison event stops after a bounded number of
// attempts without holding back the chat; a locked store (SQLite) or a lost server
// (PostgreSQL) gives a clear 503, not a hang.
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { toInboundMessage } from '../../src/channels/telegram/toInboundMessage.js';
import { ManualClock } from '../../src/infra/clock.js';
import { INBOUND_LEASE_MS, inboundRetryDelayMs, MAX_INBOUND_ATTEMPTS } from '../../src/core/inboundDedupe.js';
import { InboundSweeper } from '../../src/core/inboundSweeper.js';
import type { InboundMessage } from '../../src/core/message.js';
import { createMetrics } from '../../src/infra/metrics.js';
import { Pipeline } from '../../src/core/pipeline.js';
import type { Db } from '../../src/store/createPrisma.js';
import { insertDemoStore } from '../helpers/demoStore.js';
import { FAKE_BOT, startFakeTelegram, telegramUser, type FakeTelegram } from '../helpers/fakeTelegram.js';
import { insertMinimalStore } from '../helpers/fixtures.js';
import { silentLogger } from '../helpers/silentLogger.js';
import { dm } from '../helpers/slackRequests.js';
import { startSlackDesk, type SlackDesk } from '../helpers/slackDesk.js';
import { createTestApp, type TestApp } from '../helpers/testApp.js';
import { startTcpProxy, type TcpProxy } from '../helpers/tcpProxy.js';
import { createTestDb, type TestDb, testEngine } from '../helpers/testDb.js';

describe('recovery of work whose owner died', () => {
  let h: TestApp | undefined;
  let fake: FakeTelegram | undefined;
  let desk: SlackDesk | undefined;
  let t: TestDb | undefined;
  let proxy: TcpProxy | undefined;
  afterEach(async () => {
    await h?.close();
    await proxy?.close();
    proxy = undefined;
    await fake?.close();
    await desk?.close();
    await t?.close();
    h = undefined;
    desk = undefined;
    t = undefined;
  });

  it('tells Telegram to come back while another process owns an update, then answers it once that owner is gone', async () => {
    fake = await startFakeTelegram();
    h = await createTestApp({
      now: '2026-12-03T10:15:00+08:00',
      env: { TELEGRAM_BOT_TOKEN: '123456:TEST-token', TELEGRAM_WEBHOOK_SECRET: 'hook_secret', TELEGRAM_API_ROOT: fake.url },
      prepare: async (x) => void (await insertDemoStore(x.db)),
    });
    await h.app.telegram!.start();
    const update = telegramUser(88).text('E6多少钱');
    // another process took it a moment ago (and died): its claim and the stored message
    const msg = toInboundMessage(update, FAKE_BOT, h.clock.now())!;
    await h.app.db.inboundEvent.create({
      data: {
        channel: 'telegram',
        eventId: msg.eventId,
        status: 'received',
        attempts: 1,
        receivedAt: h.clock.now(),
        leaseUntil: new Date(h.clock.now().getTime() + INBOUND_LEASE_MS),
        payload: JSON.parse(JSON.stringify(msg)),
      },
    });
    const post = () =>
      h!.app.http.inject({
        method: 'POST',
        url: '/telegram/webhook',
        headers: { 'x-telegram-bot-api-secret-token': 'hook_secret' },
        payload: update as object,
      });
    const busy = await post();
    expect(busy.statusCode).toBe(503);
    expect(Number(busy.headers['retry-after'])).toBeGreaterThan(0);
    expect(await h.app.sweeper.tick()).toBe(0); // still the other's
    h.clock.advance(INBOUND_LEASE_MS + 1000);
    expect(await h.app.sweeper.tick()).toBe(1);
    await h.app.outbox.tick();
    expect(
      fake
        .sent()
        .map((c) => String(c.params.text))
        .join('\n'),
    ).toContain('189,800');
    // Telegram's own retry later finds it done: answered 200, nothing runs again
    expect((await post()).statusCode).toBe(200);
    await h.app.outbox.tick();
    expect(fake.sent().filter((c) => String(c.params.text).includes('189,800'))).toHaveLength(1);
  });

  it('runs a Slack request kept before its ack again after the process died', async () => {
    desk = await startSlackDesk({ now: '2026-12-03T10:15:00+08:00', secret: 'slack-secret', users: { U0LIN: 'st-03' } });
    const { h: app, req } = desk;
    const { request, eventId } = req.event(dm('U0LIN', 'help'));
    // what a process killed right after its ack left: the raw request, kept, lease run out
    await app.app.db.inboundEvent.create({
      data: {
        channel: 'slack-raw',
        eventId: `event:${eventId}`,
        status: 'received',
        attempts: 1,
        receivedAt: app.clock.now(),
        leaseUntil: app.clock.now(),
        payload: { body: JSON.parse(String(request.payload)) },
      },
    });
    app.clock.advance(1000);
    expect(await app.app.sweeper.tick()).toBe(1);
    await app.app.slack!.idle();
    await app.app.outbox.tick();
    expect(
      desk.fake
        .callsOf('chat.postMessage')
        .map((c) => String(c.params.text))
        .join('\n'),
    ).toMatch(/Lin Xiaowen|林晓雯/);
    expect(await app.app.db.inboundEvent.findMany({ orderBy: { channel: 'asc' }, select: { channel: true, status: true, payload: true } })).toEqual([
      { channel: 'slack', status: 'done', payload: null },
      { channel: 'slack-raw', status: 'done', payload: null },
    ]);
    // Slack's retry of the same request is acknowledged and runs nothing
    expect((await desk.inject(request)).statusCode).toBe(200);
    expect(await app.app.db.inboundEvent.count({ where: { channel: 'slack' } })).toBe(1);
  });

  it('gives up on a poison event after its attempts, says why, and keeps answering the chat', async () => {
    t = await createTestDb();
    const store = await insertMinimalStore(t.db);
    const clock = new ManualClock('2026-12-03T02:15:00Z');
    // every run of this one event fails outside any bot (its transcript row cannot be written)
    const db = t.db.$extends({
      query: {
        chatMessage: {
          async create({ args, query }) {
            if (args.data.deliveryKey === 'in:telegram:poison') throw new Error('a row this store refuses');
            return query(args);
          },
        },
      },
    }) as unknown as Db;
    const answers: string[] = [];
    const pipeline = new Pipeline({
      db,
      clock,
      log: silentLogger,
      store,
      understand: () => ({ intent: 'other' }) as never,
      bots: [{ name: 'echo', sides: ['customer'], handle: async (ctx) => (answers.push(ctx.msg.text ?? ''), ctx.reply({ text: 'ok' }), true) }],
    });
    const msg = (eventId: string, text: string): InboundMessage => ({
      channel: 'telegram',
      eventId,
      chatId: '9',
      userId: '9',
      side: 'customer',
      kind: 'text',
      text,
      at: clock.now(),
    });
    await expect(pipeline.handle(msg('poison', 'first'))).rejects.toThrow('a row this store refuses');
    // the chat's next message is not held back by it
    await pipeline.handle(msg('next', 'second'));
    expect(answers).toEqual(['second']);
    const sweeper = new InboundSweeper({ db, clock, log: silentLogger, pipeline });
    for (let attempt = 1; attempt < MAX_INBOUND_ATTEMPTS; attempt++) {
      clock.advance(inboundRetryDelayMs(attempt));
      await sweeper.tick();
    }
    const row = await t.db.inboundEvent.findUniqueOrThrow({ where: { channel_eventId: { channel: 'telegram', eventId: 'poison' } } });
    expect(row).toMatchObject({ status: 'dead', attempts: MAX_INBOUND_ATTEMPTS, error: 'a row this store refuses' });
    clock.advance(60 * 60_000);
    expect(await sweeper.tick()).toBe(0); // left alone from now on
    const metrics = await createMetrics(t.db).registry.getSingleMetricAsString('dealerbot_inbound_dead');
    expect(metrics).toMatch(/dealerbot_inbound_dead 1/);
    expect(answers).toEqual(['second']);
  });

  // SQLite's own failure: another process holds the file's write lock.
  if (testEngine() === 'sqlite')
    it('answers a locked store with a clear 503 within its budget, and takes the same message once it is free', async () => {
      h = await createTestApp({ env: { DB_BUSY_TIMEOUT_MS: '50' } });
      const blocker = new Database(h.t.file);
      const send = () => h!.app.http.inject({ method: 'POST', url: '/api/chat', payload: { text: '你好', messageId: 'locked-0001' } });
      try {
        blocker.exec('BEGIN IMMEDIATE'); // another process holds the write lock
        const locked = await send();
        expect(locked.statusCode).toBe(503);
        expect(locked.json().error).toBe('the store is busy: try again in a moment');
        expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
      } finally {
        blocker.exec('ROLLBACK');
        blocker.close();
      }
      const free = await send();
      expect(free.statusCode).toBe(200);
      expect(free.json().replies.length).toBeGreaterThan(0);
    });

  // PostgreSQL's own failure: the server goes away mid-run and comes back.
  if (testEngine() === 'postgres')
    it('answers "try again shortly" while PostgreSQL is unreachable, says 503 on /healthz, and takes the same message once it is back', async () => {
      const db = await createTestDb();
      t = db;
      const server = new URL(db.url);
      proxy = await startTcpProxy({ host: server.hostname, port: Number(server.port) });
      const viaProxy = new URL(db.url);
      viaProxy.port = String(proxy.port);
      h = await createTestApp({ env: { DATABASE_URL: viaProxy.toString() } });
      const send = () => h!.app.http.inject({ method: 'POST', url: '/api/chat', payload: { text: '你好', messageId: 'lost-0001' } });
      expect((await h.app.http.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
      await proxy.cut();
      const lost = await send();
      expect(lost.statusCode).toBe(503);
      expect(lost.json().error).toBe('the store is unavailable for a moment: try again shortly');
      expect(Number(lost.headers['retry-after'])).toBeGreaterThan(0);
      expect((await h.app.http.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(503);
      await proxy.restore();
      // the pool's dropped connections are replaced on the next query
      await expect.poll(async () => (await h!.app.http.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
      const back = await send();
      expect(back.statusCode).toBe(200);
      expect(back.json().replies.length).toBeGreaterThan(0);
    });
});
