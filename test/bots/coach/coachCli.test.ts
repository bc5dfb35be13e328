// `dealerbot coach` as an operator runs it: a real process on a fresh store (migrated and
// seeded on first use), --json and --jsonl per the contract.
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const BIN = path.resolve('bin/dealerbot.js');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dealerbot-coach-cli-'));
const env = { ...process.env, LOG_LEVEL: 'warn', DATABASE_URL: `file:${path.join(tmp, 'fresh', 'dealerbot.db')}`, OPENAI_API_KEY: '' };
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function withStdin(args: string[], input: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

describe('dealerbot coach', () => {
  it('answers --json on a fresh store, then --jsonl in input order', async () => {
    const { stdout } = await run(process.execPath, [BIN, 'coach', '客户说 E6 太贵了', '--json', '--now', '2026-12-03T10:00:00+08:00'], {
      env,
      timeout: 90_000,
    });
    const a = JSON.parse(stdout);
    expect(a).toMatchObject({ objectionIds: ['price-too-high'], lang: 'zh' });
    expect(a.answer).toMatch(/预算/);
    expect(a.confidence).toBeGreaterThan(0.35);
    expect(a.steps).toHaveLength(5);
    expect(a.donts.length).toBeGreaterThan(0);
    expect(a.promotions).toContainEqual(expect.objectContaining({ id: 'p-e6-yearend-cash', status: 'active' }));
    // expired by February: gone from the offers and from the words to say
    const feb = JSON.parse(
      (await run(process.execPath, [BIN, 'coach', 'The E6 is too expensive', '--json', '--now', '2027-02-10T10:00:00+08:00'], { env, timeout: 60_000 })).stdout,
    );
    expect(feb.lang).toBe('en');
    expect(feb.promotions.map((p: { id: string }) => p.id)).not.toContain('p-e6-yearend-cash');
    expect(feb.answer).not.toContain('8,000');

    const lines = [
      '{"text": "我再考虑考虑"}',
      '{"text": "My wife needs to see it first."}',
      'not json',
      '{"text": "今天天气不错"}',
      '{"text": "網上說你們車質量不行"}',
    ];
    const r = await withStdin(['coach', '--jsonl'], `${lines.join('\n')}\n`);
    expect(r.code).toBe(0);
    const out = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(out).toHaveLength(5);
    expect(out[0].objectionIds[0]).toBe('think-it-over');
    expect(out[1]).toMatchObject({ lang: 'en' });
    expect(out[1].objectionIds[0]).toBe('ask-family');
    expect(out[2]).toEqual({ error: 'line 3: not a JSON object' });
    expect(out[3].objectionIds).toEqual([]);
    expect(out[4].objectionIds[0]).toBe('negative-reviews');
  }, 180_000);

  it('asks for a text when given none', async () => {
    const r = await run(process.execPath, [BIN, 'coach'], { env, timeout: 30_000 }).catch((e: { code: number; stderr: string }) => e);
    expect(r).toMatchObject({ code: 2 });
    expect((r as { stderr: string }).stderr).toMatch(/--jsonl/);
  });
});
