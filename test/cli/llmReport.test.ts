// `dealerbot llm report`: the recorded LLM calls of a period of store-local days, grouped
// by purpose, provider, model and prompt version, with outcomes, tokens, latency and an
// estimated cost.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { runLlmReport, type LlmReportOptions } from '../../src/cli/llmCommands.js';
import { runCli } from '../../src/cli/runCli.js';
import { loadConfig } from '../../src/infra/config.js';
import { summarizeLlmCalls, type LlmCallSummary } from '../../src/llm/summarizeLlmCalls.js';
import { insertDemoStore } from '../helpers/demoStore.js';
import { createTestDb, type TestDb } from '../helpers/testDb.js';

// 10:15 on 3 December in Shanghai (UTC+8), the demo store's timezone
const NOW = new Date('2026-12-03T02:15:00Z');
const PRICES = { LLM_PRICE_INPUT_PER_1M: '2', LLM_PRICE_OUTPUT_PER_1M: '8' };

type Call = {
  at: string;
  purpose: string;
  promptId: string;
  v: string;
  outcome: string;
  tin: number | null;
  tout: number | null;
  ms: number;
  provider?: 'primary' | 'fallback';
  model?: string;
};
const CALLS: Call[] = [
  // faq-answer@1
  { at: '2026-10-31T16:05:00Z', purpose: 'faq-answer', promptId: 'faq-answer', v: '1', outcome: 'ok', tin: 100_000, tout: 20_000, ms: 400 }, // 00:05 on the --since day: in
  { at: '2026-11-10T02:00:00Z', purpose: 'faq-answer', promptId: 'faq-answer', v: '1', outcome: 'ok', tin: 200_000, tout: 40_000, ms: 600 },
  { at: '2026-11-11T02:00:00Z', purpose: 'faq-answer', promptId: 'faq-answer', v: '1', outcome: 'rejected', tin: 150_000, tout: 30_000, ms: 800 },
  // faq-answer@2
  { at: '2026-11-20T03:00:00Z', purpose: 'faq-answer', promptId: 'faq-answer', v: '2', outcome: 'ok', tin: 300_000, tout: 60_000, ms: 500 },
  { at: '2026-11-21T03:00:00Z', purpose: 'faq-answer', promptId: 'faq-answer', v: '2', outcome: 'timeout', tin: null, tout: null, ms: 8000 },
  { at: '2026-11-30T15:30:00Z', purpose: 'faq-answer', promptId: 'faq-answer', v: '2', outcome: 'ok', tin: 100_000, tout: 10_000, ms: 700 }, // 23:30 on the --until day: in
  // practice-customer@1
  { at: '2026-11-05T06:00:00Z', purpose: 'practice-customer', promptId: 'practice-customer', v: '1', outcome: 'ok', tin: 1_000_000, tout: 200_000, ms: 1200 },
  { at: '2026-11-06T06:00:00Z', purpose: 'practice-customer', promptId: 'practice-customer', v: '1', outcome: 'error', tin: null, tout: null, ms: 300 },
  {
    at: '2026-11-07T06:00:00Z',
    purpose: 'practice-customer',
    promptId: 'practice-customer',
    v: '1',
    outcome: 'rejected',
    tin: 800_000,
    tout: 150_000,
    ms: 1500,
  },
  // outside 2026-11-01 … 2026-11-30 in Shanghai, though inside it in UTC
  { at: '2026-11-30T16:10:00Z', purpose: 'faq-answer', promptId: 'faq-answer', v: '2', outcome: 'ok', tin: 9_000_000, tout: 9_000_000, ms: 99_000 }, // 00:10 on 1 Dec
  { at: '2026-10-31T15:50:00Z', purpose: 'faq-answer', promptId: 'faq-answer', v: '1', outcome: 'ok', tin: 9_000_000, tout: 9_000_000, ms: 99_000 }, // 23:50 on 31 Oct
  // September: the first provider timed out and the fallback answered, twice; once the same model sat at both
  { at: '2026-09-10T02:00:00Z', purpose: 'faq-choice', promptId: 'faq-choice', v: '1', outcome: 'timeout', tin: null, tout: null, ms: 8000 },
  {
    at: '2026-09-10T02:00:09Z',
    purpose: 'faq-choice',
    promptId: 'faq-choice',
    v: '1',
    outcome: 'ok',
    tin: 500,
    tout: 40,
    ms: 900,
    provider: 'fallback',
    model: 'qwen-plus',
  },
  { at: '2026-09-11T02:00:00Z', purpose: 'faq-choice', promptId: 'faq-choice', v: '1', outcome: 'error', tin: null, tout: null, ms: 100 },
  { at: '2026-09-11T02:00:01Z', purpose: 'faq-choice', promptId: 'faq-choice', v: '1', outcome: 'ok', tin: 500, tout: 40, ms: 700, provider: 'fallback' },
];

