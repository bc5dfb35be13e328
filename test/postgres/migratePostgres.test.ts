// PostgreSQL migrations, applied by our own runner: from scratch to the same tables and
// columns as SQLite, once under concurrent starts, one transaction each (a failing one leaves
// the database as it was and says which), and never over an edited history.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { postgresSchemaFrom, POSTGRES_SCHEMA } from '../../scripts/postgresSchema.js';
import { DatabaseSetupError } from '../../src/store/databaseSetupError.js';
import { migrateDatabase, migrationsDir } from '../../src/store/migrateDatabase.js';
import { migratePostgres } from '../../src/store/migratePostgres.js';
import { databaseUrlOf, withAdmin } from '../helpers/testPostgres.js';

const adminUrl = () => process.env.DEALERBOT_TEST_PG_ADMIN_URL!;
let seq = 0;

async function emptyDatabase(): Promise<string> {
  const name = `mig_${process.pid}_${++seq}`;
  await withAdmin(adminUrl(), (c) => c.query(`CREATE DATABASE ${name}`));
  return databaseUrlOf(adminUrl(), name);
}

async function query<T>(url: string, sql: string): Promise<T[]> {
  return withAdmin(url, async (c) => (await c.query(sql)).rows as T[]);
}

/** A copy of the committed migrations with one more, for tests that add a migration. */
function migrationsWith(name: string, sql: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dealerbot-migrations-'));
  fs.cpSync(migrationsDir('postgres'), dir, { recursive: true });
  fs.mkdirSync(path.join(dir, name));
  fs.writeFileSync(path.join(dir, name, 'migration.sql'), sql);
  return dir;
}

describe('PostgreSQL migrations', () => {
  it('build the same tables and columns as the SQLite migrations', async () => {
    const url = await emptyDatabase();
    expect(await migrateDatabase(url)).toMatch(/applied \d{14}_init/);
    const pgColumns = await query<{ t: string; c: string }>(
      url,
      `SELECT table_name::text AS t, column_name::text AS c FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'`,
    );
    const sqlite = new Database(process.env.DEALERBOT_TEST_TEMPLATE_DB!, { readonly: true });
    const tables = sqlite
      .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '_prisma_migrations'`)
      .pluck()
      .all() as string[];
    const sqliteColumns = tables.flatMap((t) => (sqlite.prepare(`PRAGMA table_info("${t}")`).all() as { name: string }[]).map((c) => `${t}.${c.name}`));
    sqlite.close();
    expect(pgColumns.map((r) => `${r.t}.${r.c}`).sort()).toEqual(sqliteColumns.sort());
    expect(sqliteColumns.length).toBeGreaterThan(200);
  });

  it('run once when two instances start together', async () => {
    const url = await emptyDatabase();
    const reports = await Promise.all([migrateDatabase(url), migrateDatabase(url), migrateDatabase(url)]);
    expect(reports.filter((r) => /applied/.test(r))).toHaveLength(1);
    expect(reports.filter((r) => /No pending migrations/.test(r))).toHaveLength(2);
    const history = await query<{ migration_name: string }>(url, 'SELECT migration_name FROM "_prisma_migrations"');
    expect(history.length).toBe(fs.readdirSync(migrationsDir('postgres')).filter((d) => /^\d/.test(d)).length);
  });

  it('leave the database as it was when one fails, and name it', async () => {
    const url = await emptyDatabase();
    await migrateDatabase(url);
    const dir = migrationsWith('29990101000000_broken', 'CREATE TABLE "Half" ("id" TEXT PRIMARY KEY);\nALTER TABLE "Nowhere" ADD COLUMN "x" TEXT;\n');
    const err = await migratePostgres(url, dir).catch((e: Error) => e);
    expect(err).toBeInstanceOf(DatabaseSetupError);
    expect((err as Error).message).toMatch(
      /migration 29990101000000_broken failed on 127\.0\.0\.1:\d+\/mig_\d+_\d+ and was rolled back.*"Nowhere" does not exist/,
    );
    expect(await query(url, `SELECT 1 FROM information_schema.tables WHERE table_name = 'Half'`)).toEqual([]);
    expect(await query(url, `SELECT 1 FROM "_prisma_migrations" WHERE migration_name = '29990101000000_broken'`)).toEqual([]);
    fs.rmSync(dir, { recursive: true });
  });

  it('refuse a history whose applied migration was edited', async () => {
    const url = await emptyDatabase();
    const dir = migrationsWith('29990101000000_extra', 'CREATE TABLE "Extra" ("id" TEXT PRIMARY KEY);\n');
    await migratePostgres(url, dir);
    fs.appendFileSync(path.join(dir, '29990101000000_extra', 'migration.sql'), 'CREATE INDEX "x" ON "Extra"("id");\n');
    await expect(migratePostgres(url, dir)).rejects.toThrow(/migration 29990101000000_extra was changed after it was applied/);
    fs.rmSync(dir, { recursive: true });
  });

  it('come from a schema that is prisma/schema.prisma with the PostgreSQL provider', () => {
    // if this fails: npm run db:new-migration -- <name> writes the PostgreSQL schema and migration too
    expect(fs.readFileSync(POSTGRES_SCHEMA, 'utf8')).toBe(postgresSchemaFrom(fs.readFileSync('prisma/schema.prisma', 'utf8')));
  });
});
