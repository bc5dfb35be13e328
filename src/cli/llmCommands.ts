// `dealerbot llm report [--since YYYY-MM-DD] [--until YYYY-MM-DD] [--json]`: what the LLM
// calls of a period of store-local days were and cost, for the store's IT person or manager.
import type { Command } from 'commander';
import { loadStoreInfo } from '../app.js';
import { systemClock } from '../infra/clock.js';
import { loadConfig, type Config } from '../infra/config.js';
import { resolveLlmReportPeriod, summarizeLlmCalls, type LlmCallSummary, type LlmUsage } from '../llm/summarizeLlmCalls.js';
import type { Db } from '../store/createPrisma.js';
import { openStore } from '../store/openStore.js';

export interface LlmReportOptions {
  since?: string;
  until?: string;
  json?: boolean;
}

interface LlmReportDeps {
  /** an open store (tests); else the configured one is opened (and migrated if needed) */
  db?: Db;
  /** default: the system clock */
  now?: Date;
  stdout?: { write(chunk: string): unknown };
  stderr?: { write(chunk: string): unknown };
}

export async function runLlmReport(config: Config, o: LlmReportOptions, deps: LlmReportDeps = {}): Promise<number> {
  const stdout = deps.stdout ?? process.stdout;
  const stderr = deps.stderr ?? process.stderr;
  for (const [flag, value] of [
    ['--since', o.since],
    ['--until', o.until],
  ] as const) {
    if (value !== undefined && !isCalendarDate(value)) {
      stderr.write(`dealerbot llm report: ${flag} must be a date as YYYY-MM-DD, not "${value}"\n`);
      return 2;
    }
  }
  // Both given: say so before opening (and perhaps migrating) the store.
  if (o.since && o.until && o.until < o.since) return reportReversed(stderr, o.since, o.until);
  const now = deps.now ?? systemClock.now();
  const db = deps.db ?? (await openStore({ databaseUrl: config.databaseUrl }));
  try {
    // A store not seeded yet has no dealership row, and nothing to report either: TZ_STORE
    // gives its days, so the command still answers instead of failing.
    const timeZone = (await db.store.count()) > 0 ? (await loadStoreInfo(db)).timezone : config.storeTimezone;
    const period = resolveLlmReportPeriod({ since: o.since, until: o.until, now, timeZone });
    if (period.until < period.since) return reportReversed(stderr, period.since, period.until);
    const summary = await summarizeLlmCalls(db, { ...period, now, timeZone, prices: config.llmPrices });
    // JSON stays one object even when empty: a script reads `rows: []`, not a sentence.
    if (o.json) stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    else if (summary.rows.length === 0) stdout.write(`no LLM calls between ${summary.since} and ${summary.until}\n`);
    else stdout.write(`${formatLlmReport(summary, timeZone)}\n`);
    return 0;
  } finally {
    if (!deps.db) await db.$disconnect();
  }
}

function reportReversed(stderr: { write(chunk: string): unknown }, since: string, until: string): number {
  stderr.write(`dealerbot llm report: --until ${until} is before --since ${since}\n`);
  return 2;
}

/** The summary as an aligned plain table: one line per purpose, provider, model and prompt version, then the totals. */
export function formatLlmReport(s: LlmCallSummary, timeZone: string): string {
  const header = [
    'purpose',
    'provider',
    'model',
    'prompt',
    'calls',
    'ok',
    'rejected',
    'timeout',
    'error',
    'tokens in',
    'tokens out',
    'no tokens',
    'p50 ms',
    'p95 ms',
  ];
  if (s.prices) header.push('cost');
  const cells = (u: LlmUsage): string[] => [
    count(u.calls),
    count(u.outcomes.ok),
    count(u.outcomes.rejected),
    count(u.outcomes.timeout),
    count(u.outcomes.error),
    count(u.tokensIn),
    count(u.tokensOut),
    count(u.callsWithoutTokens),
    u.latencyP50Ms === null ? '-' : count(u.latencyP50Ms),
    u.latencyP95Ms === null ? '-' : count(u.latencyP95Ms),
    ...(s.prices ? [money(u.cost ?? 0)] : []),
  ];
  const body = s.rows.map((r) => [r.purpose, r.provider, r.model, `${r.promptId}@${r.promptVersion}`, ...cells(r)]);
  const lines = [
    `LLM calls ${s.since} to ${s.until} (store days, ${timeZone})`,
    ...formatTable([header, ...body, ['total', '', '', '', ...cells(s.totals)]], 4),
  ];
  const known = new Set(['ok', 'rejected', 'timeout', 'error']);
  const other = Object.entries(s.totals.outcomes).filter(([k]) => !known.has(k));
  if (other.length) lines.push(`other outcomes: ${other.map(([k, n]) => `${k} ${n}`).join(', ')}`);
  if (s.totals.callsWithoutTokens > 0) lines.push(`${s.totals.callsWithoutTokens} call(s) without token counts are counted as 0 tokens`);
  lines.push(
    s.prices
      ? `cost: an estimate at ${s.prices.inputPer1M} (input) and ${s.prices.outputPer1M} (output) per 1M tokens`
      : 'cost: set LLM_PRICE_INPUT_PER_1M and LLM_PRICE_OUTPUT_PER_1M for an estimate',
  );
  return lines.join('\n');
}

/** Columns padded to their widest cell: the first `textColumns` to the left, numbers to the right. */
function formatTable(table: string[][], textColumns: number): string[] {
  const widths = table[0].map((_, i) => Math.max(...table.map((row) => row[i].length)));
  return table.map((row) =>
    row
      .map((cell, i) => (i < textColumns ? cell.padEnd(widths[i]) : cell.padStart(widths[i])))
      .join('  ')
      .trimEnd(),
  );
}

function count(n: number): string {
  return n.toLocaleString('en-US');
}

function money(n: number): string {
  // a few cents would read as 0.00, which looks like "free"
  return n > 0 && n < 0.01 ? '<0.01' : n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

function isCalendarDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** Registers `llm …` on the program; the action sets the exit code through `setExit`. */
export function registerLlmCommands(program: Command, setExit: (code: number) => void): void {
  const llm = program.command('llm').description('the LLM: what it was asked and what it cost');
  llm
    .command('report')
    .description('LLM calls by purpose, model and prompt version: outcomes, tokens, latency, estimated cost')
    .option('--since <YYYY-MM-DD>', 'first store-local day (default: 29 days before --until)')
    .option('--until <YYYY-MM-DD>', 'last store-local day, inclusive (default: today)')
    .option('--json', 'print {since, until, rows, totals, prices?} as JSON')
    .action(async (o: LlmReportOptions) => {
      setExit(await runLlmReport(loadConfig(), o));
    });
}
