// `dealerbot targets import`: a report naming each bad row and field, nothing imported
// when any row is bad, everything in one go when all are good.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importTargets } from '../../src/sales/board/importTargets.js';
import { insertDemoStore } from '../helpers/demoStore.js';
import { createTestDb, type TestDb } from '../helpers/testDb.js';

const run = promisify(execFile);
const BIN = path.resolve('bin/dealerbot.js');
const NOW = new Date('2026-12-01T01:00:00Z');

const BAD = [
  'period,metric,scope,scope_id,value',
  '2026-12,orders,store,xingyao-sh-pudong,120', // 2 ok
  '2026-13,orders,team,sales-1,60', // 3 period
  '2026-12,profit,team,sales-1,60', // 4 metric
  '2026-12,orders,region,x,1', // 5 scope
  '2026-12,orders,staff,st-99,10', // 6 scope_id
  '2026-12,orders,team,sales-1,12.5', // 7 value
  '2026-12,orders,team,sales-2,-4', // 8 value
  '2026-12,orders,store,xingyao-sh-pudong,130', // 9 duplicate of row 2
].join('\n');

describe('importing targets from CSV', () => {
  let t: TestDb;
  let storeId: string;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dealerbot-targets-'));
  beforeAll(async () => {
    t = await createTestDb();
    storeId = (await insertDemoStore(t.db)).id;
  });
  afterAll(async () => {
    await t.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('names every bad row and field and imports nothing', async () => {
    const r = await importTargets(t.db, { storeId, csv: BAD, now: NOW });
    expect(r.ok).toBe(false);
    expect(r.problems.map((p) => [p.row, p.field])).toEqual([
      [3, 'period'],
      [4, 'metric'],
      [5, 'scope'],
      [6, 'scope_id'],
      [7, 'value'],
      [8, 'value'],
      [9, 'scope_id'],
    ]);
    expect(r.problems[6].message).toMatch(/duplicate of row 2/);
    expect(await t.db.target.count()).toBe(0);
  });

  it('imports a good file in one go, and a dry run imports nothing', async () => {
    const good =
      'period,metric,scope,scope_id,value\n2026-12,orders,store,xingyao-sh-pudong,120\n2026-12,orders,team,sales-1,60\n2026-12,leads,staff,st-03,"1,200"\n';
    expect(await importTargets(t.db, { storeId, csv: good, now: NOW, dryRun: true })).toMatchObject({ ok: true, rows: 3, imported: 0 });
    expect(await t.db.target.count()).toBe(0);
    expect(await importTargets(t.db, { storeId, csv: good, now: NOW, setById: 'st-01' })).toMatchObject({ ok: true, imported: 3 });
    expect(await t.db.target.count({ where: { setById: 'st-01' } })).toBe(3);
    expect((await t.db.target.findFirst({ where: { scopeId: 'st-03' } }))?.value).toBe(1200);
  });

  it('runs as a command: exit 1 and the report on a bad file', async () => {
    const file = path.join(tmp, 'bad.csv');
    fs.writeFileSync(file, BAD);
    const env = { ...process.env, DATABASE_URL: t.url, LOG_LEVEL: 'warn' };
    const bad = await run(process.execPath, [BIN, 'targets', 'import', file], { env, timeout: 60_000 }).catch((e) => e as { code: number; stdout: string });
    expect((bad as { code: number }).code).toBe(1);
    expect(bad.stdout).toMatch(/row 3, period/);
    expect(bad.stdout).toMatch(/nothing imported/);
    const goodFile = path.join(tmp, 'good.csv');
    fs.writeFileSync(goodFile, 'period,metric,scope,scope_id,value\n2027-01,orders,team,sales-2,50\n');
    const ok = await run(process.execPath, [BIN, 'targets', 'import', goodFile, '--dry-run', '--by', 'st-01'], { env, timeout: 60_000 });
    expect(ok.stdout).toMatch(/dry run: 1 row\(s\) valid/);
  });
});
