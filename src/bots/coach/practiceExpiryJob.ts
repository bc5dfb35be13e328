// Closes role-play practices nobody answered for PRACTICE_TTL_MS as abandoned (no score):
// the conversation state has expired by then, so the trainee can no longer finish them.
import type { JobDef } from '../../core/scheduler.js';
import { expirePracticeSessions, PRACTICE_TTL_MS } from '../../sales/practice/practiceSessions.js';
import type { Db } from '../../store/createPrisma.js';

export function createPracticeExpiryJob(db: Db, opts: { ttlMs?: number } = {}): JobDef {
  return {
    name: 'practice-expiry',
    cron: '*/10 * * * *',
    graceMs: 10 * 60_000,
    async run({ now, log }) {
      const closed = await expirePracticeSessions(db, now, opts.ttlMs ?? PRACTICE_TTL_MS);
      if (closed) log.info({ closed }, 'abandoned practice sessions closed');
    },
  };
}
