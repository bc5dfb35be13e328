// The dealerbot command as an operator runs it: a real process, real exit codes.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const BIN = path.resolve('bin/dealerbot.js');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dealerbot-cli-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

async function dealerbot(args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], {
      env: { ...process.env, LOG_LEVEL: 'warn', ...env },
      timeout: 60_000,
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('dealerbot CLI', () => {
  it('stops start-up and doctor with a message naming a bad DATABASE_URL', async () => {
    const r = await dealerbot(['start'], { DATABASE_URL: 'mysql://root:pw@db/x', PORT: '0' });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/DATABASE_URL/);
    expect(r.stderr).not.toContain(':pw@');
    const d = await dealerbot(['doctor'], { DATABASE_URL: 'mysql://root:pw@db/x' });
    expect(d.code).toBe(2);
    expect(d.stderr).toMatch(/DATABASE_URL.*must be a SQLite file \(file:\.\/data\/dealerbot\.db\) or a PostgreSQL URL/);
    expect(d.stderr + d.stdout).not.toContain(':pw@');
  });

  it('stops start-up naming the PostgreSQL server it cannot reach, never the password', async () => {
    // port 9 on 127.0.0.1: nothing listens, the connection is refused at once
    const r = await dealerbot(['start'], { DATABASE_URL: 'postgres://dealer:s3cret@127.0.0.1:9/dealerbot', PORT: '0' });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cannot reach PostgreSQL at 127\.0\.0\.1:9\/dealerbot/);
    expect(r.stderr + r.stdout).not.toContain('s3cret');
  });

  it('stops start-up with a message naming a data directory it cannot write', async () => {
    const blocker = path.join(tmp, 'a-file');
    fs.writeFileSync(blocker, '');
    const r = await dealerbot(['start'], { DATABASE_URL: `file:${blocker}/data/db.sqlite`, PORT: '0' });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/data directory .*a-file.* cannot be created or written/);
  });

  it('refuses a bad option value with the reason', async () => {
    const r = await dealerbot(['db', 'seed', '--scale', 'lots'], { DATABASE_URL: `file:${tmp}/x.db` });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/--scale.*whole number/);
  });

  it('migrates and seeds a fresh store on first use, and doctor reports it healthy', async () => {
    const db = path.join(tmp, 'fresh', 'dealerbot.db');
    const r = await dealerbot(['doctor'], { DATABASE_URL: `file:${db}` });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/✔ store data .*6 models, 60 FAQ entries, 16 objections/);
    expect(r.stdout).toMatch(/✔ store .*Xingyao Motors Shanghai Pudong 4S Store \(Asia\/Shanghai\), 12 staff, \d+ customers/);
    expect(r.stdout).toMatch(/- telegram +not configured/);
    expect(r.stdout).toMatch(/- llm +not configured/);
    expect(r.stdout).toContain('all required parts work.');
  });

  it('doctor exits 1 when the store data is broken', async () => {
    const dir = path.join(tmp, 'broken-data');
    fs.cpSync('data/demo-dealership', dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'catalog.yaml'), 'models: [ {id: 1 ');
    const r = await dealerbot(['doctor'], { DATABASE_URL: `file:${tmp}/fresh/dealerbot.db`, STORE_DATA_DIR: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/✘ store data .*catalog\.yaml/);
  });
});
