// Opens the store for any command: migrates it when migrations are missing and seeds the
// demo dealership when it is empty ("every command works on a fresh store").
import fs from 'node:fs';
import path from 'node:path';
import { createPrisma, sqliteFilePath, tuneSqlite, type Db } from './createPrisma.js';
import { type DatabaseEngine, databaseEngine, describePostgresUrl } from './databaseEngine.js';
import { DatabaseSetupError, migrateDatabase, migrationsDir } from './migrateDatabase.js';
import { connectPostgres } from './migratePostgres.js';

interface OpenStoreOptions {
  databaseUrl: string;
  /** DB_BUSY_TIMEOUT_MS: how long a write may wait for another process's lock (SQLite) */
  busyTimeoutMs?: number;
  /** DB_POOL_SIZE: connections per instance (PostgreSQL) */
  poolSize?: number;
  /** Called with the seed step when the store is empty; returns nothing. */
  seedIfEmpty?: (db: Db) => Promise<void>;
}

export function committedMigrations(engine: DatabaseEngine = 'sqlite'): string[] {
  const dir = migrationsDir(engine);
  return fs
    .readdirSync(dir)
    .filter((d) => fs.existsSync(path.join(dir, d, 'migration.sql')))
    .sort();
}

/** Migration names applied to the database, or null when it has never been migrated. */
export async function appliedMigrations(db: Db): Promise<string[] | null> {
  try {
    const rows = await db.$queryRaw<{ migration_name: string }[]>`
      SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`;
    return rows.map((r) => r.migration_name).sort();
  } catch {
    return null;
  }
}

export async function pendingMigrations(db: Db, engine: DatabaseEngine = 'sqlite'): Promise<string[]> {
  const applied = new Set((await appliedMigrations(db)) ?? []);
  return committedMigrations(engine).filter((m) => !applied.has(m));
}

export async function openStore(opts: OpenStoreOptions): Promise<Db> {
  if (databaseEngine(opts.databaseUrl) === 'postgres') return openPostgresStore(opts);
  const file = sqliteFilePath(opts.databaseUrl);
  if (!file) throw new DatabaseSetupError(`DATABASE_URL must be a SQLite file URL such as file:./data/dealerbot.db`);
  let db = fs.existsSync(file) ? createPrisma(opts.databaseUrl, opts) : null;
  // Checking the migrations table is ~1 ms; running the CLI ~2 s: only run it when needed.
  if (!db || (await pendingMigrations(db)).length > 0) {
    await db?.$disconnect();
    await migrateDatabase(opts.databaseUrl);
    db = createPrisma(opts.databaseUrl, opts);
  }
  try {
    await tuneSqlite(db);
  } catch (err) {
    throw new DatabaseSetupError(`cannot open the store at ${file}: ${(err as Error).message}`);
  }
  if (opts.seedIfEmpty && (await db.store.count()) === 0) await opts.seedIfEmpty(db);
  return db;
}

/**
 * PostgreSQL: migrations are applied under an advisory lock (migratePostgres), so two
 * instances starting together take turns; the first answers "nothing pending" to the second.
 */
async function openPostgresStore(opts: OpenStoreOptions): Promise<Db> {
  await migrateDatabase(opts.databaseUrl);
  const db = createPrisma(opts.databaseUrl, opts);
  try {
    if (opts.seedIfEmpty && (await db.store.count()) === 0) await seedOnce(opts.databaseUrl, db, opts.seedIfEmpty);
  } catch (err) {
    await db.$disconnect().catch(() => {});
    if (err instanceof DatabaseSetupError) throw err;
    throw new DatabaseSetupError(`cannot open the store at ${describePostgresUrl(opts.databaseUrl)}: ${(err as Error).message}`);
  }
  return db;
}

/** Any constant, other than the migrations' lock. */
const SEED_LOCK_KEY = 726_104_017;

/** Two instances opening an empty store together: one seeds, the other waits and finds it seeded. */
async function seedOnce(databaseUrl: string, db: Db, seed: (db: Db) => Promise<void>): Promise<void> {
  const lock = await connectPostgres(databaseUrl);
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [SEED_LOCK_KEY]);
    if ((await db.store.count()) === 0) await seed(db);
  } finally {
    await lock.query('SELECT pg_advisory_unlock($1)', [SEED_LOCK_KEY]).catch(() => {});
    await lock.end().catch(() => {});
  }
}
