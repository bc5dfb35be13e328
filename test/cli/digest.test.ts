// `dealerbot digest` in its three formats, on a test store with a hand-made board.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runDigestCommand, type DigestCommandOptions } from '../../src/cli/digestCommands.js';
import { ManualClock } from '../../src/infra/clock.js';
import { loadConfig } from '../../src/infra/config.js';
import type { Board } from '../../src/sales/board/boardTypes.js';
import { fixtureBoard, pngSize } from '../bots/digest/digestFixtures.js';
import { insertMinimalStore } from '../helpers/fixtures.js';
import { createTestDb, type TestDb } from '../helpers/testDb.js';

describe('dealerbot digest', () => {
  let t: TestDb;
  let tmp: string;
  let calls: { date: string; teamId?: string; now: string }[];
  beforeEach(async () => {
    t = await createTestDb();
    await insertMinimalStore(t.db);
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'digest-cli-'));
    calls = [];
  });
  afterEach(async () => {
    await t.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  async function digest(o: DigestCommandOptions) {
    const out: (string | Uint8Array)[] = [];
    const err: string[] = [];
    const code = await runDigestCommand(loadConfig({ DATABASE_URL: t.url }), o, {
      db: t.db,
      clock: new ManualClock('2026-12-03T02:15:00Z'),
      computeBoard: async (_db, a) => {
        calls.push({ date: a.date, teamId: a.teamId, now: a.now.toISOString() });
        return fixtureBoard({ date: a.date, ...(a.teamId ? {} : { scope: { kind: 'store' } }) }) satisfies Board;
      },
      stdout: { write: (c) => out.push(c) },
      stderr: { write: (c) => err.push(c) },
    });
    return { code, stdout: out.map((c) => (typeof c === 'string' ? c : Buffer.from(c).toString('latin1'))).join(''), stderr: err.join('') };
  }

  it('prints the board as text for today in store time, the whole store by default', async () => {
    const r = await digest({});
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('每日看板 · 全店 · 2026-12-03');
    expect(r.stdout).toContain('【目标进度】');
    expect(calls).toEqual([{ date: '2026-12-03', teamId: undefined, now: '2026-12-03T02:15:00.000Z' }]);
    expect((await digest({ lang: 'en', team: 'team-t' })).stdout).toContain('Daily board · Sales Team 1 · 2026-12-03');
  });

  it('prints the Board object as JSON, for a given day as of its digest time', async () => {
    const r = await digest({ format: 'json', date: '2026-11-30', team: 'team-t' });
    expect(r.code).toBe(0);
    const board = JSON.parse(r.stdout) as Board;
    expect(board).toEqual(fixtureBoard({ date: '2026-11-30' }));
    expect(calls.at(-1)).toEqual({ date: '2026-11-30', teamId: 'team-t', now: '2026-11-30T00:30:00.000Z' });
  });

  it('writes the chart as PNG to --out', async () => {
    const file = path.join(tmp, 'board.png');
    const r = await digest({ format: 'png', out: file });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(pngSize(fs.readFileSync(file)).width).toBe(960);
    const raw = await digest({ format: 'png' });
    expect(raw.stdout.startsWith('\x89PNG')).toBe(true);
  });

  it('refuses a bad format, date, language or team with the reason', async () => {
    expect(await digest({ format: 'pdf' as never })).toMatchObject({ code: 2, stderr: expect.stringContaining('--format') });
    expect(await digest({ date: '2026-02-30' })).toMatchObject({ code: 2, stderr: expect.stringContaining('YYYY-MM-DD') });
    expect(await digest({ lang: 'fr' as never })).toMatchObject({ code: 2, stderr: expect.stringContaining('--lang') });
    expect(await digest({ team: 'nope' })).toMatchObject({ code: 2, stderr: expect.stringContaining('team-t') });
    expect(calls).toEqual([]);
  });
});
