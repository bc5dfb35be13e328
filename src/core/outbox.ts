// The persisted outbox: every outbound message is a row first, then a send. A send that
// fails is retried with backoff (or after the platform's Retry-After) and, after
// maxAttempts or a permanent error, kept as a dead letter with its reason. A message past
// its expiresAt (a reminder whose slot has begun) is dropped as "expired" with its reason
// instead of being sent late. A process that dies mid-send leaves the row "sending" with
// a lease; once the lease runs out another tick sends it again (at least once; the
// idempotency key lets a channel drop repeats). A live send renews its lease, so only a
// dead process's rows are taken over.
import type { OutboxMessage, Prisma } from '../generated/prisma/client.js';
import type { Db } from '../store/createPrisma.js';
import type { Clock } from '../infra/clock.js';
import type { Logger } from '../infra/logger.js';
import type { ChannelName, OutboundMessage } from './message.js';
import type { Metrics } from '../infra/metrics.js';
import { isUniqueViolation } from '../store/prismaErrors.js';
import { createLoopTrouble, type LoopTrouble } from './loopTrouble.js';
import { payloadOf, transcriptText } from './transcriptPayload.js';

interface OutboxItem {
  idempotencyKey: string;
  channel: ChannelName;
  recipient: string;
  conversationId?: string;
  message: OutboundMessage;
  /** Send no earlier than this (reminders). */
  notBefore?: Date;
  /**
   * Past this the message is of no use (a reminder once its slot has begun): a row still
   * unsent then becomes "expired", with the reason, and is never sent. Unset: no expiry,
   * the retries alone bound how late it can go out.
   */
  expiresAt?: Date;
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
        maxAttempts: item.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
        nextAttemptAt: item.notBefore ?? now,
        expiresAt: item.expiresAt,
        createdAt: now,
      },
    });
  } catch (err) {
    // The same key twice is the same message: keep the first.
    if (!isUniqueViolation(err)) throw err;
    return (await db.outboxMessage.findUnique({ where: { idempotencyKey: item.idempotencyKey } }))!;
  }
}

/*
 * The retry schedule, and why these numbers. Most failed sends are blips (a dropped
 * connection, a proxy's 502, a moment of rate limiting) while the customer is looking at
 * the chat: a reply that waits minutes behind a backoff meant for outages has lost the
 * conversation. So the first three retries come after about 1 s, 3 s and 10 s; a blip
 * then costs seconds. A failure that outlasts them (14 s) is an outage, and hammering a
 * platform that is down helps nobody: from there the wait doubles from 30 s up to 15 min.
 * A platform's Retry-After (a 429) always wins: it knows when it will take the message.
 *
 * Total time a message is retried before it is a dead letter (the waits between its
 * attempts, jitter aside):
 *   before: 5 s doubling, 8 attempts: 5+10+20+40+80+160+320 s = 635 s (10 min 35 s)
 *   now:    9 attempts: 1+3+10+30+60+120+240+480 s = 944 s (15 min 44 s); at least
 *           850 s (14 min 10 s) with the jitter below, so an outage the old schedule rode
 *           out still is. With 8 attempts the new schedule would give up after 464 s.
 */
const QUICK_RETRIES_MS = [1_000, 3_000, 10_000];
const OUTAGE_FIRST_RETRY_MS = 30_000;
const OUTAGE_MAX_RETRY_MS = 15 * 60_000;
export const DEFAULT_MAX_ATTEMPTS = 9;

/**
 * The wait after a failed attempt (1-based), less a jitter of up to 10% that is stable per
 * message: rows failed by one outage do not all come back in the same second, and a
 * message's own schedule stays predictable (never above the 15-min cap).
 */
export function backoffMs(attempt: number, id: string): number {
  const n = Math.max(1, attempt);
  const base =
    n <= QUICK_RETRIES_MS.length ? QUICK_RETRIES_MS[n - 1] : Math.min(OUTAGE_FIRST_RETRY_MS * 2 ** (n - QUICK_RETRIES_MS.length - 1), OUTAGE_MAX_RETRY_MS);
  let h = 0;
  for (const ch of id) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return base - Math.floor((base * (h % 1000)) / 10_000);
}

