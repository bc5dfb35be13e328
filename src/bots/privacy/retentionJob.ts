// The daily retention job: prunes what the store's rules say is kept long enough
// (sales/pruneRetention). At night, when the store is quiet; the scheduler's slot claim
// runs it once per day across instances, and pruning twice would do no harm anyway.
import type { JobDef } from '../../core/scheduler.js';
import { pruneRetention } from '../../sales/privacy/pruneRetention.js';
import { DEFAULT_RETENTION, type RetentionRules } from '../../sales/salesRules.js';
import type { Db } from '../../store/createPrisma.js';

export function createRetentionJob(db: Db, rules: RetentionRules = DEFAULT_RETENTION): JobDef {
  return {
    name: 'retention',
    cron: '30 3 * * *',
    // a missed night is caught up on start the same day; the next night's run covers the rest
    graceMs: 12 * 3_600_000,
    async run({ now, log }) {
      const pruned = await pruneRetention(db, rules, now);
      // counts only, never what was pruned
      log.info({ pruned }, 'retention: old personal data pruned');
    },
  };
}
