// Scheduled jobs in the store's timezone. node-cron fires; the database decides: a job's
// slot runs only after a (job, slot) row is claimed, so two instances or a restart never
// run the same slot twice. On start, and on every fire, the latest slot still inside its
// grace window runs if nobody ran it (a digest missed during downtime is caught up). A
// slot whose runner died (still "running" after its lease) is taken over by the next fire,
// start or minute's sweep, once: bound on the delay, the job's lease plus one minute.
import { hostname } from 'node:os';
import { CronExpressionParser } from 'cron-parser';
import cron, { type ScheduledTask } from 'node-cron';
import type { Db } from '../store/createPrisma.js';
import type { Clock } from '../infra/clock.js';
import type { Logger } from '../infra/logger.js';
import type { Metrics } from '../infra/metrics.js';
import { isUniqueViolation } from '../store/prismaErrors.js';
import { createLoopTrouble } from './loopTrouble.js';

interface JobContext {
  slot: Date;
  now: Date;
  log: Logger;
}

export interface JobDef {
  name: string;
  /** Five-field cron in the store's timezone, e.g. "30 8 * * *". */
  cron: string;
  /** How late a missed slot may still run. */
  graceMs: number;
  /** How long a run owns its slot before another may take it over (default 10 min: longer than any run). */
  leaseMs?: number;
  run(ctx: JobContext): Promise<void>;
}

type SlotOutcome = 'done' | 'failed' | 'taken' | 'outside_grace' | 'no_slot';

export const DEFAULT_JOB_LEASE_MS = 10 * 60_000;
/** How often a scheduler looks for slots whose runner died. */
export const JOB_SWEEP_MS = 60_000;

interface SchedulerOptions {
  db: Db;
  clock: Clock;
  log: Logger;
  timezone: string;
  jobs: JobDef[];
  metrics?: Metrics;
  instanceId?: string;
}

export class Scheduler {
  private tasks: ScheduledTask[] = [];
  private sweepTimer?: NodeJS.Timeout;
  private inFlight = new Set<Promise<unknown>>();
  private readonly instanceId: string;

  constructor(private readonly o: SchedulerOptions) {
    this.instanceId = o.instanceId ?? `${hostname()}:${process.pid}`;
    for (const job of o.jobs) {
      if (!cron.validate(job.cron)) throw new Error(`job ${job.name}: invalid cron "${job.cron}"`);
    }
  }

  /** The latest slot of `job` at or before `at`. */
  latestSlot(job: JobDef, at: Date): Date | null {
    try {
      // cron-parser's prev() is strict: step 1 s past `at` so a slot exactly at `at` counts
      const it = CronExpressionParser.parse(job.cron, { currentDate: new Date(at.getTime() + 1000), tz: this.o.timezone });
      return it.prev().toDate();
    } catch {
      return null;
    }
  }

  /** Runs the latest due slot of every job that is within grace and unclaimed. */
  async runDue(): Promise<Record<string, SlotOutcome>> {
    const out: Record<string, SlotOutcome> = {};
    await Promise.all(this.o.jobs.map(async (job) => (out[job.name] = await this.runLatest(job))));
    return out;
  }

  async runLatest(job: JobDef): Promise<SlotOutcome> {
    const now = this.o.clock.now();
    const slot = this.latestSlot(job, now);
    if (!slot) return 'no_slot';
    if (now.getTime() - slot.getTime() > job.graceMs) return 'outside_grace';
    return this.runSlot(job, slot);
  }