interface OutboxWorkerOptions {
  db: Db;
  clock: Clock;
  log: Logger;
  senders: Partial<Record<ChannelName, Sender>>;
  metrics?: Metrics;
  /** How long a claim holds a row (default 60 s), counted from the claim; a live send renews it. */
  leaseMs?: number;
  batchSize?: number;
  /** Chats sent to at the same time (default 4); one chat's messages always go in order. */
  concurrency?: number;
}

export class OutboxWorker {
  private timer?: NodeJS.Timeout;
  /**
   * Ticks still running. A tick no longer waits for the one before it: that one may be
   * held by a single chat's slow send (a platform that does not answer, a rate-limit
   * wait), and every other chat's new messages waited with it (found by test/chaos).
   */
  private readonly ticks = new Set<Promise<number>>();
  /** Chats a tick is sending to now: another tick leaves their rows alone, so each chat stays in order. */
  private readonly chatsInFlight = new Set<string>();
  /** Chats being sent to over all ticks, at most `concurrency`. */
  private workers = 0;
  private stopped = false;
  private readonly trouble: LoopTrouble;

  constructor(private readonly o: OutboxWorkerOptions) {
    this.trouble = createLoopTrouble(o.log, 'outbox');
  }

  /** Sends what is due now (except to chats another tick is sending to); returns how many rows it handled. */
  tick(): Promise<number> {
    const tick: Promise<number> = this.sendDue().finally(() => this.ticks.delete(tick));
    this.ticks.add(tick);
    return tick;
  }

  start(intervalMs = 1000): void {
    this.stopped = false;
    this.timer = setInterval(() => {
      if (!this.stopped)
        void this.tick().then(
          () => this.trouble.succeeded(),
          (err) => this.trouble.failed(err),
        );
    }, intervalMs);
    this.timer.unref();
  }

  /** Stops taking new work and waits for the sends in flight. */
  async drain(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await Promise.allSettled([...this.ticks]);
  }

  private get leaseMs(): number {
    return this.o.leaseMs ?? 60_000;
  }

  private async sendDue(): Promise<number> {
    const { db, clock } = this.o;
    const concurrency = this.o.concurrency ?? 4;
    // every chat slot is sending (other ticks): nothing to start
    if (this.workers >= concurrency) return 0;
    const now = clock.now();
    const due = await db.outboxMessage.findMany({
      where: {
        OR: [
          { status: 'pending', nextAttemptAt: { lte: now } },
          { status: 'sending', leaseUntil: { lt: now } },
        ],
        // the chats other ticks are sending to (at most `concurrency`): their backlog must not fill the batch
        NOT: [...this.chatsInFlight].map((chat) => ({ channel: chat.split('\u0000')[0], recipient: chat.split('\u0000')[1] })),
      },
      // a turn's replies share their nextAttemptAt: the id (a cuid, increasing within the
      // process that wrote them) keeps them in the order they were written, on either engine
      orderBy: [{ nextAttemptAt: 'asc' }, { id: 'asc' }],
      take: this.o.batchSize ?? 50,
    });
    // One queue per chat, in order; chats in parallel, so a chat that waits (Telegram's
    // per-chat limit, a slow platform) does not hold back everyone else's messages.
    const chats = new Map<string, OutboxMessage[]>();
    for (const row of due) {
      const key = `${row.channel}\u0000${row.recipient}`;
      chats.set(key, [...(chats.get(key) ?? []), row]);
    }
    const queue = [...chats.entries()];
    let handled = 0;
    const work = async () => {
      this.workers++;
      try {
        for (let next = queue.shift(); next; next = queue.shift()) {
          const [chat, rows] = next;
          // taken by another tick since this one read its rows: that one sends them, in order
          if (this.chatsInFlight.has(chat)) continue;
          this.chatsInFlight.add(chat);
          try {
            for (const row of rows) {
              if (this.stopped && handled > 0) return;
              if (await this.handle(row)) handled++;
            }
          } finally {
            this.chatsInFlight.delete(chat);
          }
        }
      } finally {
        this.workers--;
      }
    };
    const free = Math.max(0, concurrency - this.workers);
    await Promise.all(Array.from({ length: Math.min(free, queue.length) }, work));
    return handled;
  }

