// The one place that builds a Prisma client: JS engine + a driver adapter, better-sqlite3
// for a SQLite file or pg for PostgreSQL (DESIGN.md explains why no native engine is used).
import fs from 'node:fs';
import path from 'node:path';
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../generated/prisma/client.js';
import { PrismaClient as PostgresPrismaClient } from '../generated/prisma-pg/client.js';
import { type DatabaseEngine, databaseEngine } from './databaseEngine.js';

/**
 * The client type the code is written against. The PostgreSQL client is generated from the
 * same models (prisma/postgres/schema.prisma is derived from prisma/schema.prisma, and a
 * test keeps them in step), so its delegates have the same shape.
 */
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

/**
 * Connections per instance to PostgreSQL. A turn holds one for a few milliseconds; ten
 * leaves room for the outbox, the scheduler and the board's reports at once, and two
 * instances stay far below PostgreSQL's default max_connections (100).
 */
export const DEFAULT_POOL_SIZE = 10;

export interface CreatePrismaOptions {
  /** SQLite: DB_BUSY_TIMEOUT_MS */
  busyTimeoutMs?: number;
  /** PostgreSQL: DB_POOL_SIZE, connections per instance */
  poolSize?: number;
}

const engines = new WeakMap<object, DatabaseEngine>();

/** The engine behind a client made here: the few places that write engine-specific SQL ask. */
export function engineOf(db: object): DatabaseEngine {
  return engines.get(db) ?? 'sqlite';
}

export function createPrisma(databaseUrl: string, opts: CreatePrismaOptions = {}): Db {
  if (databaseEngine(databaseUrl) === 'postgres') {
    const db = createPostgresPrisma(databaseUrl, opts);
    engines.set(db, 'postgres');
    return db;
  }
  const file = sqliteFilePath(databaseUrl);
  if (!file) throw new Error('DATABASE_URL must be a SQLite file URL (file:./data/dealerbot.db) or postgres://…; got a different scheme');
  const adapter = new PrismaBetterSQLite3({ url: `file:${file}`, timeout: opts.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS });
  const db = new PrismaClient({ adapter });
  engines.set(db, 'sqlite');
  return db;
}

function createPostgresPrisma(databaseUrl: string, opts: CreatePrismaOptions): Db {
  const adapter = new PrismaPg({
    connectionString: databaseUrl,
    max: opts.poolSize ?? DEFAULT_POOL_SIZE,
    // a lost server must fail a turn in seconds ("try again shortly"), not hang it
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
  });
  return new PostgresPrismaClient({ adapter }) as unknown as Db;
}

/** WAL lets readers and one writer work at once; set once per database file. */
export async function tuneSqlite(db: Db): Promise<void> {
  if (engineOf(db) === 'postgres') return;
  await db.$queryRawUnsafe('PRAGMA journal_mode=WAL');
  await db.$executeRawUnsafe('PRAGMA synchronous=NORMAL');
  await refreshPlannerStats(db);
}

/**
 * Table statistics for SQLite's planner. Without them it walks the wrong index for the
 * board's joins (a query measured at 0.22 s without, 6 ms with). `optimize` only analyses
 * tables whose statistics are missing or stale, bounded by analysis_limit, so it is cheap
 * on every open; after a bulk load (the seed) it is what makes the first board fast.
 * PostgreSQL keeps its statistics by itself, but only after autovacuum's next pass: after
 * a bulk load, ANALYZE now.
 */
export async function refreshPlannerStats(db: Db): Promise<void> {
  if (engineOf(db) === 'postgres') {
    await db.$executeRawUnsafe('ANALYZE');
    return;
  }
  await db.$queryRawUnsafe('PRAGMA analysis_limit=1000');
  await db.$queryRawUnsafe('PRAGMA optimize=0x10002');
}

export function ensureWritableDir(file: string): void {
  const dir = path.dirname(file);
  fs.mkdirSync(dir, { recursive: true });
  fs.accessSync(dir, fs.constants.W_OK);
}