  /** Claims (job, slot) and runs it; 'taken' when another instance or an earlier run has it. */
  async runSlot(job: JobDef, slot: Date): Promise<SlotOutcome> {
    const { db, clock, log, metrics } = this.o;
    const slotKey = slot.toISOString();
    const leaseMs = job.leaseMs ?? DEFAULT_JOB_LEASE_MS;
    let runId: string;
    try {
      const now = clock.now();
      const row = await db.jobRun.create({
        data: { job: job.name, slot: slotKey, claimedBy: this.instanceId, startedAt: now, leaseUntil: new Date(now.getTime() + leaseMs) },
      });
      runId = row.id;
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      const taken = await this.takeOver(job, slotKey, leaseMs);
      if (!taken) {
        metrics?.jobRuns.inc({ job: job.name, result: 'skipped' });
        return 'taken';
      }
      runId = taken;
    }
    const jobLog = log.child({ job: job.name, slot: slotKey });
    try {
      await job.run({ slot, now: clock.now(), log: jobLog });
      await db.jobRun.update({ where: { id: runId }, data: { status: 'done', finishedAt: clock.now() } });
      metrics?.jobRuns.inc({ job: job.name, result: 'done' });
      return 'done';
    } catch (err) {
      jobLog.error({ err }, 'scheduled job failed');
      await db.jobRun.update({
        where: { id: runId },
        data: { status: 'failed', finishedAt: clock.now(), error: String((err as Error).message ?? err).slice(0, 500) },
      });
      metrics?.jobRuns.inc({ job: job.name, result: 'failed' });
      return 'failed';
    }
  }

  /**
   * The slot's row if its runner died: still "running" with its lease run out. A
   * compare-and-set on the lease, so of two schedulers only one takes it over.
   */
  private async takeOver(job: JobDef, slotKey: string, leaseMs: number): Promise<string | null> {
    const { db, clock, log } = this.o;
    const now = clock.now();
    const row = await db.jobRun.findUnique({ where: { job_slot: { job: job.name, slot: slotKey } } });
    const leaseOver = row?.leaseUntil ? row.leaseUntil <= now : !!row && row.startedAt.getTime() + leaseMs <= now.getTime();
    if (!row || row.status !== 'running' || !leaseOver) return null;
    const { count } = await db.jobRun.updateMany({
      where: { id: row.id, status: 'running', attempts: row.attempts },
      data: { claimedBy: this.instanceId, startedAt: now, leaseUntil: new Date(now.getTime() + leaseMs), attempts: { increment: 1 } },
    });
    if (!count) return null;
    log.warn({ job: job.name, slot: slotKey, diedRunner: row.claimedBy }, 'taking over a slot whose runner died');
    return row.id;
  }

  /** Runs again the slots, still in their grace (plus lease), whose runner died. */
  async sweep(): Promise<number> {
    const { db, clock } = this.o;
    const now = clock.now();
    const stale = await db.jobRun.findMany({ where: { status: 'running', OR: [{ leaseUntil: { lte: now } }, { leaseUntil: null }] }, take: 20 });
    let ran = 0;
    for (const row of stale) {
      const job = this.o.jobs.find((j) => j.name === row.job);
      const slot = new Date(row.slot);
      if (!job || Number.isNaN(slot.getTime())) continue;
      if (now.getTime() - slot.getTime() > job.graceMs + (job.leaseMs ?? DEFAULT_JOB_LEASE_MS)) continue;
      if ((await this.runSlot(job, slot)) !== 'taken') ran++;
    }
    return ran;
  }

  /** Catches up missed slots, then lets node-cron fire each job in the store's timezone. */
  async start(): Promise<void> {
    await this.runDue();
    await this.sweep();
    const trouble = createLoopTrouble(this.o.log, 'job sweep');
    this.sweepTimer = setInterval(() => {
      const p = this.sweep().then(
        () => trouble.succeeded(),
        (err) => trouble.failed(err),
      );
      this.inFlight.add(p);
      void p.finally(() => this.inFlight.delete(p));
    }, JOB_SWEEP_MS);
    this.sweepTimer.unref();
    for (const job of this.o.jobs) {
      const task = cron.schedule(
        job.cron,
        () => {
          const p = this.runLatest(job).catch((err) => this.o.log.error({ err, job: job.name }, 'job fire failed'));
          this.inFlight.add(p);
          void p.finally(() => this.inFlight.delete(p));
        },
        { timezone: this.o.timezone, name: job.name },
      );
      this.tasks.push(task);
    }
  }

  async stop(): Promise<void> {
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    for (const t of this.tasks) await t.destroy();
    this.tasks = [];
    await Promise.allSettled([...this.inFlight]);
  }
}
