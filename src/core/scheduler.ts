// Scheduled jobs in the store's timezone. node-cron fires; the database decides: a job's
// slot runs only after a (job, slot) row is claimed, so two instances or a restart never
// run the same slot twice. On start, and on every fire, the latest slot still inside its
// grace window runs if nobody ran it (a digest missed during downtime is caught up).
import { hostname } from 'node:os';
import { CronExpressionParser } from 'cron-parser';
import cron, { type ScheduledTask } from 'node-cron';
import type { Db } from '../store/createPrisma.js';
import type { Clock } from './clock.js';
import type { Logger } from './logger.js';
import type { Metrics } from './metrics.js';
import { isUniqueViolation } from './prismaErrors.js';

export interface JobContext {
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
  run(ctx: JobContext): Promise<void>;
}

export type SlotOutcome = 'done' | 'failed' | 'taken' | 'outside_grace' | 'no_slot';

export interface SchedulerOptions {
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
    let runId: string;
    try {
      const row = await db.jobRun.create({
        data: { job: job.name, slot: slotKey, claimedBy: this.instanceId, startedAt: clock.now() },
      });
      runId = row.id;
    } catch (err) {
      if (isUniqueViolation(err)) {
        metrics?.jobRuns.inc({ job: job.name, result: 'skipped' });
        return 'taken';
      }
      throw err;
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

  /** Catches up missed slots, then lets node-cron fire each job in the store's timezone. */
  async start(): Promise<void> {
    await this.runDue();
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
    for (const t of this.tasks) await t.destroy();
    this.tasks = [];
    await Promise.allSettled([...this.inFlight]);
  }
}
