// Opens the store for any command: migrates it when migrations are missing and seeds the
// demo dealership when it is empty ("every command works on a fresh store").
import fs from 'node:fs';
import path from 'node:path';
import { createPrisma, sqliteFilePath, tuneSqlite, type Db } from './createPrisma.js';
import { DatabaseSetupError, migrateDatabase, projectRoot } from './migrateDatabase.js';

interface OpenStoreOptions {
  databaseUrl: string;
  /** DB_BUSY_TIMEOUT_MS: how long a write may wait for another process's lock */
  busyTimeoutMs?: number;
  /** Called with the seed step when the store is empty; returns nothing. */
  seedIfEmpty?: (db: Db) => Promise<void>;
}

export function committedMigrations(): string[] {
  const dir = path.join(projectRoot, 'prisma', 'migrations');
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

export async function pendingMigrations(db: Db): Promise<string[]> {
  const applied = new Set((await appliedMigrations(db)) ?? []);
  return committedMigrations().filter((m) => !applied.has(m));
}

export async function openStore(opts: OpenStoreOptions): Promise<Db> {
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
