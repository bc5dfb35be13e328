import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { scheduleBookingMessages } from '../../src/bots/test-drive/scheduleBookingMessages.js';
import type { Conversation, TestDriveBooking } from '../../src/generated/prisma/client.js';
import { ManualClock } from '../../src/infra/clock.js';
import type { OutboundMessage } from '../../src/core/message.js';
import { createMetrics } from '../../src/infra/metrics.js';
import { backoffMs, DEFAULT_MAX_ATTEMPTS, enqueueOutbound, OutboxWorker, SendError } from '../../src/core/outbox.js';
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

  it("waits the platform's retry-after on a 429, and gives up at once on a permanent error", async () => {
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

  it("records what it sent later in the conversation's transcript, once", async () => {
    await t.db.store.create({ data: { id: 's', nameZh: 's', nameEn: 's', profile: {} } });
    const conv = await t.db.conversation.create({ data: { channel: 'telegram', chatId: 'chat-9' } });
    const sender = recordingSender();
    const worker = new OutboxWorker({ db: t.db, clock, log: silentLogger, senders: { telegram: sender } });
    await enqueueOutbound(t.db, item('reminder', { conversationId: conv.id, message: { text: '提醒', buttons: [{ label: '1', value: 'x' }] } }), clock.now());
    await worker.tick();
    await worker.tick();
    const transcript = await t.db.chatMessage.findMany({ where: { conversationId: conv.id } });
    expect(transcript).toHaveLength(1);
    expect(transcript[0]).toMatchObject({
      direction: 'out',
      author: 'bot',
      text: '提醒',
      deliveryKey: 'reminder',
      payload: { buttons: [{ label: '1', value: 'x' }] },
    });
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
    for (const [key, recipient, text] of [
      ['a1', 'chat-a', 'a1'],
      ['a2', 'chat-a', 'a2'],
      ['b1', 'chat-b', 'b1'],
      ['b2', 'chat-b', 'b2'],
    ]) {
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
  it('two workers (two instances) keep one chat in order: the second leaves a chat alone while the first sends to it', async () => {
    let releaseA1!: () => void;
    const a1Held = new Promise<void>((resolve) => (releaseA1 = resolve));
    const order: string[] = [];
    const sender = {
      async send({ recipient, message }: { recipient: string; message: { text?: string } }) {
        if (message.text === 'a1') await a1Held;
        order.push(`${recipient}:${message.text}`);
      },
    };
    const first = new OutboxWorker({ db: t.db, clock, log: silentLogger, senders: { telegram: sender } });
    const second = new OutboxWorker({ db: t.db, clock, log: silentLogger, senders: { telegram: sender } });
    // one turn's replies: the same instant, written in order
    for (const [key, recipient, text] of [
      ['a1', 'chat-a', 'a1'],
      ['a2', 'chat-a', 'a2'],
      ['a3', 'chat-a', 'a3'],
      ['b1', 'chat-b', 'b1'],
    ]) {
      await enqueueOutbound(t.db, { idempotencyKey: key, channel: 'telegram', recipient, message: { text } }, clock.now());
    }
    const firstTick = first.tick();
    await expect.poll(async () => (await t.db.outboxMessage.findUniqueOrThrow({ where: { idempotencyKey: 'a1' } })).status).toBe('sending');
    // the other instance sends chat-b's message, and none of chat-a's while a1 is in flight
    await second.tick();
    expect(order.filter((o) => o.startsWith('chat-a'))).toEqual([]);
    expect(order).toContain('chat-b:b1');
    releaseA1();
    await firstTick;
    await second.tick();
    expect(order.filter((o) => o.startsWith('chat-a'))).toEqual(['chat-a:a1', 'chat-a:a2', 'chat-a:a3']);
    expect(await t.db.outboxMessage.count({ where: { status: 'sent' } })).toBe(4);
  });

  /** Ticks at each next attempt until the row is done; the times of the attempts, from the first. */
  async function attemptTimes(worker: OutboxWorker, key: string) {
    const first = clock.now().getTime();
    const times: number[] = [];
    for (;;) {
      await worker.tick();
      times.push(clock.now().getTime() - first);
      const row = await t.db.outboxMessage.findUniqueOrThrow({ where: { idempotencyKey: key } });
      if (row.status !== 'pending') return { times, row };
      clock.set(row.nextAttemptAt);
    }
  }

  describe('leases', () => {
    const LEASE = 60_000;
    /** A sender whose first send of each named text waits until the test lets it go. */
    function heldSender(...held: string[]) {
      const gates = new Map(
        held.map((text) => {
          let release!: () => void;
          const gate = new Promise<void>((resolve) => (release = resolve));
          return [text, { gate, release, started: false }];
        }),
      );
      const sent: string[] = [];
      return {
        sent,
        started: (text: string) => gates.get(text)!.started,
        release: (text: string) => gates.get(text)!.release(),
        async send({ message }: { message: OutboundMessage }) {
          const g = gates.get(message.text!);
          if (g && !g.started) {
            g.started = true;
            await g.gate;
          }
          sent.push(message.text!);
        },
      };
    }
    const leaseOf = async (key: string) => (await t.db.outboxMessage.findUniqueOrThrow({ where: { idempotencyKey: key } })).leaseUntil?.getTime();

    it("counts a lease from its own claim: a slow tick leaves the next chat's row to no other worker", async () => {
      const sender = heldSender('a', 'b');
      const start = clock.now().getTime();
      // one chat at a time, so chat B's row is claimed only after chat A's slow send
      const first = new OutboxWorker({ db: t.db, clock, log: silentLogger, senders: { telegram: sender }, leaseMs: LEASE, concurrency: 1 });
      const second = new OutboxWorker({ db: t.db, clock, log: silentLogger, senders: { telegram: sender }, leaseMs: LEASE });
      await enqueueOutbound(
        t.db,
        { idempotencyKey: 'a', channel: 'telegram', recipient: 'chat-a', message: { text: 'a' }, notBefore: new Date(start - 1000) },
        clock.now(),
      );
      await enqueueOutbound(t.db, { idempotencyKey: 'b', channel: 'telegram', recipient: 'chat-b', message: { text: 'b' } }, clock.now());

      const tick = first.tick();
      await expect.poll(() => sender.started('a')).toBe(true);
      clock.advance(50_000); // A's send waits 50 s on the platform's rate limit
      sender.release('a');
      await expect.poll(() => sender.started('b')).toBe(true);
      // B's lease runs from its claim, 50 s into the tick, not from the tick's start
      expect(await leaseOf('b')).toBe(start + 50_000 + LEASE);

      clock.advance(20_000); // past a lease counted from the tick's start (start + 60 s)
      expect(await second.tick()).toBe(0);
      sender.release('b');
      expect(await tick).toBe(2);
      expect(sender.sent).toEqual(['a', 'b']);
    });

    it('renews the lease of a send that outlasts it, so no other worker sends the message again', async () => {
      vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
      try {
        const sender = heldSender('slow');
        const first = new OutboxWorker({ db: t.db, clock, log: silentLogger, senders: { telegram: sender }, leaseMs: LEASE });
        const second = new OutboxWorker({ db: t.db, clock, log: silentLogger, senders: { telegram: sender }, leaseMs: LEASE });
        await enqueueOutbound(t.db, item('slow', { message: { text: 'slow' } }), clock.now());
        const start = clock.now().getTime();
        const tick = first.tick();
        await expect.poll(() => sender.started('slow')).toBe(true);
        expect(await leaseOf('slow')).toBe(start + LEASE);

        // the platform answers slowly: 90 s in, the first lease is over, but it was renewed
        clock.advance(90_000);
        vi.advanceTimersByTime(LEASE / 3);
        await expect.poll(() => leaseOf('slow')).toBe(start + 90_000 + LEASE);
        expect(await second.tick()).toBe(0);

        sender.release('slow');
        expect(await tick).toBe(1);
        expect(sender.sent).toEqual(['slow']);
        const row = await t.db.outboxMessage.findUniqueOrThrow({ where: { idempotencyKey: 'slow' } });
        expect(row).toMatchObject({ status: 'sent', attempts: 1, leaseUntil: null });
        // no renewal outlives the send
        vi.advanceTimersByTime(10 * LEASE);
        expect(vi.getTimerCount()).toBe(0);
      } finally {
        vi.useRealTimers();
      }
    });

    it('leaves a row cancelled mid-send cancelled: not retried after a failure, not put in the transcript after a success', async () => {
      const cancel = (key: string) =>
        t.db.outboxMessage.updateMany({ where: { idempotencyKey: key }, data: { status: 'cancelled', lastError: 'customer data deleted' } });
      const sender = {
        async send({ idempotencyKey }: { idempotencyKey: string }) {
          await cancel(idempotencyKey); // the customer's data is erased while the platform answers
          if (idempotencyKey === 'fails') throw platformDown();
        },
      };
      const worker = new OutboxWorker({ db: t.db, clock, log: silentLogger, senders: { telegram: sender } });
      await t.db.store.create({ data: { id: 's', nameZh: 's', nameEn: 's', profile: {} } });
      const conv = await t.db.conversation.create({ data: { channel: 'telegram', chatId: 'chat-9' } });
      await enqueueOutbound(t.db, item('fails'), clock.now());
      await enqueueOutbound(t.db, item('lands', { conversationId: conv.id }), clock.now());
      expect(await worker.tick()).toBe(2);
      clock.advance(60 * 60_000);
      expect(await worker.tick()).toBe(0);
      for (const r of await t.db.outboxMessage.findMany()) expect(r).toMatchObject({ status: 'cancelled', lastError: 'customer data deleted', attempts: 1 });
      expect(await t.db.chatMessage.count()).toBe(0);
    });

    it("counts a failure's wait from the failure, not from the claim", async () => {
      const sender = {
        async send() {
          clock.advance(40_000); // the platform took 40 s to refuse
          throw new SendError('429 Too Many Requests', { retryAfterMs: 30_000 });
        },
      };
      const worker = new OutboxWorker({ db: t.db, clock, log: silentLogger, senders: { telegram: sender } });
      const start = clock.now().getTime();
      await enqueueOutbound(t.db, item('slow-fail'), clock.now());
      await worker.tick();
      const row = await t.db.outboxMessage.findFirstOrThrow();
      expect(row.nextAttemptAt.getTime()).toBe(start + 40_000 + 30_000);
    });
  });

  describe('the retry schedule', () => {
    it('retries within seconds first (about 1 s, 3 s, 10 s), so a blip costs a reply seconds', async () => {
      const sender = recordingSender([platformDown(), platformDown(), platformDown()]);
      const worker = new OutboxWorker({ db: t.db, clock, log: silentLogger, senders: { telegram: sender } });
      await enqueueOutbound(t.db, item('blip'), clock.now());
      const { times, row } = await attemptTimes(worker, 'blip');
      expect(row.status).toBe('sent');
      expect(times).toHaveLength(4);
      const waits = times.slice(1).map((at, i) => at - times[i]!);
      for (const [i, base] of [1_000, 3_000, 10_000].entries()) {
        expect(waits[i]).toBeLessThanOrEqual(base);
        expect(waits[i]).toBeGreaterThanOrEqual(base * 0.9);
      }
      expect(times.at(-1)).toBeLessThanOrEqual(14_000); // sent 14 s after the first try
    });

    it('then backs off like for an outage up to 15 min, and dead-letters after as long a retry as before', async () => {
      const sender = recordingSender(Array.from({ length: 20 }, platformDown));
      const worker = new OutboxWorker({ db: t.db, clock, log: silentLogger, senders: { telegram: sender } });
      await enqueueOutbound(t.db, item('outage'), clock.now());
      const { times, row } = await attemptTimes(worker, 'outage');
      expect(row).toMatchObject({ status: 'dead', attempts: DEFAULT_MAX_ATTEMPTS });
      expect(DEFAULT_MAX_ATTEMPTS).toBe(9);
      const waits = times.slice(1).map((at, i) => at - times[i]!);
      const bases = [1, 3, 10, 30, 60, 120, 240, 480].map((s) => s * 1000);
      expect(waits).toHaveLength(bases.length);
      waits.forEach((w, i) => {
        expect(w).toBeLessThanOrEqual(bases[i]!);
        expect(w).toBeGreaterThanOrEqual(bases[i]! * 0.9);
      });
      // the old schedule (5 s doubling, 8 attempts) retried for 635 s; this one at least as long
      expect(times.at(-1)).toBeGreaterThanOrEqual(635_000);
      expect(times.at(-1)).toBeLessThanOrEqual(944_000);
      expect(backoffMs(12, row.id)).toBeLessThanOrEqual(15 * 60_000);
      expect(backoffMs(12, row.id)).toBeGreaterThanOrEqual(0.9 * 15 * 60_000);
    });

    it('keeps the jitter stable per message and different between messages', () => {
      expect(backoffMs(5, 'msg-1')).toBe(backoffMs(5, 'msg-1'));
      const spread = new Set(Array.from({ length: 20 }, (_, i) => backoffMs(6, `msg-${i}`)));
      expect(spread.size).toBeGreaterThan(10);
    });

    it("honours a platform's Retry-After, longer or shorter than its own wait", async () => {
      const sender = recordingSender([
        new SendError('429', { retryAfterMs: 45_000 }), // longer than the 1 s retry
        platformDown(),
        platformDown(),
        platformDown(),
        platformDown(),
        new SendError('429', { retryAfterMs: 2_000 }), // shorter than the 2 min retry
      ]);
      const worker = new OutboxWorker({ db: t.db, clock, log: silentLogger, senders: { telegram: sender } });
      await enqueueOutbound(t.db, item('limited'), clock.now());
      const { times, row } = await attemptTimes(worker, 'limited');
      expect(row.status).toBe('sent');
      expect(times[1]).toBe(45_000);
      expect(times[6]! - times[5]!).toBe(2_000);
    });
  });

  describe('expiry', () => {
    const HOUR = 3_600_000;
    const conversation = { id: 'conv-td', channel: 'telegram', chatId: 'chat-9' } as Conversation;
    const ctx = { modelName: 'Model S', consultantName: 'Li', address: 'Store', lang: 'en' as const, timeZone: 'Asia/Shanghai' };
    const bookingAt = (slotStart: Date) => ({ id: 'bk-1', slotStart }) as TestDriveBooking;
    const rows = async () => Object.fromEntries((await t.db.outboxMessage.findMany()).map((r) => [r.idempotencyKey.split(':').at(-1)!, r]));

    it('drops a reminder still unsent when its slot has begun, with the reason, and never sends it', async () => {
      const slot = new Date(clock.now().getTime() + 25 * HOUR);
      await scheduleBookingMessages(t.db, bookingAt(slot), conversation, ctx, clock.now());
      const sender = recordingSender();
      const metrics = createMetrics(t.db);
      const worker = new OutboxWorker({ db: t.db, clock, log: silentLogger, senders: { telegram: sender }, metrics });

      // the service was down from the booking until 30 min into the slot
      clock.set(slot.getTime() + 30 * 60_000);
      expect(await worker.tick()).toBe(2);
      expect(sender.attempts).toBe(0);
      const r = await rows();
      expect(r.d1).toMatchObject({ status: 'expired', attempts: 0, sentAt: null });
      expect(r.h2).toMatchObject({ status: 'expired', attempts: 0, sentAt: null });
      expect(r.h2!.lastError).toBe(`not sent: expired at ${slot.toISOString()}`);
      expect(r.fb!.status).toBe('pending'); // asked after the drive, not before
      expect(await metrics.registry.metrics()).toMatch(/dealerbot_outbound_total\{channel="telegram",status="expired"\} 2/);

      clock.set(slot.getTime() + HOUR);
      expect(await worker.tick()).toBe(1);
      expect(sender.sent.map((s) => s.idempotencyKey)).toEqual(['td:bk-1:fb']);
      // a second worker finds nothing left to expire or send
      expect(await new OutboxWorker({ db: t.db, clock, log: silentLogger, senders: { telegram: sender } }).tick()).toBe(0);
    });

    it('sends the day-before reminder in time, and drops it once the two-hour one is due', async () => {
      const slot = new Date(clock.now().getTime() + 30 * HOUR);
      await scheduleBookingMessages(t.db, bookingAt(slot), conversation, ctx, clock.now());
      const sender = recordingSender();
      const worker = new OutboxWorker({ db: t.db, clock, log: silentLogger, senders: { telegram: sender } });
      clock.set(slot.getTime() - 2 * HOUR);
      expect(await worker.tick()).toBe(2);
      expect(sender.sent.map((s) => s.idempotencyKey)).toEqual(['td:bk-1:h2']);
      expect((await rows()).d1!.status).toBe('expired');
      expect((await rows()).fb!.expiresAt).toEqual(new Date(slot.getTime() + 48 * HOUR));
    });

    it('drops a message that expires between its retries, not dead-lettered, saying why', async () => {
      const sender = recordingSender(Array.from({ length: 10 }, platformDown));
      const metrics = createMetrics(t.db);
      const worker = new OutboxWorker({ db: t.db, clock, log: silentLogger, senders: { telegram: sender }, metrics });
      const expiresAt = new Date(clock.now().getTime() + 20_000);
      await enqueueOutbound(t.db, item('soon', { expiresAt }), clock.now());
      // tries at about 0, 1, 4 and 14 s; the next would come at about 44 s, past the expiry
      const { times, row } = await attemptTimes(worker, 'soon');
      expect(times).toHaveLength(4);
      expect(times.at(-1)).toBeLessThan(20_000);
      expect(row).toMatchObject({ status: 'expired', attempts: 4 });
      expect(row.lastError).toBe(`not sent: expires at ${expiresAt.toISOString()}, before its next try; attempt 4: HTTP 500 from platform`);
      const text = await metrics.registry.metrics();
      expect(text).toMatch(/status="expired"\} 1/);
      expect(text).toMatch(/dealerbot_outbox_dead_letters 0/);
    });

    it('drops a reminder whose 429 storm outlasts its slot as expired, not dead', async () => {
      const slot = new Date(clock.now().getTime() + 3 * HOUR);
      await scheduleBookingMessages(t.db, bookingAt(slot), conversation, ctx, clock.now());
      // the platform keeps answering "too many requests, come back in 30 min"
      const storm = () => new SendError('429 Too Many Requests', { retryAfterMs: 30 * 60_000 });
      const sender = recordingSender(Array.from({ length: 10 }, storm));
      const worker = new OutboxWorker({ db: t.db, clock, log: silentLogger, senders: { telegram: sender } });
      clock.set(slot.getTime() - 2 * HOUR);
      // tries at 2 h, 1.5 h, 1 h and 30 min before the slot; the next would be at its start
      const { times, row } = await attemptTimes(worker, 'td:bk-1:h2');
      expect(times).toEqual([0, 0.5 * HOUR, HOUR, 1.5 * HOUR]);
      expect(row).toMatchObject({ status: 'expired', attempts: 4, sentAt: null });
      expect(row.lastError).toBe(`not sent: expires at ${slot.toISOString()}, before its next try; attempt 4: 429 Too Many Requests`);
    });

    it('keeps no personal data in a sensitive message that expired unsent', async () => {
      const worker = new OutboxWorker({ db: t.db, clock, log: silentLogger, senders: { telegram: recordingSender() } });
      const message = { text: 'Wang Fang: 13812345678', sensitive: true };
      await enqueueOutbound(t.db, item('reveal', { message, expiresAt: new Date(clock.now().getTime() + 60_000) }), clock.now());
      clock.advance(60_000);
      expect(await worker.tick()).toBe(1);
      const row = await t.db.outboxMessage.findFirstOrThrow();
      expect(row.status).toBe('expired');
      expect(JSON.stringify(row.payload)).not.toContain('13812345678');
    });

    it('dead-letters a permanent error even before the expiry: someone should look at it', async () => {
      const sender = recordingSender([new SendError('bot was blocked by the user', { permanent: true })]);
      const worker = new OutboxWorker({ db: t.db, clock, log: silentLogger, senders: { telegram: sender } });
      await enqueueOutbound(t.db, item('blocked', { expiresAt: new Date(clock.now().getTime() + 1000) }), clock.now());
      await worker.tick();
      expect(await t.db.outboxMessage.findFirstOrThrow()).toMatchObject({ status: 'dead' });
    });
  });
});
