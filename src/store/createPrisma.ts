// The one place that builds a Prisma client: JS engine + better-sqlite3 driver adapter
// (DESIGN.md explains why no native engine is used).
import fs from 'node:fs';
import path from 'node:path';
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaClient } from '../generated/prisma/client.js';

export type Db = PrismaClient;

/** Turns `file:./data/x.db` into an absolute file path (relative to cwd), or null for non-file URLs. */
export function sqliteFilePath(databaseUrl: string): string | null {
  if (!databaseUrl.startsWith('file:')) return null;
  const rest = databaseUrl.slice('file:'.length).split('?')[0];
  if (rest === ':memory:') return null;
  return path.resolve(rest);
}

/**
 * How long a write waits for another process's lock (the CLI beside the service, a second
 * instance). better-sqlite3 waits synchronously, holding the event loop: so this is also
 * the longest a busy store may stall every other request. Past it the write fails with a
 * clear "locked" error and the turn is retried later (the inbound sweeper).
 */
export const DEFAULT_BUSY_TIMEOUT_MS = 500;

export function createPrisma(databaseUrl: string, opts: { busyTimeoutMs?: number } = {}): Db {
  const file = sqliteFilePath(databaseUrl);
  if (!file) throw new Error(`DATABASE_URL must be a SQLite file URL (file:./data/dealerbot.db); got a different scheme`);
  const adapter = new PrismaBetterSQLite3({ url: `file:${file}`, timeout: opts.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS });
  return new PrismaClient({ adapter });
}

/** WAL lets readers and one writer work at once; set once per database file. */
export async function tuneSqlite(db: Db): Promise<void> {
  await db.$queryRawUnsafe('PRAGMA journal_mode=WAL');
  await db.$executeRawUnsafe('PRAGMA synchronous=NORMAL');
  await refreshPlannerStats(db);
}

/**
 * Table statistics for SQLite's planner. Without them it walks the wrong index for the
 * board's joins (a query measured at 0.22 s without, 6 ms with). `optimize` only analyses
 * tables whose statistics are missing or stale, bounded by analysis_limit, so it is cheap
 * on every open; after a bulk load (the seed) it is what makes the first board fast.
 * PostgreSQL keeps its statistics by itself.
 */
export async function refreshPlannerStats(db: Db): Promise<void> {
  await db.$queryRawUnsafe('PRAGMA analysis_limit=1000');
  await db.$queryRawUnsafe('PRAGMA optimize=0x10002');
}

export function ensureWritableDir(file: string): void {
  const dir = path.dirname(file);
  fs.mkdirSync(dir, { recursive: true });
  fs.accessSync(dir, fs.constants.W_OK);
}
