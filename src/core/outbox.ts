// The persisted outbox: every outbound message is a row first, then a send. A send that
// fails is retried with backoff (or after the platform's Retry-After) and, after
// maxAttempts or a permanent error, kept as a dead letter with its reason. A process that
// dies mid-send leaves the row "sending" with a lease; once the lease runs out another
// tick sends it again (at least once; the idempotency key lets a channel drop repeats).
import { randomUUID } from 'node:crypto';
import type { OutboxMessage, Prisma } from '../generated/prisma/client.js';
import type { Db } from '../store/createPrisma.js';
import type { Clock } from './clock.js';
import type { Logger } from './logger.js';
import type { Channel, OutboundMessage } from './message.js';
import type { Metrics } from './metrics.js';
import { isUniqueViolation } from './prismaErrors.js';
import { payloadOf, transcriptText } from './transcriptPayload.js';

export interface OutboxItem {
  idempotencyKey: string;
  channel: Channel;
  recipient: string;
  conversationId?: string;
  message: OutboundMessage;
  /** Send no earlier than this (reminders). */
  notBefore?: Date;
  maxAttempts?: number;
}

export interface Sender {
  /**
   * Sends one message. May return the platform's id of what it posted (a Slack ts), kept
   * as `sentRef` so later messages can thread under it and replies can be traced back.
   */
  send(item: { recipient: string; message: OutboundMessage; idempotencyKey: string; conversationId?: string | null }): Promise<void | { ref?: string }>;
}

/** What a sender throws: retryAfterMs from the platform (429), permanent for errors no retry fixes. */
export class SendError extends Error {
  constructor(
    message: string,
    readonly opts: { retryAfterMs?: number; permanent?: boolean } = {},
  ) {
    super(message);
    this.name = 'SendError';
  }
}

export async function enqueueOutbound(db: Db, item: OutboxItem, now: Date): Promise<OutboxMessage> {
  try {
    return await db.outboxMessage.create({
      data: {
        idempotencyKey: item.idempotencyKey,
        channel: item.channel,
        recipient: item.recipient,
        conversationId: item.conversationId,
        payload: item.message as unknown as Prisma.InputJsonValue,
        maxAttempts: item.maxAttempts ?? 8,
        nextAttemptAt: item.notBefore ?? now,
        createdAt: now,
      },
    });
  } catch (err) {
    // The same key twice is the same message: keep the first.
    if (!isUniqueViolation(err)) throw err;
    return (await db.outboxMessage.findUnique({ where: { idempotencyKey: item.idempotencyKey } }))!;
  }
}

/** Exponential backoff from 5 s to 15 min, with a small jitter that is stable per message. */
export function backoffMs(attempt: number, id: string): number {
  const base = Math.min(5_000 * 2 ** Math.max(0, attempt - 1), 15 * 60_000);
  let h = 0;
  for (const ch of id) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return base + (h % 1000);
}

export interface OutboxWorkerOptions {
  db: Db;
  clock: Clock;
  log: Logger;
  senders: Partial<Record<Channel, Sender>>;
  metrics?: Metrics;
  leaseMs?: number;
  batchSize?: number;
  /** Chats sent to at the same time (default 4); one chat's messages always go in order. */
  concurrency?: number;
}

export class OutboxWorker {
  private readonly owner = randomUUID();
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;
  private stopped = false;

  constructor(private readonly o: OutboxWorkerOptions) {}

  /** Sends what is due now; returns how many rows it handled. */
  tick(): Promise<number> {
    if (!this.running) {
      this.running = this.sendDue().finally(() => {
        this.running = undefined;
      });
    }
    return this.running;
  }

  start(intervalMs = 1000): void {
    this.stopped = false;
    this.timer = setInterval(() => {
      if (!this.stopped) void this.tick().catch((err) => this.o.log.error({ err }, 'outbox tick failed'));
    }, intervalMs);
    this.timer.unref();
  }

