// Applies prisma/postgres/migrations to a PostgreSQL database, offline. Prisma 6's
// `migrate deploy` through the pg driver adapter fails on catalog types (DESIGN.md), so
// this does what it would: one transaction per migration (PostgreSQL's DDL is
// transactional, so a failed one leaves the database as it was), recorded in Prisma's own
// `_prisma_migrations` table, so `prisma migrate status` and `doctor` read the same history.
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { describePostgresUrl } from './databaseEngine.js';
import { DatabaseSetupError } from './databaseSetupError.js';

/** Any constant: two instances starting at once wait for each other here instead of racing. */
const MIGRATION_LOCK_KEY = 726_104_016;

const HISTORY_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

export interface MigrationFile {
  name: string;
  sql: string;
  checksum: string;
}

export function readMigrations(dir: string): MigrationFile[] {
  return fs
    .readdirSync(dir)
    .filter((d) => fs.existsSync(path.join(dir, d, 'migration.sql')))
    .sort()
    .map((name) => {
      const sql = fs.readFileSync(path.join(dir, name, 'migration.sql'), 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    });
}

/** Connects with a clear error naming the server (never the password). */
export async function connectPostgres(databaseUrl: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 10_000 });
  // an error after connect (the server going away) must not crash the process
  client.on('error', () => {});
  try {
    await client.connect();
  } catch (err) {
    await client.end().catch(() => {});
    throw new DatabaseSetupError(`cannot reach PostgreSQL at ${describePostgresUrl(databaseUrl)}: ${(err as Error).message}`);
  }
  return client;
}

export async function migratePostgres(databaseUrl: string, migrationsDir: string): Promise<string> {
  const migrations = readMigrations(migrationsDir);
  const client = await connectPostgres(databaseUrl);
  const report: string[] = [];
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    await client.query(HISTORY_TABLE);
    const { rows } = await client.query<{ migration_name: string; checksum: string }>(
      'SELECT migration_name, checksum FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL',
    );
    const applied = new Map(rows.map((r) => [r.migration_name, r.checksum]));
    for (const m of migrations) {
      const was = applied.get(m.name);
      if (was && was !== m.checksum) {
        throw new DatabaseSetupError(
          `migration ${m.name} was changed after it was applied to ${describePostgresUrl(databaseUrl)}; restore its file (migrations are never edited, only added)`,
        );
      }
    }
    const pending = migrations.filter((m) => !applied.has(m.name));
    for (const m of pending) {
      try {
        await client.query('BEGIN');
        await client.query(m.sql);
        await client.query(
          'INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, finished_at, applied_steps_count) VALUES ($1, $2, $3, now(), now(), 1)',
          [randomUUID(), m.checksum, m.name],
        );
        await client.query('COMMIT');
        report.push(`applied ${m.name}`);
      } catch (err) {
        await client.query('ROLLBACK').catch(() => {});
        throw new DatabaseSetupError(
          `migration ${m.name} failed on ${describePostgresUrl(databaseUrl)} and was rolled back (the database is as it was before it): ${(err as Error).message}`,
        );
      }
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => {});
    await client.end().catch(() => {});
  }
  const total = `${migrations.length} migration${migrations.length === 1 ? '' : 's'} found in prisma/postgres/migrations`;
  return [total, ...(report.length ? report : ['No pending migrations to apply.'])].join('\n');
}
