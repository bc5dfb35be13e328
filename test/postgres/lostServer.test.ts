// The background loops while PostgreSQL is gone: the outbox's ticks fail as store trouble
// (said once, "paused"), nothing is marked failed or dead, and the message goes out once
// the server is back ("resumed").
import { afterEach, describe, expect, it } from 'vitest';
import { enqueueOutbound, OutboxWorker } from '../../src/core/outbox.js';
import { createLoopTrouble } from '../../src/core/loopTrouble.js';
import { ManualClock } from '../../src/infra/clock.js';
import type { Logger } from '../../src/infra/logger.js';
import { createPrisma, type Db } from '../../src/store/createPrisma.js';
import { recordingSender } from '../helpers/fakeChannel.js';
import { silentLogger } from '../helpers/silentLogger.js';
import { startTcpProxy, type TcpProxy } from '../helpers/tcpProxy.js';
import { createTestDb, type TestDb } from '../helpers/testDb.js';

function recordingLog() {
  const lines: string[] = [];
  const log = {
    warn: (_o: unknown, msg: string) => lines.push(`warn ${msg}`),
    info: (_o: unknown, msg: string) => lines.push(`info ${msg}`),
    error: (_o: unknown, msg: string) => lines.push(`error ${msg}`),
  } as unknown as Logger;
  return { log, lines };
}

describe('PostgreSQL lost while the loops run', () => {
  let t: TestDb;
  let proxy: TcpProxy;
  let db: Db;
  afterEach(async () => {
    await db?.$disconnect();
    await proxy?.close();
    await t?.close();
  });

  it('pauses the outbox without failing a message, says so once, and sends it when the server is back', async () => {
    t = await createTestDb();
    const server = new URL(t.url);
    proxy = await startTcpProxy({ host: server.hostname, port: Number(server.port) });
    const viaProxy = new URL(t.url);
    viaProxy.port = String(proxy.port);
    db = createPrisma(viaProxy.toString(), { poolSize: 2 });
    const clock = new ManualClock('2026-12-03T02:15:00Z');
    const sender = recordingSender();
    const worker = new OutboxWorker({ db, clock, log: silentLogger, senders: { telegram: sender } });
    await enqueueOutbound(db, { idempotencyKey: 'k1', channel: 'telegram', recipient: 'chat-1', message: { text: '你好' } }, clock.now());

    const { log, lines } = recordingLog();
    const trouble = createLoopTrouble(log, 'outbox');
    await proxy.cut();
    for (let i = 0; i < 3; i++) {
      const err = await worker.tick().then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).not.toBeNull();
      trouble.failed(err);
    }
    expect(lines).toEqual(['warn outbox paused: the database server cannot be reached; it retries every tick']);
    expect(sender.attempts).toBe(0);

    await proxy.restore();
    await expect
      .poll(() =>
        worker.tick().then(
          (n) => n,
          () => -1,
        ),
      )
      .toBe(1);
    trouble.succeeded();
    expect(lines.at(-1)).toBe('info outbox resumed');
    expect(sender.sent).toHaveLength(1);
    expect(await t.db.outboxMessage.findFirstOrThrow()).toMatchObject({ status: 'sent', attempts: 1 });
  });
});