  /** Stops taking new work and waits for the sends in flight. */
  async drain(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  private async sendDue(): Promise<number> {
    const { db, clock } = this.o;
    const now = clock.now();
    const due = await db.outboxMessage.findMany({
      where: {
        OR: [
          { status: 'pending', nextAttemptAt: { lte: now } },
          { status: 'sending', leaseUntil: { lt: now } },
        ],
      },
      orderBy: { nextAttemptAt: 'asc' },
      take: this.o.batchSize ?? 50,
    });
    // One queue per chat, in order; chats in parallel, so a chat that waits (Telegram's
    // per-chat limit, a slow platform) does not hold back everyone else's messages.
    const chats = new Map<string, OutboxMessage[]>();
    for (const row of due) {
      const key = `${row.channel}\u0000${row.recipient}`;
      chats.set(key, [...(chats.get(key) ?? []), row]);
    }
    const queue = [...chats.values()];
    let handled = 0;
    const work = async () => {
      for (let rows = queue.shift(); rows; rows = queue.shift()) {
        for (const row of rows) {
          if (this.stopped && handled > 0) return;
          if (await this.claim(row, now)) {
            await this.deliver(row, now);
            handled++;
          }
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.o.concurrency ?? 4, queue.length) }, work));
    return handled;
  }

  private async claim(row: OutboxMessage, now: Date): Promise<boolean> {
    const { count } = await this.o.db.outboxMessage.updateMany({
      where: { id: row.id, status: row.status, attempts: row.attempts },
      data: { status: 'sending', attempts: { increment: 1 }, leaseUntil: new Date(now.getTime() + (this.o.leaseMs ?? 60_000)) },
    });
    return count === 1;
  }

  /**
   * What was sent later (a reminder, a human's reply) belongs in the conversation's
   * transcript like a turn's replies: staff read it, and WeChat's numbered answers refer
   * to it. The delivery key makes this a no-op where the channel already wrote it (web).
   */
  private async recordInTranscript(row: OutboxMessage): Promise<void> {
    if (!row.conversationId) return;
    const message = row.payload as unknown as OutboundMessage;
    try {
      await this.o.db.chatMessage.create({
        data: {
          conversationId: row.conversationId,
          direction: 'out',
          author: message.from ?? 'bot',
          text: transcriptText(message),
          payload: payloadOf(message),
          deliveryKey: row.idempotencyKey,
          createdAt: this.o.clock.now(),
        },
      });
    } catch (err) {
      if (!isUniqueViolation(err)) this.o.log.warn({ err, outboxId: row.id }, 'could not record a sent message in the transcript');
    }
  }

  private async deliver(row: OutboxMessage, now: Date): Promise<void> {
    const { db, log, metrics } = this.o;
    const attempt = row.attempts + 1;
    const sender = this.o.senders[row.channel as Channel];
    try {
      if (!sender) throw new SendError(`no sender configured for channel ${row.channel}`, { permanent: true });
      const message = row.payload as unknown as OutboundMessage;
      const sent = await sender.send({
        recipient: row.recipient,
        message,
        idempotencyKey: row.idempotencyKey,
        conversationId: row.conversationId,
      });
      await db.outboxMessage.update({
        where: { id: row.id },
        data: {
          status: 'sent', sentAt: this.o.clock.now(), leaseUntil: null, lastError: null, sentRef: sent?.ref ?? null,
          // delivered: the personal data in it need not be kept
          ...(message.sensitive ? { payload: { ...message, text: transcriptText(message) } as unknown as Prisma.InputJsonValue } : {}),
        },
      });
      await this.recordInTranscript(row);
      metrics?.outbound.inc({ channel: row.channel, status: 'sent' });
    } catch (err) {
      const e = err instanceof SendError ? err : new SendError((err as Error).message ?? String(err));
      const dead = e.opts.permanent || attempt >= row.maxAttempts;
      const reason = `attempt ${attempt}: ${e.message}`.slice(0, 500);
      await db.outboxMessage.update({
        where: { id: row.id },
        data: dead
          ? { status: 'dead', leaseUntil: null, lastError: reason }
          : {
              status: 'pending',
              leaseUntil: null,
              lastError: reason,
              nextAttemptAt: new Date(now.getTime() + (e.opts.retryAfterMs ?? backoffMs(attempt, row.id))),
            },
      });
      metrics?.outbound.inc({ channel: row.channel, status: dead ? 'dead' : 'retry' });
      log[dead ? 'error' : 'warn']({ outboxId: row.id, channel: row.channel, attempt, reason: e.message }, dead ? 'outbound dead-lettered' : 'outbound send failed, will retry');
    }
  }
}