  /**
   * One due row: dropped if it has expired, else claimed and sent. The clock is read here,
   * not at the start of the tick: a tick can last a while (another chat's send waiting on
   * a platform's rate limit), and a lease counted from the tick's start could be nearly
   * used up by the time this row is claimed, letting another worker take it mid-send.
   * False when another worker got the row first.
   */
  private async handle(row: OutboxMessage): Promise<boolean> {
    const now = this.o.clock.now();
    if (row.expiresAt && row.expiresAt <= now) return this.expire(row, now);
    if (await this.earlierInFlight(row, now)) return false;
    if (!(await this.claim(row, now))) return false;
    await this.deliver(row);
    return true;
  }

  /**
   * Whether an earlier message to the same chat is being sent by another worker (another
   * instance on the same database, whose chats this process cannot see): this one waits
   * for a later tick, so a chat's messages arrive in the order they were written. A worker
   * that claims the earlier row first makes this check see it, because the claim is
   * committed before its next row is looked at.
   */
  private async earlierInFlight(row: OutboxMessage, now: Date): Promise<boolean> {
    const ahead = await this.o.db.outboxMessage.findFirst({
      where: {
        channel: row.channel,
        recipient: row.recipient,
        status: 'sending',
        leaseUntil: { gte: now },
        OR: [{ createdAt: { lt: row.createdAt } }, { createdAt: row.createdAt, id: { lt: row.id } }],
      },
      select: { id: true },
    });
    return ahead !== null;
  }

  private async claim(row: OutboxMessage, now: Date): Promise<boolean> {
    const { count } = await this.o.db.outboxMessage.updateMany({
      where: { id: row.id, status: row.status, attempts: row.attempts },
      data: { status: 'sending', attempts: { increment: 1 }, leaseUntil: new Date(now.getTime() + this.leaseMs) },
    });
    return count === 1;
  }

  /** A due row past its expiry is not sent late: "expired", with why. Claimed like a send, so counted once. */
  private async expire(row: OutboxMessage, now: Date): Promise<boolean> {
    const tried = row.attempts ? `; ${row.attempts} attempt(s) failed, the last: ${row.lastError ?? 'unknown'}` : '';
    const reason = `not sent: expired at ${row.expiresAt!.toISOString()}${tried}`.slice(0, 500);
    const { count } = await this.o.db.outboxMessage.updateMany({
      where: { id: row.id, status: row.status, attempts: row.attempts },
      data: { status: 'expired', leaseUntil: null, lastError: reason, ...withoutPersonalData(row) },
    });
    if (count !== 1) return false;
    this.o.metrics?.outbound.inc({ channel: row.channel, status: 'expired' });
    this.o.log.info(
      { outboxId: row.id, channel: row.channel, expiresAt: row.expiresAt, lateMs: now.getTime() - row.expiresAt!.getTime() },
      'outbound expired before it could be sent',
    );
    return true;
  }

