// Recognises Prisma's unique-constraint violation, which the core uses on purpose for
// idempotency (inbound dedupe, outbox keys, job slots, bookings).
export function isUniqueViolation(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: string }).code === 'P2002';
}

export type StoreTrouble = 'locked' | 'full' | 'unreachable';

/** What the driver adapters call a server that went away or cannot be reached (PostgreSQL). */
const UNREACHABLE_KINDS = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout', 'TooManyConnections', 'DatabaseDoesNotExist']);
/** P1001 can't reach, P1002 timed out, P1017 server closed the connection */
const UNREACHABLE_CODES = new Set(['P1001', 'P1002', 'P1017']);

/**
 * A store that cannot take a write now: another process held SQLite's write lock past the
 * busy budget (DB_BUSY_TIMEOUT_MS), the disk is full, or the PostgreSQL server cannot be
 * reached. Each is said plainly (logs, a 503 with Retry-After), and a turn that hit it is
 * retried later by the inbound sweeper.
 */
export function storeTrouble(err: unknown): StoreTrouble | null {
  const e = err as {
    code?: string;
    message?: string;
    meta?: { driverAdapterError?: { cause?: { originalCode?: string; kind?: string } } };
  } | null;
  if (!e || typeof e !== 'object') return null;
  const cause = e.meta?.driverAdapterError?.cause;
  const code = cause?.originalCode ?? e.code;
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') return 'locked';
  if (code === 'SQLITE_FULL' || /database or disk is full/.test(e.message ?? '')) return 'full';
  if ((cause?.kind && UNREACHABLE_KINDS.has(cause.kind)) || (e.code && UNREACHABLE_CODES.has(e.code))) return 'unreachable';
  // PostgreSQL's own codes: 08xxx connection exceptions, 57P01-03 the server shutting down
  if (code && /^(08...|57P0[123])$/.test(code)) return 'unreachable';
  // pg's own errors, which reach us unwrapped from a transaction whose connection died
  if (code && /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|EHOSTUNREACH)$/.test(code)) return 'unreachable';
  if (/^(Connection terminated|Client has encountered a connection error|timeout exceeded when trying to connect)/.test(e.message ?? '')) return 'unreachable';
  return null;
}

export const STORE_TROUBLE_TEXT: Record<StoreTrouble, string> = {
  locked: 'the store is locked by another process (longer than DB_BUSY_TIMEOUT_MS)',
  full: 'the store cannot grow: its disk is full',
  unreachable: 'the database server cannot be reached',
};

/** What a client is told with the 503. */
export const STORE_TROUBLE_REPLY: Record<StoreTrouble, string> = {
  locked: 'the store is busy: try again in a moment',
  full: 'the store cannot save anything now: try again later',
  unreachable: 'the store is unavailable for a moment: try again shortly',
};
