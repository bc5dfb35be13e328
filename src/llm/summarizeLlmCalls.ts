// What the LLM did and cost over a period of store-local days: the recorded `LlmCall`
// rows grouped by purpose, provider (the first, or the fallback that took over), model
// and prompt version, for `dealerbot llm report`.
import type { Db } from '../store/createPrisma.js';
import type { LlmOutcome } from './llmClient.js';
import { addDays, localParts, zonedInstant } from '../infra/storeTime.js';

interface LlmPrices {
  inputPer1M: number;
  outputPer1M: number;
}

/** The four outcomes are always present; an unexpected stored value gets its own key, so `calls` still adds up. */
type LlmOutcomeCounts = Record<LlmOutcome, number> & Record<string, number>;

export interface LlmUsage {
  calls: number;
  outcomes: LlmOutcomeCounts;
  /** null token counts add 0; `callsWithoutTokens` says how many there were */
  tokensIn: number;
  tokensOut: number;
  callsWithoutTokens: number;
  /** null only in the totals of an empty period */
  latencyP50Ms: number | null;
  latencyP95Ms: number | null;
  /** present when prices are configured */
  cost?: number;
}

interface LlmUsageRow extends LlmUsage {
  purpose: string;
  /** primary | fallback */
  provider: string;
  model: string;
  promptId: string;
  promptVersion: string;
  latencyP50Ms: number;
  latencyP95Ms: number;
}

export interface LlmCallSummary {
  /** store-local days, both inclusive */
  since: string;
  until: string;
  rows: LlmUsageRow[];
  totals: LlmUsage;
  prices?: LlmPrices;
}

interface SummarizeLlmCallsInput {
  /** YYYY-MM-DD, store-local; default: 29 days before `until` (30 days in all) */
  since?: string;
  /** YYYY-MM-DD, store-local; default: today at `now` */
  until?: string;
  now: Date;
  timeZone: string;
  prices?: LlmPrices;
}

export const DEFAULT_REPORT_DAYS = 30;

/** The period's days with defaults filled in (not checked for order: the caller decides what to say). */
export function resolveLlmReportPeriod(a: Omit<SummarizeLlmCallsInput, 'prices'>): { since: string; until: string } {
  const until = a.until ?? localParts(a.now, a.timeZone).date;
  return { since: a.since ?? addDays(until, -(DEFAULT_REPORT_DAYS - 1)), until };
}

export async function summarizeLlmCalls(db: Db, a: SummarizeLlmCallsInput): Promise<LlmCallSummary> {
  const { since, until } = resolveLlmReportPeriod(a);
  // Local midnights, so a call at 23:30 on the last day is in and one at 00:10 the next day is out.
  const from = zonedInstant(since, '00:00', a.timeZone);
  const to = zonedInstant(addDays(until, 1), '00:00', a.timeZone);
  // Rows, not SQL aggregates: SQLite has no percentile function, and a month of calls is
  // a few thousand small rows.
  const calls = await db.llmCall.findMany({
    where: { createdAt: { gte: from, lt: to } },
    select: {
      purpose: true,
      provider: true,
      model: true,
      promptId: true,
      promptVersion: true,
      tokensIn: true,
      tokensOut: true,
      latencyMs: true,
      outcome: true,
    },
  });

  const groups = new Map<string, typeof calls>();
  for (const c of calls) {
    const key = JSON.stringify([c.purpose, c.provider, c.model, c.promptId, c.promptVersion]);
    const group = groups.get(key);
    if (group) group.push(c);
    else groups.set(key, [c]);
  }
  const rows: LlmUsageRow[] = [...groups.values()]
    .map((g) => {
      const usage = summarizeUsage(g, a.prices);
      return {
        purpose: g[0].purpose,
        provider: g[0].provider,
        model: g[0].model,
        promptId: g[0].promptId,
        promptVersion: g[0].promptVersion,
        ...usage,
        latencyP50Ms: usage.latencyP50Ms!,
        latencyP95Ms: usage.latencyP95Ms!,
      };
    })
    .sort(compareRows);
  return { since, until, rows, totals: summarizeUsage(calls, a.prices), ...(a.prices ? { prices: a.prices } : {}) };
}

interface CallFacts {
  tokensIn: number | null;
  tokensOut: number | null;
  latencyMs: number;
  outcome: string;
}

function summarizeUsage(calls: CallFacts[], prices: LlmPrices | undefined): LlmUsage {
  const outcomes: LlmOutcomeCounts = { ok: 0, rejected: 0, timeout: 0, error: 0 };
  let tokensIn = 0;
  let tokensOut = 0;
  let callsWithoutTokens = 0;
  for (const c of calls) {
    outcomes[c.outcome] = (outcomes[c.outcome] ?? 0) + 1;
    tokensIn += c.tokensIn ?? 0;
    tokensOut += c.tokensOut ?? 0;
    if (c.tokensIn === null || c.tokensOut === null) callsWithoutTokens++;
  }
  const latencies = calls.map((c) => c.latencyMs).sort((x, y) => x - y);
  return {
    calls: calls.length,
    outcomes,
    tokensIn,
    tokensOut,
    callsWithoutTokens,
    latencyP50Ms: percentile(latencies, 50),
    latencyP95Ms: percentile(latencies, 95),
    ...(prices ? { cost: estimateCost(tokensIn, tokensOut, prices) } : {}),
  };
}

/** Nearest rank: always a latency that was measured, never an interpolated one. */
export function percentile(sorted: number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
}

export function estimateCost(tokensIn: number, tokensOut: number, prices: LlmPrices): number {
  const cost = (tokensIn * prices.inputPer1M + tokensOut * prices.outputPer1M) / 1_000_000;
  // to a millionth of the currency: hides float noise such as 1.6199999999999999
  return Math.round(cost * 1_000_000) / 1_000_000;
}

function compareRows(x: LlmUsageRow, y: LlmUsageRow): number {
  const opts = { numeric: true } as const;
  return (
    x.purpose.localeCompare(y.purpose, 'en', opts) ||
    // the first provider before the fallback that took over from it
    Number(x.provider !== 'primary') - Number(y.provider !== 'primary') ||
    x.provider.localeCompare(y.provider, 'en', opts) ||
    x.model.localeCompare(y.model, 'en', opts) ||
    x.promptId.localeCompare(y.promptId, 'en', opts) ||
    x.promptVersion.localeCompare(y.promptVersion, 'en', opts)
  );
}
