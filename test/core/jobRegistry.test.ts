// Jobs come from the bots that own them; two with one name are refused at start.
import { describe, expect, it } from 'vitest';
import type { Bot, JobEnv } from '../../src/core/bot.js';
import { collectJobs } from '../../src/core/jobRegistry.js';
import type { JobDef } from '../../src/core/scheduler.js';

const job = (name: string): JobDef => ({ name, cron: '* * * * *', graceMs: 1000, run: async () => undefined });
const bot = (name: string, jobs?: string[]): Bot => ({ name, sides: ['staff'], handle: async () => false, jobs: jobs && (() => jobs.map(job)) });
const env = { reach: () => true } as unknown as JobEnv;

describe('collectJobs', () => {
  it("gathers every bot's jobs and the extra ones, in order", () => {
    expect(collectJobs([bot('a', ['a:1', 'a:2']), bot('b'), bot('c', ['c:1'])], env, [job('extra')]).map((j) => j.name)).toEqual([
      'a:1',
      'a:2',
      'c:1',
      'extra',
    ]);
  });

  it('refuses two jobs with one name: they would share their slots', () => {
    expect(() => collectJobs([bot('a', ['sweep']), bot('b', ['sweep'])], env)).toThrow(/two scheduled jobs are named sweep/);
  });
});
