import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/infra/clock.js';
import { Scheduler, type JobDef } from '../../src/core/scheduler.js';
import { createPrisma } from '../../src/store/createPrisma.js';
import { silentLogger } from '../helpers/silentLogger.js';
import { createTestDb, type TestDb } from '../helpers/testDb.js';

const TZ = 'Asia/Shanghai';
const HOUR = 3_600_000;

describe('scheduler', () => {
  let t: TestDb;
  let runs: string[];
  const digest = (): JobDef => ({
    name: 'digest',
    cron: '30 8 * * *',
    graceMs: 2 * HOUR,
    async run({ slot }) {
      runs.push(slot.toISOString());
    },
  });

  beforeEach(async () => {
    t = await createTestDb();
    runs = [];
  });
  afterEach(async () => t.close());

  it("computes slots in the store's timezone", () => {
    const s = new Scheduler({ db: t.db, clock: new ManualClock(0), log: silentLogger, timezone: TZ, jobs: [digest()] });
    // 08:30 in Shanghai is 00:30 UTC; at 08:29 local the latest slot is yesterday's
    expect(s.latestSlot(digest(), new Date('2026-12-03T00:30:00Z'))?.toISOString()).toBe('2026-12-03T00:30:00.000Z');
    expect(s.latestSlot(digest(), new Date('2026-12-03T00:29:00Z'))?.toISOString()).toBe('2026-12-02T00:30:00.000Z');
  });

  it('two instances on one store run a slot once', async () => {
    const clock = new ManualClock('2026-12-03T00:30:00Z');
    const otherDb = createPrisma(t.url); // a second process has its own connection
    const a = new Scheduler({ db: t.db, clock, log: silentLogger, timezone: TZ, jobs: [digest()], instanceId: 'a' });
    const b = new Scheduler({ db: otherDb, clock, log: silentLogger, timezone: TZ, jobs: [digest()], instanceId: 'b' });
    const outcomes = await Promise.all([a.runDue(), b.runDue(), a.runDue(), b.runDue()]);
    await otherDb.$disconnect();
    expect(runs).toEqual(['2026-12-03T00:30:00.000Z']);
    expect(outcomes.map((o) => o.digest).sort()).toEqual(['done', 'taken', 'taken', 'taken']);
    const row = await t.db.jobRun.findFirstOrThrow();
    expect(row).toMatchObject({ job: 'digest', status: 'done' });
  });

  it('runs a slot missed during downtime on start, within its grace', async () => {
    const clock = new ManualClock('2026-12-03T01:45:00Z'); // 09:45 local: 75 min late
    const s = new Scheduler({ db: t.db, clock, log: silentLogger, timezone: TZ, jobs: [digest()] });
    await s.start();
    await s.stop();
    expect(runs).toEqual(['2026-12-03T00:30:00.000Z']);
  });

  it('skips a missed slot beyond its grace', async () => {
    const clock = new ManualClock('2026-12-03T02:31:00Z'); // 10:31 local: 2 h 1 min late
    const s = new Scheduler({ db: t.db, clock, log: silentLogger, timezone: TZ, jobs: [digest()] });
    expect(await s.runDue()).toEqual({ digest: 'outside_grace' });
    expect(runs).toEqual([]);
  });

  it('records a failing job and keeps the others running', async () => {
    const clock = new ManualClock('2026-12-03T00:31:00Z');
    const broken: JobDef = {
      name: 'broken',
      cron: '30 8 * * *',
      graceMs: HOUR,
      run: async () => {
        throw new Error('boom');
      },
    };
    const s = new Scheduler({ db: t.db, clock, log: silentLogger, timezone: TZ, jobs: [broken, digest()] });
    expect(await s.runDue()).toEqual({ broken: 'failed', digest: 'done' });
    expect(await t.db.jobRun.findUniqueOrThrow({ where: { job_slot: { job: 'broken', slot: '2026-12-03T00:30:00.000Z' } } })).toMatchObject({
      status: 'failed',
      error: 'boom',
    });
  });

  it('refuses an invalid cron expression at construction', () => {
    expect(
      () => new Scheduler({ db: t.db, clock: new ManualClock(0), log: silentLogger, timezone: TZ, jobs: [{ ...digest(), cron: 'every morning' }] }),
    ).toThrow(/invalid cron/);
  });
});

describe('scheduler: a runner that dies mid-slot', () => {
  let t: TestDb;
  beforeEach(async () => {
    t = await createTestDb();
  });
  afterEach(async () => t.close());

  it('takes the slot over once its lease has passed, and runs it once more, never twice', async () => {
    const clock = new ManualClock('2026-12-03T00:30:00Z'); // the 08:30 slot in Shanghai
    const started: string[] = [];
    const job = (who: string, hang: boolean): JobDef => ({
      name: 'digest',
      cron: '30 8 * * *',
      graceMs: 2 * HOUR,
      leaseMs: 10 * 60_000,
      async run() {
        started.push(who);
        if (hang) await new Promise(() => undefined); // the process died here
      },
    });
    const dying = new Scheduler({ db: t.db, clock, log: silentLogger, timezone: TZ, jobs: [job('a', true)], instanceId: 'a' });
    void dying.runDue();
    // the claim is one write: immediate on SQLite, a round trip on PostgreSQL
    await expect.poll(() => started).toEqual(['a']);
    const otherDb = createPrisma(t.url);
    const b = new Scheduler({ db: otherDb, clock, log: silentLogger, timezone: TZ, jobs: [job('b', false)], instanceId: 'b' });
    try {
      // within the lease the slot is the dead runner's still
      clock.advance(9 * 60_000);
      expect(await b.sweep()).toBe(0);
      expect(await b.runDue()).toEqual({ digest: 'taken' });
      // past it, b takes it over and runs it; later sweeps and fires leave it alone
      clock.advance(2 * 60_000);
      expect(await b.sweep()).toBe(1);
      expect(await b.sweep()).toBe(0);
      expect(await b.runDue()).toEqual({ digest: 'taken' });
      expect(started).toEqual(['a', 'b']);
      expect(await otherDb.jobRun.findFirstOrThrow()).toMatchObject({ status: 'done', claimedBy: 'b', attempts: 2 });
    } finally {
      await otherDb.$disconnect();
    }
  });
});