  /**
   * Keeps the lease of a send in flight alive. A send may rightly take longer than the
   * lease: a platform answering slowly (grammY waits up to 500 s for the Bot API), a split
   * message whose parts each wait for Telegram's per-chat limit, a Slack upload of three
   * calls. Letting the lease run out then would let another worker send the message a
   * second time (Telegram and WeChat drop no repeats). Renewed every third of the lease,
   * only while this worker still holds the row (its status and attempt), so a process that
   * dies stops renewing and its rows are taken over one lease later, as before.
   */
  private keepLease(row: OutboxMessage, attempt: number): () => Promise<void> {
    let renewing: Promise<void> = Promise.resolve();
    const renew = async () => {
      const { count } = await this.o.db.outboxMessage.updateMany({
        where: { id: row.id, status: 'sending', attempts: attempt },
        data: { leaseUntil: new Date(this.o.clock.now().getTime() + this.leaseMs) },
      });
      if (count !== 1) this.o.log.warn({ outboxId: row.id, attempt }, "outbound lease not renewed: the row is no longer this send's");
    };
    const timer = setInterval(
      () => {
        renewing = renewing.then(renew).catch((err) => this.o.log.warn({ err, outboxId: row.id }, 'outbound lease renewal failed'));
      },
      Math.max(1, Math.floor(this.leaseMs / 3)),
    );
    timer.unref?.();
    return async () => {
      clearInterval(timer);
      await renewing;
    };
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

  /**
   * Writes a send's outcome only while the row is still this send's ("sending", this
   * attempt): a row cancelled mid-send (a booking moved, a customer's data erased) stays
   * cancelled and is neither retried nor written to the transcript, and a row another
   * worker took over (a lease lost) is left to that worker's outcome.
   */
  private async recordOutcome(row: OutboxMessage, attempt: number, data: Prisma.OutboxMessageUpdateManyMutationInput): Promise<boolean> {
    const { count } = await this.o.db.outboxMessage.updateMany({ where: { id: row.id, status: 'sending', attempts: attempt }, data });
    if (count !== 1)
      this.o.log.warn({ outboxId: row.id, attempt, outcome: data.status }, 'outbound outcome not recorded: the row was changed while it was being sent');
    return count === 1;
  }

  private async deliver(row: OutboxMessage): Promise<void> {
    const { log, metrics } = this.o;
    const attempt = row.attempts + 1;
    const sender = this.o.senders[row.channel as ChannelName];
    try {
      if (!sender) throw new SendError(`no sender configured for channel ${row.channel}`, { permanent: true });
      const message = row.payload as unknown as OutboundMessage;
      let sent: void | { ref?: string };
      const releaseLease = this.keepLease(row, attempt);
      try {
        sent = await sender.send({
          recipient: row.recipient,
          message,
          idempotencyKey: row.idempotencyKey,
          conversationId: row.conversationId,
        });
      } finally {
        await releaseLease();
      }
      metrics?.outbound.inc({ channel: row.channel, status: 'sent' });
      const recorded = await this.recordOutcome(row, attempt, {
        status: 'sent',
        sentAt: this.o.clock.now(),
        leaseUntil: null,
        lastError: null,
        sentRef: sent?.ref ?? null,
        // delivered: the personal data in it need not be kept
        ...withoutPersonalData(row),
      });
      if (recorded) await this.recordInTranscript(row);
    } catch (err) {
      const e = err instanceof SendError ? err : new SendError((err as Error).message ?? String(err));
      // the wait counts from the failure, not from the claim: the send itself may have taken a while
      const failedAt = this.o.clock.now();
      const nextAttemptAt = new Date(failedAt.getTime() + (e.opts.retryAfterMs ?? backoffMs(attempt, row.id)));
      // A permanent error is a dead letter whatever the expiry (someone should look at it).
      // Otherwise a message whose next try would come at or after its expiry is dropped now:
      // a 429 storm that outlasts a reminder's slot leaves it expired, not dead.
      const outcome = e.opts.permanent ? 'dead' : row.expiresAt && nextAttemptAt >= row.expiresAt ? 'expired' : attempt >= row.maxAttempts ? 'dead' : 'retry';
      const tried = `attempt ${attempt}: ${e.message}`;
      const reason = (outcome === 'expired' ? `not sent: expires at ${row.expiresAt!.toISOString()}, before its next try; ${tried}` : tried).slice(0, 500);
      const recorded = await this.recordOutcome(
        row,
        attempt,
        outcome === 'retry'
          ? { status: 'pending', leaseUntil: null, lastError: reason, nextAttemptAt }
          : { status: outcome, leaseUntil: null, lastError: reason, ...(outcome === 'expired' ? withoutPersonalData(row) : {}) },
      );
      if (!recorded) return;
      metrics?.outbound.inc({ channel: row.channel, status: outcome });
      const level = outcome === 'dead' ? 'error' : outcome === 'expired' ? 'info' : 'warn';
      const said = { dead: 'outbound dead-lettered', expired: 'outbound expired before it could be retried', retry: 'outbound send failed, will retry' }[
        outcome
      ];
      log[level]({ outboxId: row.id, channel: row.channel, attempt, reason: e.message }, said);
    }
  }
}

/** A sensitive message (a phone revealed on request) delivered or expired: its payload keeps only the masked text. */
function withoutPersonalData(row: OutboxMessage): { payload?: Prisma.InputJsonValue } {
  const message = row.payload as unknown as OutboundMessage;
  return message.sensitive ? { payload: { ...message, text: transcriptText(message) } as unknown as Prisma.InputJsonValue } : {};
}
