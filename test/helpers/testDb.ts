// A fresh, migrated database per test: a copy of the run's SQLite template, or, in the
// PostgreSQL pass (DEALERBOT_TEST_ENGINE=postgres, vitest project "postgres"), a database
// cloned from the migrated template on the run's embedded server.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createPrisma, type Db } from '../../src/store/createPrisma.js';
import type { DatabaseEngine } from '../../src/store/databaseEngine.js';
import { createTestPostgresDatabase } from './testPostgres.js';

export interface TestDb {
  db: Db;
  url: string;
  /** the SQLite file; '' on PostgreSQL */
  file: string;
  engine: DatabaseEngine;
  close(): Promise<void>;
}

/** The engine this test file runs on. */
export function testEngine(): DatabaseEngine {
  return process.env.DEALERBOT_TEST_ENGINE === 'postgres' ? 'postgres' : 'sqlite';
}

export async function createTestDb(): Promise<TestDb> {
  return testEngine() === 'postgres' ? createPostgresTestDb() : createSqliteTestDb();
}

/** A SQLite store whichever the pass: for tests that move data between the engines. */
export async function createSqliteTestDb(): Promise<TestDb> {
  const template = process.env.DEALERBOT_TEST_TEMPLATE_DB;
  if (!template) throw new Error('test template database missing: is vitest globalSetup configured?');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dealerbot-db-'));
  const file = path.join(dir, 'test.db');
  fs.copyFileSync(template, file);
  const url = `file:${file}`;
  const db = createPrisma(url);
  return {
    db,
    url,
    file,
    engine: 'sqlite',
    async close() {
      await db.$disconnect();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function createPostgresTestDb(): Promise<TestDb> {
  const adminUrl = process.env.DEALERBOT_TEST_PG_ADMIN_URL;
  if (!adminUrl) throw new Error("test PostgreSQL server missing: is the postgres project's globalSetup configured?");
  const database = await createTestPostgresDatabase(adminUrl);
  const db = createPrisma(database.url, { poolSize: 4 });
  return {
    db,
    url: database.url,
    file: '',
    engine: 'postgres',
    async close() {
      await db.$disconnect();
      await database.drop();
    },
  };
}
