// The follow-up bot's scheduled jobs: the hourly sweep (follow-ups, downgrades, after-sale
// tasks, escalations) and the nudges every sweepEveryMinutes (staff nudges and the
// customers' return-visit questions and maintenance reminders, in working hours only).
import type { StoreInfo } from '../../core/bot.js';
import type { Reachability } from '../../core/channel.js';
import type { JobDef } from '../../core/scheduler.js';
import type { Db } from '../../store/createPrisma.js';
import { isWorkingTime } from '../../sales/calendar/isWorkingTime.js';
import type { SalesRules } from '../../sales/salesRules.js';
import { createAfterSaleTasks, downgradeSilentCustomers, ensureFollowUpTasks, escalateOverdueFollowUps, type SweepScope } from './followUpSweeps.js';
import { sendAfterSaleMessages } from './sendAfterSaleMessages.js';
import { sendNudges } from './sendNudges.js';

export const SWEEP_JOB = 'follow-up:sweep';
export const NUDGE_JOB = 'follow-up:nudge';

interface SweepResult {
  followUps: number;
  downgraded: number;
  flagged: number;
  returnVisits: number;
  maintenance: number;
  escalated: number;
}

/** All four sweeps once; escalations only in working hours (a manager is not woken at night). */
export async function runFollowUpSweep(db: Db, scope: SweepScope, rules: SalesRules, now: Date, slotKey = now.toISOString()): Promise<SweepResult> {
  const { downgraded, flagged } = await downgradeSilentCustomers(db, scope, rules, now);
  const followUps = await ensureFollowUpTasks(db, scope, rules, now);
  const { returnVisits, maintenance } = await createAfterSaleTasks(db, scope, rules, now);
  const escalated = isWorkingTime(now, rules, scope.timeZone) ? await escalateOverdueFollowUps(db, scope, rules, now, slotKey) : 0;
  return { followUps, downgraded, flagged, returnVisits, maintenance, escalated };
}

/** Five-field cron for "every n minutes" (n divides an hour or is whole hours). */
export function everyMinutesCron(n: number): string {
  if (n < 60) return 60 % n === 0 ? `*/${n} * * * *` : `*/${n} * * * *`;
  const hours = Math.max(1, Math.round(n / 60));
  return hours === 1 ? '0 * * * *' : `0 */${hours} * * *`;
}

export function createFollowUpJobs(db: Db, store: StoreInfo, rules: SalesRules, opts: { salesPhone?: string; reach: Reachability }): JobDef[] {
  const scope: SweepScope = { storeId: store.id, timeZone: store.timezone };
  return [
    {
      name: SWEEP_JOB,
      cron: '5 * * * *',
      graceMs: 50 * 60_000,
      async run({ slot, now, log }) {
        const started = Date.now();
        const r = await runFollowUpSweep(db, scope, rules, now, slot.toISOString());
        log.info({ ...r, ms: Date.now() - started }, 'follow-up sweep');
      },
    },
    {
      name: NUDGE_JOB,
      cron: everyMinutesCron(rules.nudges.sweepEveryMinutes),
      graceMs: Math.min(rules.nudges.sweepEveryMinutes, 60) * 60_000 * 0.8,
      async run({ slot, now, log }) {
        const nudges = await sendNudges(db, scope, rules, now, slot.toISOString());
        const customers = await sendAfterSaleMessages(
          db,
          { ...scope, nameZh: store.nameZh, nameEn: store.nameEn, salesPhone: opts.salesPhone, reach: opts.reach },
          rules,
          now,
        );
        log.info({ ...nudges, ...customers }, 'follow-up nudges');
      },
    },
  ];
}
