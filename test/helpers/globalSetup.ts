// Builds one migrated, empty SQLite template per test run with the real migrations;
// each test copies it (copying a file is ~1 ms, running the CLI ~2 s). Also makes sure
// the browser tests' Chromium is there, so the npm one is unpacked once, before any test
// file runs, and not by several browser test files at the same time.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { migrateDatabase } from '../../src/store/migrateDatabase.js';
import { findChromium } from './launchChromium.js';

export default async function setup(): Promise<() => void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dealerbot-test-'));
  const template = path.join(dir, 'template.db');
  await Promise.all([migrateDatabase(`file:${template}`), findChromium()]);
  process.env.DEALERBOT_TEST_TEMPLATE_DB = template;
  return () => fs.rmSync(dir, { recursive: true, force: true });
}
