import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.js';
import { createMetrics } from '../../src/core/metrics.js';
import { backoffMs, enqueueOutbound, OutboxWorker, SendError } from '../../src/core/outbox.js';
import { platformDown, recordingSender } from '../helpers/fakeChannel.js';
import { silentLogger } from '../helpers/silentLogger.js';
import { createTestDb, type TestDb } from '../helpers/testDb.js';

describe('outbox', () => {
  let t: TestDb;
  let clock: ManualClock;
  beforeEach(async () => {
    t = await createTestDb();
    clock = new ManualClock('2026-12-03T02:15:00Z');
  });
  afterEach(async () => t.close());

  const item = (key: string, extra: object = {}) => ({
    idempotencyKey: key,
    channel: 'telegram' as const,
    recipient: 'chat-9',
    message: { text: `hello ${key}` },
    ...extra,
  });

  it('keeps one row per idempotency key', async () => {
    const a = await enqueueOutbound(t.db, item('k1'), clock.now());
    const b = await enqueueOutbound(t.db, { ...item('k1'), message: { text: 'other' } }, clock.now());
    expect(b.id).toBe(a.id);
    expect(await t.db.outboxMessage.count()).toBe(1);
  });

  it('delivers exactly once when the sender fails twice then succeeds', async () => {
    const sender = recordingSender([platformDown(), platformDown()]);
    const worker = new OutboxWorker({ db: t.db, clock, log: silentLogger, senders: { telegram: sender } });
    await enqueueOutbound(t.db, item('k1'), clock.now());

    expect(await worker.tick()).toBe(1); // attempt 1 fails
    expect(await worker.tick()).toBe(0); // backing off: nothing due
    clock.advance(backoffMs(1, 'x') + 1000);
    expect(await worker.tick()).toBe(1); // attempt 2 fails
    clock.advance(backoffMs(2, 'x') + 1000);
    expect(await worker.tick()).toBe(1); // attempt 3 succeeds
    clock.advance(60 * 60_000);
    expect(await worker.tick()).toBe(0);

    expect(sender.attempts).toBe(3);
    expect(sender.sent).toHaveLength(1);
    const row = await t.db.outboxMessage.findFirstOrThrow();
    expect(row).toMatchObject({ status: 'sent', attempts: 3 });
  });

  it('dead-letters with the reason after the last attempt, visible in metrics', async () => {
    const sender = recordingSender(Array.from({ length: 10 }, platformDown));
    const metrics = createMetrics(t.db);
    const worker = new OutboxWorker({ db: t.db, clock, log: silentLogger, senders: { telegram: sender }, metrics });
    await enqueueOutbound(t.db, item('k1', { maxAttempts: 3 }), clock.now());
    for (let i = 0; i < 6; i++) {
      await worker.tick();
      clock.advance(20 * 60_000);
    }
    expect(sender.attempts).toBe(3);
    const row = await t.db.outboxMessage.findFirstOrThrow();
    expect(row.status).toBe('dead');
    expect(row.lastError).toBe('attempt 3: HTTP 500 from platform');
    const text = await metrics.registry.metrics();
    expect(text).toMatch(/dealerbot_outbox_dead_letters 1/);
    expect(text).toMatch(/dealerbot_outbound_total\{channel="telegram",status="dead"\} 1/);
  });

  it('waits the platform\'s retry-after on a 429, and gives up at once on a permanent error', async () => {
    const sender = recordingSender([new SendError('429 Too Many Requests', { retryAfterMs: 30_000 }), new SendError('chat not found', { permanent: true })]);
    const worker = new OutboxWorker({ db: t.db, clock, log: silentLogger, senders: { telegram: sender } });
    await enqueueOutbound(t.db, item('rate'), clock.now());
    await worker.tick();
    const waiting = await t.db.outboxMessage.findFirstOrThrow();
    expect(waiting.nextAttemptAt.getTime() - clock.now().getTime()).toBe(30_000);
    clock.advance(29_000);
    expect(await worker.tick()).toBe(0);
    clock.advance(1_000);
    expect(await worker.tick()).toBe(1);
    expect((await t.db.outboxMessage.findFirstOrThrow()).status).toBe('dead');
  });

  it('sends again what a process was sending when it died, once its lease ran out', async () => {
    await enqueueOutbound(t.db, item('crash'), clock.now());
    // a worker claimed the row and died before recording the outcome
    await t.db.outboxMessage.updateMany({ data: { status: 'sending', attempts: 1, leaseUntil: new Date(clock.now().getTime() + 60_000) } });
    const sender = recordingSender();
    const worker = new OutboxWorker({ db: t.db, clock, log: silentLogger, senders: { telegram: sender } });
    expect(await worker.tick()).toBe(0); // still leased to the dead process
    clock.advance(61_000);
    expect(await worker.tick()).toBe(1);
    expect(sender.sent.map((s) => s.idempotencyKey)).toEqual(['crash']);
  });

  it('records what it sent later in the conversation\'s transcript, once', async () => {
    await t.db.store.create({ data: { id: 's', nameZh: 's', nameEn: 's', profile: {} } });
    const conv = await t.db.conversation.create({ data: { channel: 'telegram', chatId: 'chat-9' } });
    const sender = recordingSender();
    const worker = new OutboxWorker({ db: t.db, clock, log: silentLogger, senders: { telegram: sender } });
    await enqueueOutbound(t.db, item('reminder', { conversationId: conv.id, message: { text: '提醒', buttons: [{ label: '1', value: 'x' }] } }), clock.now());
    await worker.tick();
    await worker.tick();
    const transcript = await t.db.chatMessage.findMany({ where: { conversationId: conv.id } });
    expect(transcript).toHaveLength(1);
    expect(transcript[0]).toMatchObject({ direction: 'out', author: 'bot', text: '提醒', deliveryKey: 'reminder', payload: { buttons: [{ label: '1', value: 'x' }] } });
  });

  it('holds a message until notBefore (reminders)', async () => {
    const sender = recordingSender();
    const worker = new OutboxWorker({ db: t.db, clock, log: silentLogger, senders: { telegram: sender } });
    await enqueueOutbound(t.db, item('later', { notBefore: new Date(clock.now().getTime() + 3_600_000) }), clock.now());
    expect(await worker.tick()).toBe(0);
    clock.advance(3_600_000);
    expect(await worker.tick()).toBe(1);
  });

  it('keeps each chat in order while a slow chat does not hold back the others', async () => {
    // chat A's first send hangs until we let it go; B's messages go out meanwhile
    let releaseA!: () => void;
    const aHeld = new Promise<void>((resolve) => (releaseA = resolve));
    const order: string[] = [];
    const sender = {
      async send({ recipient, message }: { recipient: string; message: { text?: string } }) {
        if (message.text === 'a1') await aHeld;
        order.push(`${recipient}:${message.text}`);
      },
    };
    const worker = new OutboxWorker({ db: t.db, clock, log: silentLogger, senders: { telegram: sender } });
    for (const [key, recipient, text] of [['a1', 'chat-a', 'a1'], ['a2', 'chat-a', 'a2'], ['b1', 'chat-b', 'b1'], ['b2', 'chat-b', 'b2']]) {
      await enqueueOutbound(t.db, { idempotencyKey: key, channel: 'telegram', recipient, message: { text } }, clock.now());
    }
    const tick = worker.tick();
    await expect.poll(() => order).toEqual(['chat-b:b1', 'chat-b:b2']);
    releaseA();
    expect(await tick).toBe(4);
    expect(order).toEqual(['chat-b:b1', 'chat-b:b2', 'chat-a:a1', 'chat-a:a2']);
  });

  it('two workers on one store send a message once', async () => {
    const sender = recordingSender();
    const a = new OutboxWorker({ db: t.db, clock, log: silentLogger, senders: { telegram: sender } });
    const b = new OutboxWorker({ db: t.db, clock, log: silentLogger, senders: { telegram: sender } });
    for (let i = 0; i < 5; i++) await enqueueOutbound(t.db, item(`m${i}`), clock.now());
    const [x, y] = await Promise.all([a.tick(), b.tick()]);
    expect(x + y).toBe(5);
    expect(sender.sent).toHaveLength(5);
  });
});
