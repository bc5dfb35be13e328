import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { DatabaseSetupError, migrateDatabase } from '../../src/store/migrateDatabase.js';

describe('migrations', () => {
  it('apply to an empty database from scratch and create every table', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dealerbot-mig-'));
    const file = path.join(dir, 'nested', 'fresh.db');
    await migrateDatabase(`file:${file}`);
    const sqlite = new Database(file, { readonly: true });
    const tables = sqlite
      .prepare("select name from sqlite_master where type='table' order by name")
      .all()
      .map((r) => (r as { name: string }).name);
    const applied = sqlite.prepare('select migration_name, finished_at from _prisma_migrations').all() as {
      migration_name: string;
      finished_at: string | null;
    }[];
    sqlite.close();
    for (const t of ['Customer', 'Interaction', 'TestDriveBooking', 'OutboxMessage', 'JobRun', 'InboundEvent', 'AuditLog', 'Target']) {
      expect(tables).toContain(t);
    }
    const migrationDirs = fs.readdirSync('prisma/migrations').filter((d) => /^\d+_/.test(d));
    expect(applied.map((a) => a.migration_name).sort()).toEqual(migrationDirs.sort());
    expect(applied.every((a) => a.finished_at !== null)).toBe(true);
    // a second run is a no-op, not an error
    await migrateDatabase(`file:${file}`);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('names the directory when the data directory cannot be written', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dealerbot-ro-'));
    const blocker = path.join(dir, 'not-a-dir');
    fs.writeFileSync(blocker, 'x');
    await expect(migrateDatabase(`file:${blocker}/sub/db.sqlite`)).rejects.toThrow(DatabaseSetupError);
    await expect(migrateDatabase(`file:${blocker}/sub/db.sqlite`)).rejects.toThrow(/not-a-dir/);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('rejects a DATABASE_URL of an unknown kind with a message that hides credentials', async () => {
    await expect(migrateDatabase('mysql://user:secret@db/x')).rejects.toThrow(/\*\*\*@db/);
    await expect(migrateDatabase('mysql://user:secret@db/x')).rejects.not.toThrow(/secret/);
  });

  it('names the PostgreSQL server it cannot reach, never the password', async () => {
    // port 9 on 127.0.0.1: nothing listens, the connection is refused at once
    const err = await migrateDatabase('postgres://user:secret@127.0.0.1:9/x').catch((e: Error) => e);
    expect(err).toBeInstanceOf(DatabaseSetupError);
    expect((err as Error).message).toMatch(/cannot reach PostgreSQL at 127\.0\.0\.1:9\/x/);
    expect((err as Error).message).not.toMatch(/secret/);
  });
});
