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

export function createPrisma(databaseUrl: string): Db {
  const file = sqliteFilePath(databaseUrl);
  if (!file) throw new Error(`DATABASE_URL must be a SQLite file URL (file:./data/dealerbot.db); got a different scheme`);
  // busy timeout: several processes (two schedulers, the CLI beside the service) share the file.
  const adapter = new PrismaBetterSQLite3({ url: `file:${file}`, timeout: 5000 });
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