describe('dealerbot llm report', () => {
  let t: TestDb;
  let timeZone: string;
  beforeAll(async () => {
    t = await createTestDb();
    timeZone = (await insertDemoStore(t.db)).timezone;
    await t.db.llmCall.createMany({
      data: CALLS.map((c) => ({
        purpose: c.purpose,
        provider: c.provider ?? 'primary',
        model: c.model ?? 'gpt-4o-mini',
        promptId: c.promptId,
        promptVersion: c.v,
        outcome: c.outcome,
        tokensIn: c.tin,
        tokensOut: c.tout,
        latencyMs: c.ms,
        createdAt: new Date(c.at),
      })),
    });
  });
  afterAll(async () => {
    await t.close();
  });
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
  });

  async function report(o: LlmReportOptions, env: Record<string, string> = {}) {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runLlmReport(loadConfig({ DATABASE_URL: t.url, ...env }), o, {
      db: t.db,
      now: NOW,
      stdout: { write: (c) => out.push(c) },
      stderr: { write: (c) => err.push(c) },
    });
    return { code, stdout: out.join(''), stderr: err.join('') };
  }

  const NOVEMBER = { since: '2026-11-01', until: '2026-11-30' };

  it('groups by purpose, model and prompt version with outcomes, tokens and latency percentiles', async () => {
    const s = await summarizeLlmCalls(t.db, { ...NOVEMBER, now: NOW, timeZone });
    expect(timeZone).toBe('Asia/Shanghai');
    expect(s.rows.map((r) => [r.purpose, r.provider, r.model, `${r.promptId}@${r.promptVersion}`, r.calls])).toEqual([
      ['faq-answer', 'primary', 'gpt-4o-mini', 'faq-answer@1', 3],
      ['faq-answer', 'primary', 'gpt-4o-mini', 'faq-answer@2', 3],
      ['practice-customer', 'primary', 'gpt-4o-mini', 'practice-customer@1', 3],
    ]);
    const [v1, v2, practice] = s.rows;
    expect(v1).toMatchObject({
      outcomes: { ok: 2, rejected: 1, timeout: 0, error: 0 },
      tokensIn: 450_000,
      tokensOut: 90_000,
      callsWithoutTokens: 0,
      latencyP50Ms: 600,
      latencyP95Ms: 800,
    });
    expect(v2).toMatchObject({
      outcomes: { ok: 2, rejected: 0, timeout: 1, error: 0 },
      tokensIn: 400_000,
      tokensOut: 70_000,
      callsWithoutTokens: 1,
      latencyP50Ms: 700,
      latencyP95Ms: 8000,
    });
    expect(practice).toMatchObject({
      outcomes: { ok: 1, rejected: 1, timeout: 0, error: 1 },
      tokensIn: 1_800_000,
      tokensOut: 350_000,
      callsWithoutTokens: 1,
      latencyP50Ms: 1200,
      latencyP95Ms: 1500,
    });
    // nearest rank over 300 400 500 600 700 800 1200 1500 8000
    expect(s.totals).toEqual({
      calls: 9,
      outcomes: { ok: 5, rejected: 2, timeout: 1, error: 1 },
      tokensIn: 2_650_000,
      tokensOut: 510_000,
      callsWithoutTokens: 2,
      latencyP50Ms: 700,
      latencyP95Ms: 8000,
    });
    expect(s.prices).toBeUndefined();
    expect(s.rows.some((r) => 'cost' in r)).toBe(false);
  });

  it("shows the fallback provider's calls apart from the first's, even on the same model", async () => {
    const s = await summarizeLlmCalls(t.db, { since: '2026-09-01', until: '2026-09-30', now: NOW, timeZone });
    expect(s.rows.map((r) => [r.purpose, r.provider, r.model, r.calls, r.outcomes.ok])).toEqual([
      ['faq-choice', 'primary', 'gpt-4o-mini', 2, 0],
      ['faq-choice', 'fallback', 'gpt-4o-mini', 1, 1],
      ['faq-choice', 'fallback', 'qwen-plus', 1, 1],
    ]);
    const lines = (await report({ since: '2026-09-01', until: '2026-09-30' })).stdout.split('\n');
    expect(lines[1]).toMatch(/^purpose\s+provider\s+model\s+prompt\s+calls/);
    expect(lines[2].split(/\s{2,}/).slice(0, 5)).toEqual(['faq-choice', 'primary', 'gpt-4o-mini', 'faq-choice@1', '2']);
    expect(lines[4].split(/\s{2,}/).slice(0, 6)).toEqual(['faq-choice', 'fallback', 'qwen-plus', 'faq-choice@1', '1', '1']);
  });

  it('counts a call at 23:30 store time on the --until day and not one at 00:10 the next day', async () => {
    const lastDay = await summarizeLlmCalls(t.db, { since: '2026-11-30', until: '2026-11-30', now: NOW, timeZone });
    expect(lastDay.totals.calls).toBe(1);
    expect(lastDay.rows[0]).toMatchObject({ promptVersion: '2', latencyP50Ms: 700 });
    const nextDay = await summarizeLlmCalls(t.db, { since: '2026-12-01', until: '2026-12-01', now: NOW, timeZone });
    expect(nextDay.totals).toMatchObject({ calls: 1, latencyP50Ms: 99_000 });
    // the same instants read as UTC days would swap: the boundary is the store's midnight
    const firstDay = await summarizeLlmCalls(t.db, { since: '2026-11-01', until: '2026-11-01', now: NOW, timeZone });
    expect(firstDay.totals).toMatchObject({ calls: 1, latencyP50Ms: 400 });
  });

  it('estimates the cost per row and in total only when both prices are configured', async () => {
    const withPrices = await report({ ...NOVEMBER, json: true }, PRICES);
    const s = JSON.parse(withPrices.stdout) as LlmCallSummary;
    expect(s.prices).toEqual({ inputPer1M: 2, outputPer1M: 8 });
    expect(s.rows.map((r) => r.cost)).toEqual([1.62, 1.36, 6.4]); // e.g. 0.45M × 2 + 0.09M × 8
    expect(s.totals.cost).toBe(9.38);

    const onePrice = JSON.parse((await report({ ...NOVEMBER, json: true }, { LLM_PRICE_INPUT_PER_1M: '2' })).stdout) as LlmCallSummary;
    expect(onePrice.prices).toBeUndefined();
    expect(onePrice.totals.cost).toBeUndefined();
    expect(onePrice.rows.every((r) => r.cost === undefined)).toBe(true);
  });

  it('prints one JSON object {since, until, rows, totals, prices?}', async () => {
    const r = await report({ ...NOVEMBER, json: true }, PRICES);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const s = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(Object.keys(s)).toEqual(['since', 'until', 'rows', 'totals', 'prices']);
    expect(s).toMatchObject({ since: '2026-11-01', until: '2026-11-30' });
    expect((s.rows as unknown[])[0]).toEqual({
      purpose: 'faq-answer',
      provider: 'primary',
      model: 'gpt-4o-mini',
      promptId: 'faq-answer',
      promptVersion: '1',
      calls: 3,
      outcomes: { ok: 2, rejected: 1, timeout: 0, error: 0 },
      tokensIn: 450_000,
      tokensOut: 90_000,
      callsWithoutTokens: 0,
      latencyP50Ms: 600,
      latencyP95Ms: 800,
      cost: 1.62,
    });
    const without = JSON.parse((await report({ ...NOVEMBER, json: true })).stdout) as Record<string, unknown>;
    expect(Object.keys(without)).toEqual(['since', 'until', 'rows', 'totals']);
  });

  it('prints an aligned table with a totals line, with and without prices', async () => {
    const r = await report(NOVEMBER, PRICES);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('LLM calls 2026-11-01 to 2026-11-30 (store days, Asia/Shanghai)');
    expect(lines[1]).toMatch(
      /^purpose\s+provider\s+model\s+prompt\s+calls\s+ok\s+rejected\s+timeout\s+error\s+tokens in\s+tokens out\s+no tokens\s+p50 ms\s+p95 ms\s+cost$/,
    );
    expect(lines[2].split(/\s{2,}/)).toEqual([
      'faq-answer',
      'primary',
      'gpt-4o-mini',
      'faq-answer@1',
      '3',
      '2',
      '1',
      '0',
      '0',
      '450,000',
      '90,000',
      '0',
      '600',
      '800',
      '1.62',
    ]);
    expect(lines[4].split(/\s{2,}/)).toEqual([
      'practice-customer',
      'primary',
      'gpt-4o-mini',
      'practice-customer@1',
      '3',
      '1',
      '1',
      '0',
      '1',
      '1,800,000',
      '350,000',
      '1',
      '1,200',
      '1,500',
      '6.40',
    ]);
    expect(lines[5].split(/\s{2,}/)).toEqual(['total', '9', '5', '2', '1', '1', '2,650,000', '510,000', '2', '700', '8,000', '9.38']);
    // right-aligned numbers: every table line ends in the same column
    expect(new Set(lines.slice(1, 6).map((l) => l.length)).size).toBe(1);
    expect(lines[6]).toBe('2 call(s) without token counts are counted as 0 tokens');
    expect(lines[7]).toMatch(/estimate at 2 \(input\) and 8 \(output\) per 1M tokens/);

    const plain = await report(NOVEMBER);
    expect(plain.stdout).not.toMatch(/\bcost\s*$/m);
    expect(plain.stdout).toContain('set LLM_PRICE_INPUT_PER_1M and LLM_PRICE_OUTPUT_PER_1M');
  });

  it('defaults to the last 30 store-local days up to today', async () => {
    // NOW is 3 Dec in Shanghai: 4 Nov … 3 Dec holds the 8 November calls from the 5th on
    // and the one at 00:10 on 1 Dec; those of 1 Nov and 31 Oct are out
    const s = JSON.parse((await report({ json: true })).stdout) as LlmCallSummary;
    expect([s.since, s.until]).toEqual(['2026-11-04', '2026-12-03']);
    expect(s.totals.calls).toBe(9);
    expect(s.totals.latencyP95Ms).toBe(99_000);
    expect(JSON.parse((await report({ json: true, until: '2026-11-30' })).stdout)).toMatchObject({
      since: '2026-11-01',
      until: '2026-11-30',
      totals: { calls: 9 },
    });
  });

  it('says so in one line when there are no calls (exit 0), and JSON stays an object', async () => {
    const r = await report({ since: '2026-06-01', until: '2026-06-30' }, PRICES);
    expect(r).toEqual({ code: 0, stdout: 'no LLM calls between 2026-06-01 and 2026-06-30\n', stderr: '' });
    const j = await report({ since: '2026-06-01', until: '2026-06-30', json: true }, PRICES);
    expect(JSON.parse(j.stdout)).toEqual({
      since: '2026-06-01',
      until: '2026-06-30',
      rows: [],
      totals: {
        calls: 0,
        outcomes: { ok: 0, rejected: 0, timeout: 0, error: 0 },
        tokensIn: 0,
        tokensOut: 0,
        callsWithoutTokens: 0,
        latencyP50Ms: null,
        latencyP95Ms: null,
        cost: 0,
      },
      prices: { inputPer1M: 2, outputPer1M: 8 },
    });
  });

  it('rejects a malformed date or --until before --since on stderr with exit 2', async () => {
    for (const o of [{ since: '2026-11-31' }, { until: '1/12/2026' }, { since: '2026-11-1' }]) {
      const r = await report(o);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/^dealerbot llm report: --(since|until) must be a date as YYYY-MM-DD, not "/);
    }
    expect(await report({ since: '2026-11-30', until: '2026-11-01' })).toEqual({
      code: 2,
      stdout: '',
      stderr: 'dealerbot llm report: --until 2026-11-01 is before --since 2026-11-30\n',
    });
    // a --since after today's default --until
    const future = await report({ since: '2026-12-04' });
    expect(future.code).toBe(2);
    expect(future.stderr).toContain('--until 2026-12-03 is before --since 2026-12-04');
  });

  it('is registered on the dealerbot program', async () => {
    vi.stubEnv('DATABASE_URL', t.url);
    const err: string[] = [];
    const out: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((c) => (err.push(String(c)), true));
    vi.spyOn(process.stdout, 'write').mockImplementation((c) => (out.push(String(c)), true));
    expect(await runCli(['node', 'dealerbot', 'llm', 'report', '--since', '2026-11-30', '--until', '2026-11-01'])).toBe(2);
    expect(err.join('')).toContain('--until 2026-11-01 is before --since 2026-11-30');
    expect(await runCli(['node', 'dealerbot', 'llm', 'report', '--since', '2026-06-01', '--until', '2026-06-02'])).toBe(0);
    expect(out.join('')).toBe('no LLM calls between 2026-06-01 and 2026-06-02\n');
  });
});
