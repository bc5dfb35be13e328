import { afterEach, describe, expect, it } from 'vitest';
import { enqueueOutbound, type Sender } from '../src/core/outbox.js';
import { createDealerbot } from '../src/app.js';
import { loadConfig } from '../src/infra/config.js';
import { ManualClock } from '../src/infra/clock.js';
import { insertMinimalStore } from './helpers/fixtures.js';
import { silentLogger } from './helpers/silentLogger.js';
import { createTestDb, type TestDb } from './helpers/testDb.js';

describe('graceful shutdown', () => {
  let t: TestDb;
  afterEach(async () => t?.close());

  it('finishes the send in flight before closing the store, and stops serving', async () => {
    t = await createTestDb();
    await insertMinimalStore(t.db);
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let started!: () => void;
    const sendStarted = new Promise<void>((r) => (started = r));
    const slowSender: Sender = {
      async send() {
        started();
        await gate;
      },
    };
    const clock = new ManualClock('2026-12-03T02:15:00Z');
    const app = await createDealerbot({
      config: loadConfig({ DATABASE_URL: t.url, PORT: '0', LOG_LEVEL: 'silent' }),
      clock,
      log: silentLogger,
      senders: { telegram: slowSender },
      outboxIntervalMs: 60_000,
    });
    const url = await app.start();
    await enqueueOutbound(t.db, { idempotencyKey: 'k', channel: 'telegram', recipient: 'c', message: { text: 'hi' } }, clock.now());
    void app.outbox.tick();
    await sendStarted;

    let stopped = false;
    const stopping = app.stop().then(() => (stopped = true));
    await new Promise((r) => setImmediate(r));
    expect(stopped).toBe(false); // waiting for the send
    release();
    await stopping;
    expect((await t.db.outboxMessage.findFirstOrThrow()).status).toBe('sent');
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
  });
});
