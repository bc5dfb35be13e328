// The dealerbot command on PostgreSQL as an operator runs it (a real process, real exit
// codes): doctor on an empty database migrates and seeds it; db migrate says nothing is
// pending; db reset wipes and reloads; the password never appears in what it prints.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { databaseUrlOf, withAdmin } from '../helpers/testPostgres.js';

const run = promisify(execFile);
const BIN = path.resolve('bin/dealerbot.js');

async function dealerbot(args: string[], env: Record<string, string>) {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { env: { ...process.env, LOG_LEVEL: 'warn', ...env }, timeout: 90_000 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('dealerbot CLI on PostgreSQL', () => {
  it('doctor migrates and seeds an empty database; migrate, reset and doctor again work offline', async () => {
    const adminUrl = process.env.DEALERBOT_TEST_PG_ADMIN_URL!;
    const name = `cli_${process.pid}`;
    await withAdmin(adminUrl, (c) => c.query(`CREATE DATABASE ${name}`));
    const env = { DATABASE_URL: databaseUrlOf(adminUrl, name) };
    const password = new URL(adminUrl).password;

    const doctor = await dealerbot(['doctor'], env);
    expect(doctor.stderr).toBe('');
    expect(doctor.code).toBe(0);
    expect(doctor.stdout).toMatch(
      /✔ store +postgres:\/\/\*\*\*@127\.0\.0\.1:\d+\/cli_\d+: Xingyao Motors Shanghai Pudong 4S Store \(Asia\/Shanghai\), 12 staff, \d+ customers/,
    );

    const migrate = await dealerbot(['db', 'migrate'], env);
    expect(migrate.code).toBe(0);
    expect(migrate.stdout).toMatch(/No pending migrations to apply/);

    const customers = async () => withAdmin(env.DATABASE_URL, async (c) => Number((await c.query('SELECT COUNT(*) AS n FROM "Customer"')).rows[0].n));
    await withAdmin(env.DATABASE_URL, (c) => c.query(`UPDATE "Store" SET "nameEn" = 'Renamed'`));
    const reset = await dealerbot(['db', 'reset'], env);
    expect(reset.code).toBe(0);
    expect(reset.stdout).toMatch(/^wiped 127\.0\.0\.1:\d+\/cli_\d+/);
    expect(await customers()).toBeGreaterThan(100);
    const again = await dealerbot(['doctor'], env);
    expect(again.stdout).toMatch(/✔ store .*Xingyao Motors Shanghai Pudong 4S Store/);

    for (const out of [doctor, migrate, reset, again]) expect(out.stdout + out.stderr).not.toContain(`:${password}@`);
  }, 180_000);
});
