// Recognises Prisma's unique-constraint violation, which the core uses on purpose for
// idempotency (inbound dedupe, outbox keys, job slots, bookings).
export function isUniqueViolation(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: string }).code === 'P2002';
}

type StoreTrouble = 'locked' | 'full';

/**
 * A store that cannot take a write now: another process held SQLite's write lock past the
 * busy budget (DB_BUSY_TIMEOUT_MS), or the disk is full. Either is said plainly (logs, a
 * 503 with Retry-After), and a turn that hit it is retried later by the inbound sweeper.
 */
export function storeTrouble(err: unknown): StoreTrouble | null {
  const e = err as { code?: string; message?: string; meta?: { driverAdapterError?: { cause?: { originalCode?: string } } } } | null;
  if (!e || typeof e !== 'object') return null;
  const code = e.meta?.driverAdapterError?.cause?.originalCode ?? e.code;
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') return 'locked';
  if (code === 'SQLITE_FULL' || /database or disk is full/.test(e.message ?? '')) return 'full';
  return null;
}

export const STORE_TROUBLE_TEXT: Record<StoreTrouble, string> = {
  locked: 'the store is locked by another process (longer than DB_BUSY_TIMEOUT_MS)',
  full: 'the store cannot grow: its disk is full',
};
