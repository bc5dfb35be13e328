// Found by the chaos run: while one chat's send waited (a platform that did not answer),
// the outbox's next tick could not start, so every other chat's new messages waited with
// it (p95 of a customer's wait for an answer 13 s with 3 held sends in 150; 7.8 s after).
// A tick now starts while an older one still runs, leaves the chats that one is sending
// to alone (each chat stays in order), and all ticks together send to at most
// `concurrency` chats.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/infra/clock.js';
import type { OutboundMessage } from '../../src/core/message.js';
import { enqueueOutbound, OutboxWorker } from '../../src/core/outbox.js';
import { silentLogger } from '../helpers/silentLogger.js';
import { createTestDb, type TestDb } from '../helpers/testDb.js';

/** A sender whose send of each named text waits until the test lets it go. */
function heldSender(...held: string[]) {
  const gates = new Map(
    held.map((text) => {
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      return [text, { gate, release }];
    }),
  );
  const sent: string[] = [];
  return {
    sent,
    release: (text: string) => gates.get(text)!.release(),
    async send({ recipient, message }: { recipient: string; message: OutboundMessage }) {
      await gates.get(message.text)?.gate;
      sent.push(`${recipient}:${message.text}`);
    },
  };
}

describe('outbox with a chat whose send hangs', () => {
  let t: TestDb;
  const clock = new ManualClock('2026-12-03T02:15:00Z');
  beforeEach(async () => {
    t = await createTestDb();
  });
  afterEach(async () => t.close());

  const queue = (key: string, recipient: string, text = key) =>
    enqueueOutbound(t.db, { idempotencyKey: key, channel: 'telegram', recipient, message: { text } }, clock.now());

  it("sends the other chats' messages queued after it began, and that chat's next only after it", async () => {
    const sender = heldSender('a1');
    const worker = new OutboxWorker({ db: t.db, clock, log: silentLogger, senders: { telegram: sender } });
    await queue('a1', 'chat-a');
    const first = worker.tick();
    await expect.poll(async () => (await t.db.outboxMessage.findFirstOrThrow({ where: { idempotencyKey: 'a1' } })).status).toBe('sending');

    // new turns' replies, while chat A's send hangs
    await queue('b1', 'chat-b');
    await queue('a2', 'chat-a');
    expect(await worker.tick()).toBe(1);
    expect(sender.sent).toEqual(['chat-b:b1']);

    sender.release('a1');
    expect(await first).toBe(1);
    expect(await worker.tick()).toBe(1);
    expect(sender.sent).toEqual(['chat-b:b1', 'chat-a:a1', 'chat-a:a2']);
  });

  it('sends to at most `concurrency` chats over all its ticks', async () => {
    const sender = heldSender('a1');
    const worker = new OutboxWorker({ db: t.db, clock, log: silentLogger, senders: { telegram: sender }, concurrency: 1 });
    await queue('a1', 'chat-a');
    const first = worker.tick();
    await expect.poll(async () => (await t.db.outboxMessage.findFirstOrThrow({ where: { idempotencyKey: 'a1' } })).status).toBe('sending');
    await queue('b1', 'chat-b');
    expect(await worker.tick()).toBe(0);
    sender.release('a1');
    await first;
    expect(await worker.tick()).toBe(1);
    expect(sender.sent).toEqual(['chat-a:a1', 'chat-b:b1']);
  });

  it('drains every tick in flight before it returns', async () => {
    const sender = heldSender('a1', 'b1');
    const worker = new OutboxWorker({ db: t.db, clock, log: silentLogger, senders: { telegram: sender } });
    await queue('a1', 'chat-a');
    void worker.tick();
    await expect.poll(async () => (await t.db.outboxMessage.findFirstOrThrow({ where: { idempotencyKey: 'a1' } })).status).toBe('sending');
    await queue('b1', 'chat-b');
    void worker.tick();
    await expect.poll(async () => (await t.db.outboxMessage.findFirstOrThrow({ where: { idempotencyKey: 'b1' } })).status).toBe('sending');
    let drained = false;
    const draining = worker.drain().then(() => (drained = true));
    sender.release('a1');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(drained).toBe(false);
    sender.release('b1');
    await draining;
    expect(await t.db.outboxMessage.count({ where: { status: 'sent' } })).toBe(2);
  });
});
