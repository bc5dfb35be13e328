// A fresh, migrated database file per test, copied from the run's template.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createPrisma, type Db } from '../../src/store/createPrisma.js';

export interface TestDb {
  db: Db;
  url: string;
  file: string;
  close(): Promise<void>;
}

export async function createTestDb(): Promise<TestDb> {
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
    async close() {
      await db.$disconnect();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
