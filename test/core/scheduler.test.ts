import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.js';
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

  it('computes slots in the store\'s timezone', () => {
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
    const broken: JobDef = { name: 'broken', cron: '30 8 * * *', graceMs: HOUR, run: async () => { throw new Error('boom'); } };
    const s = new Scheduler({ db: t.db, clock, log: silentLogger, timezone: TZ, jobs: [broken, digest()] });
    expect(await s.runDue()).toEqual({ broken: 'failed', digest: 'done' });
    expect(await t.db.jobRun.findUniqueOrThrow({ where: { job_slot: { job: 'broken', slot: '2026-12-03T00:30:00.000Z' } } })).toMatchObject({ status: 'failed', error: 'boom' });
  });

  it('refuses an invalid cron expression at construction', () => {
    expect(() => new Scheduler({ db: t.db, clock: new ManualClock(0), log: silentLogger, timezone: TZ, jobs: [{ ...digest(), cron: 'every morning' }] })).toThrow(/invalid cron/);
  });
});
