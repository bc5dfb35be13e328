// Prometheus metrics for /metrics. One registry per app instance, so tests and two
// services in one process never share counters.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Db } from '../store/createPrisma.js';

export interface Metrics {
  registry: Registry;
  inbound: Counter<'channel' | 'result'>;
  outbound: Counter<'channel' | 'status'>;
  handlerSeconds: Histogram<'bot'>;
  botErrors: Counter<'bot'>;
  jobRuns: Counter<'job' | 'result'>;
}

export function createMetrics(db: Db, opts: { defaultMetrics?: boolean } = {}): Metrics {
  const registry = new Registry();
  if (opts.defaultMetrics) collectDefaultMetrics({ register: registry, prefix: 'dealerbot_' });
  const outboxDepth = new Gauge({
    name: 'dealerbot_outbox_depth',
    help: 'Outbound messages waiting to be sent (pending or sending)',
    registers: [registry],
    async collect() {
      this.set(await db.outboxMessage.count({ where: { status: { in: ['pending', 'sending'] } } }));
    },
  });
  const deadLetters = new Gauge({
    name: 'dealerbot_outbox_dead_letters',
    help: 'Outbound messages given up on, kept with their reason',
    registers: [registry],
    async collect() {
      this.set(await db.outboxMessage.count({ where: { status: 'dead' } }));
    },
  });
  const inboundWaiting = new Gauge({
    name: 'dealerbot_inbound_waiting',
    help: 'Inbound events not done yet: being handled, or failed and waiting for their retry',
    registers: [registry],
    async collect() {
      this.set(await db.inboundEvent.count({ where: { status: { in: ['received', 'failed'] } } }));
    },
  });
  const inboundDead = new Gauge({
    name: 'dealerbot_inbound_dead',
    help: 'Inbound events that failed every attempt (poison): kept with their reason, not run again',
    registers: [registry],
    async collect() {
      this.set(await db.inboundEvent.count({ where: { status: 'dead' } }));
    },
  });
  void outboxDepth;
  void deadLetters;
  void inboundWaiting;
  void inboundDead;
  return {
    registry,
    inbound: new Counter({
      name: 'dealerbot_inbound_total',
      help: 'Inbound events by channel and result (handled, duplicate, failed, dead, redriven: run again by the sweeper)',
      labelNames: ['channel', 'result'],
      registers: [registry],
    }),
    outbound: new Counter({
      name: 'dealerbot_outbound_total',
      help: 'Outbound sends by channel and status (inline, sent, retry, dead, expired: past its use, never sent)',
      labelNames: ['channel', 'status'],
      registers: [registry],
    }),
    handlerSeconds: new Histogram({
      name: 'dealerbot_handler_seconds',
      help: 'Time a bot took to handle a turn',
      labelNames: ['bot'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    botErrors: new Counter({
      name: 'dealerbot_bot_errors_total',
      help: 'Errors caught by a bot error boundary',
      labelNames: ['bot'],
      registers: [registry],
    }),
    jobRuns: new Counter({
      name: 'dealerbot_job_runs_total',
      help: 'Scheduled job slots run, by result (done, failed, skipped)',
      labelNames: ['job', 'result'],
      registers: [registry],
    }),
  };
}
