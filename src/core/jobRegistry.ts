// One way to declare a scheduled job: the bot it belongs to lists it (`Bot.jobs`, given
// the store, its data and who can be reached), and the composition root collects them
// here. Two jobs with one name would share their slots in JobRun: refused at start.
import type { Bot, JobEnv } from './bot.js';
import type { JobDef } from './scheduler.js';

export function collectJobs(bots: readonly Bot[], env: JobEnv, extra: readonly JobDef[] = []): JobDef[] {
  const jobs = [...bots.flatMap((bot) => bot.jobs?.(env) ?? []), ...extra];
  const seen = new Set<string>();
  for (const job of jobs) {
    if (seen.has(job.name)) throw new Error(`two scheduled jobs are named ${job.name}: each needs its own name (its slots are kept by name)`);
    seen.add(job.name);
  }
  return jobs;
}
