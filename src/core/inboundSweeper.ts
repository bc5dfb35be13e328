// Re-drives inbound events whose run died (still "received" after its lease: the process
// was killed mid-turn) or failed and whose retry is due, from the payload stored when they
// arrived, so a customer is answered even when the platform does not redeliver (or its
// redelivery came while the dead run still held the lease). Claims are compare-and-sets,
// so several instances sweep the same store safely. Upper bound on the delay after a
// crash: INBOUND_LEASE_MS (60 s) plus one sweep interval (5 s).
import type { Db } from '../store/createPrisma.js';
import type { Clock } from '../infra/clock.js';
import type { Redriver } from './channel.js';
import { claimInbound, finishInbound, MAX_INBOUND_ATTEMPTS } from './inboundDedupe.js';
import type { Logger } from '../infra/logger.js';
import type { Metrics } from '../infra/metrics.js';
import { messageFromPayload, type Pipeline } from './pipeline.js';
import { createLoopTrouble } from './loopTrouble.js';

interface InboundSweeperOptions {
  db: Db;
  clock: Clock;
  log: Logger;
  pipeline: Pipeline;
  metrics?: Metrics;
  /** by InboundEvent.channel, for events that are not a stored InboundMessage */
  redrivers?: Record<string, Redriver>;
  batchSize?: number;
  /** the pipeline's inbound lease, for the events the sweeper claims itself */
  leaseMs?: number;
}

export const SWEEP_INTERVAL_MS = 5_000;

export class InboundSweeper {
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;

  constructor(private readonly o: InboundSweeperOptions) {}

  /** Re-drives what is due now; returns how many events it ran. */
  tick(): Promise<number> {
    this.running ??= this.sweep().finally(() => (this.running = undefined));
    return this.running;
  }

  start(intervalMs = SWEEP_INTERVAL_MS): void {
    const trouble = createLoopTrouble(this.o.log, 'inbound sweep');
    this.timer = setInterval(
      () =>
        void this.tick().then(
          () => trouble.succeeded(),
          (err) => trouble.failed(err),
        ),
      intervalMs,
    );
    this.timer.unref();
  }

  async drain(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  private async sweep(): Promise<number> {
    const { db, clock, log } = this.o;
    const now = clock.now();
    const due = await db.inboundEvent.findMany({
      where: { status: { in: ['received', 'failed'] }, OR: [{ leaseUntil: null }, { leaseUntil: { lte: now } }] },
      orderBy: { receivedAt: 'asc' },
      take: this.o.batchSize ?? 20,
    });
    let ran = 0;
    for (const row of due) {
      const key = { channel: row.channel, eventId: row.eventId };
      const redrive = this.o.redrivers?.[row.channel];
      const msg = redrive ? null : messageFromPayload(row.payload);
      if (row.attempts >= MAX_INBOUND_ATTEMPTS || row.payload === null || (!redrive && !msg)) {
        // its last run died, or there is no message to run (it came before events kept theirs)
        const reason = row.attempts >= MAX_INBOUND_ATTEMPTS ? `its run died ${row.attempts} times` : 'no stored message to run again';
        const { count } = await db.inboundEvent.updateMany({
          where: { id: row.id, status: row.status, attempts: row.attempts },
          data: { status: 'dead', leaseUntil: null, doneAt: now, error: reason },
        });
        if (count) {
          this.o.metrics?.inbound.inc({ channel: row.channel, result: 'dead' });
          log.error({ channel: row.channel, eventId: row.eventId, reason }, 'inbound event dead');
        }
        continue;
      }
      try {
        if (redrive) {
          const claim = await claimInbound(db, key, clock.now(), undefined, this.o.leaseMs);
          if (claim.kind !== 'claimed') continue;
          log.warn({ channel: row.channel, eventId: row.eventId, attempt: claim.attempt }, 'running an inbound event again');
          try {
            await redrive(row.payload, row);
            await finishInbound(db, key, clock.now());
          } catch (err) {
            await finishInbound(db, key, clock.now(), (err as Error).message);
            throw err;
          }
        } else if (msg) {
          log.warn({ channel: row.channel, eventId: row.eventId, attempt: row.attempts + 1 }, 'running an inbound event again');
          // not inline: the channel that answered in its HTTP response has none to answer now
          await this.o.pipeline.handle(msg, { inline: false });
        }
        ran++;
        this.o.metrics?.inbound.inc({ channel: row.channel, result: 'redriven' });
      } catch (err) {
        log.warn({ err, channel: row.channel, eventId: row.eventId }, 'inbound re-drive failed; it is retried later');
      }
    }
    return ran;
  }
}
