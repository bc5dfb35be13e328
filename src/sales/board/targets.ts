// Targets (销售目标) and their decomposition (目标分解): store → team → consultant and
// month → working day. Target rows are append-only: setting a target again adds a row,
// the newest row for (period, metric, scope, scopeId) wins and the older ones are its
// history.
import type { Target } from '../../generated/prisma/client.js';
import type { Db } from '../../store/createPrisma.js';
import { TARGET_METRICS, type TargetMetric } from './boardTypes.js';
import { countFunnel, type FunnelCounts } from './funnel.js';
import { monthRange, previousPeriod, workingDatesOfMonth } from '../calendar/workingDays.js';

export const TARGET_SCOPES = ['store', 'team', 'staff'] as const;
export type TargetScope = (typeof TARGET_SCOPES)[number];

export function isTargetMetric(s: string): s is TargetMetric {
  return (TARGET_METRICS as readonly string[]).includes(s);
}
export function isTargetScope(s: string): s is TargetScope {
  return (TARGET_SCOPES as readonly string[]).includes(s);
}

interface TargetInput {
  storeId: string;
  period: string;
  metric: TargetMetric;
  scope: TargetScope;
  scopeId: string;
  value: number;
  setById?: string | null;
}

/** A whole number ≥ 0 (a string like "1,200" or " 30 " is accepted), else null. */
export function parseTargetValue(v: unknown): number | null {
  const s = typeof v === 'number' ? String(v) : typeof v === 'string' ? v.trim().replace(/[,，_]/g, '') : '';
  if (!/^\d+$/.test(s)) return null;
  const n = Number(s);
  return Number.isSafeInteger(n) ? n : null;
}

/** Appends a target row (never updates one). */
export async function setTarget(db: Db, input: TargetInput & { now: Date }): Promise<Target> {
  return db.target.create({
    data: {
      storeId: input.storeId,
      period: input.period,
      metric: input.metric,
      scope: input.scope,
      scopeId: input.scopeId,
      value: input.value,
      setById: input.setById ?? null,
      createdAt: input.now,
    },
  });
}

export const targetKey = (metric: string, scope: string, scopeId: string) => `${metric}|${scope}|${scopeId}`;

/**
 * The newest target per (metric, scope, scopeId) of a period, optionally limited to one
 * scope (and scope ids). Keyed by targetKey(metric, scope, scopeId).
 */
export async function latestTargets(
  db: Db,
  args: { storeId: string; period: string; scope?: TargetScope; scopeIds?: string[]; metric?: TargetMetric },
): Promise<Map<string, Target>> {
  const rows = await db.target.findMany({
    where: {
      storeId: args.storeId,
      period: args.period,
      ...(args.scope ? { scope: args.scope } : {}),
      ...(args.scopeIds ? { scopeId: { in: args.scopeIds } } : {}),
      ...(args.metric ? { metric: args.metric } : {}),
    },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
  });
  const out = new Map<string, Target>();
  for (const r of rows) {
    const k = targetKey(r.metric, r.scope, r.scopeId);
    if (!out.has(k)) out.set(k, r);
  }
  return out;
}

/** Every value a target has had, oldest first. */
export async function targetHistory(
  db: Db,
  args: { storeId: string; period: string; metric: TargetMetric; scope: TargetScope; scopeId: string },
): Promise<Target[]> {
  return db.target.findMany({ where: args, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
}

// ------------------------------------------------------------------ arithmetic

/**
 * Splits a whole number by weights with the largest-remainder method: the parts are
 * whole numbers that add up exactly to the total. Zero or missing weights everywhere →
 * equal shares. Ties in the remainder go to the larger weight, then to the earlier item.
 */
export function splitByWeights<T extends { id: string; weight: number }>(total: number, items: readonly T[]): { id: string; value: number }[] {
  if (!items.length) return [];
  const clean = items.map((it) => (Number.isFinite(it.weight) && it.weight > 0 ? it.weight : 0));
  const sum = clean.reduce((a, b) => a + b, 0);
  const weights = sum > 0 ? clean : clean.map(() => 1);
  const wsum = sum > 0 ? sum : items.length;
  const exact = weights.map((w) => (total * w) / wsum);
  const parts = exact.map((x) => Math.floor(x));
  let left = total - parts.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => ({ i, r: x - Math.floor(x), w: weights[i] })).sort((a, b) => b.r - a.r || b.w - a.w || a.i - b.i);
  for (let k = 0; left > 0; k = (k + 1) % order.length, left--) parts[order[k].i]++;
  return items.map((it, i) => ({ id: it.id, value: parts[i] }));
}

/** What each remaining working day must bring (≥ 0); null without a target or days left. */
export function runRateNeeded(target: number | null, actual: number, daysLeft: number): number | null {
  if (target === null || !(daysLeft > 0)) return null;
  return Math.max(0, target - actual) / daysLeft;
}

// ------------------------------------------------------------------ decomposition

/** Configured weights: team or staff id → weight (StoreData.salesRules.targetWeights). */
type TargetWeights = Record<string, number>;

/**
 * Reads `salesRules.targetWeights` from the store data: 'even' (equal shares),
 * 'recent_share' or nothing (the default: recent actuals), or a table { id: weight }
 * (optionally per metric). Undefined means the default.
 */
export function targetWeightsOf(data: unknown, metric?: TargetMetric): TargetWeights | 'even' | undefined {
  const tw = (data as { salesRules?: { targetWeights?: unknown } } | null | undefined)?.salesRules?.targetWeights;
  if (tw === 'even') return 'even';
  if (!tw || typeof tw !== 'object') return undefined;
  // either { id: weight } or { metric: { id: weight } }
  const perMetric = metric ? (tw as Record<string, unknown>)[metric] : undefined;
  const table = perMetric && typeof perMetric === 'object' ? perMetric : tw;
  const out: TargetWeights = {};
  for (const [k, v] of Object.entries(table as Record<string, unknown>)) if (typeof v === 'number' && Number.isFinite(v) && v >= 0) out[k] = v;
  return Object.keys(out).length ? out : undefined;
}

export function metricOf(counts: FunnelCounts, metric: TargetMetric): number {
  return metric === 'orders'
    ? counts.orders
    : metric === 'deliveries'
      ? counts.deliveries
      : metric === 'revenue'
        ? counts.revenue
        : metric === 'test_drives'
          ? counts.test_drives
          : counts.leads;
}

export interface Decomposition {
  period: string;
  metric: TargetMetric;
  total: number;
  /** the level that was split: a team split has one team, whose own target is the total */
  scope: 'store' | 'team';
  /** how the weights were chosen */
  basis: 'configured' | 'history' | 'equal';
  teams: { teamId: string; value: number; staff: { staffId: string; value: number }[] }[];
  /** consultants in no team (a store target only) */
  unteamed: { staffId: string; value: number }[];
  /** the scope's total per working day */
  days: { date: string; value: number }[];
}

/**
 * Splits a store (or team) monthly target down to teams and consultants, and over the
 * month's working days. Weights: the configured ones when given (team and staff ids),
 * else each one's share of that metric's actuals over the 3 months before the period
 * (funnel rules), else equal shares.
 */
export async function decomposeTarget(
  db: Db,
  args: {
    storeId: string;
    period: string;
    metric: TargetMetric;
    total: number;
    scope: 'store' | 'team';
    /** the team id for a team target */
    scopeId?: string;
    timeZone: string;
    salesDays: ReadonlySet<number>;
    /** configured weights, or 'even' for equal shares; default: recent actuals */
    weights?: TargetWeights | 'even';
  },
): Promise<Decomposition> {
  const consultants = await db.staff.findMany({
    where: { storeId: args.storeId, role: 'sales_consultant', active: true, ...(args.scope === 'team' ? { teamId: args.scopeId } : {}) },
    orderBy: { id: 'asc' },
  });
  let basis: Decomposition['basis'] = 'equal';
  let staffWeight: (id: string) => number = () => 0;
  let teamWeight: ((id: string) => number) | null = null;
  if (args.weights === 'even') {
    // equal shares per consultant (below)
  } else if (args.weights && Object.keys(args.weights).length) {
    const w = args.weights;
    basis = 'configured';
    staffWeight = (id) => w[id] ?? 0;
    if (Object.keys(w).some((k) => consultants.some((c) => c.teamId === k))) teamWeight = (id) => w[id] ?? 0;
  } else {
    const from = monthRange(previousPeriod(args.period, 3), args.timeZone).from;
    const to = monthRange(args.period, args.timeZone).from;
    const byStaff = await countFunnel(db, { storeId: args.storeId, from, to, by: 'consultant', ...(args.scope === 'team' ? { teamId: args.scopeId } : {}) });
    const hist = new Map(consultants.map((c) => [c.id, byStaff.get(c.id) ? metricOf(byStaff.get(c.id)!, args.metric) : 0]));
    if ([...hist.values()].some((v) => v > 0)) {
      basis = 'history';
      staffWeight = (id) => hist.get(id) ?? 0;
    }
  }

  const teamIds = [...new Set(consultants.map((c) => c.teamId).filter((t): t is string => !!t))].sort();
  const unteamedStaff = args.scope === 'store' ? consultants.filter((c) => !c.teamId) : [];
  const members = (teamId: string) => consultants.filter((c) => c.teamId === teamId);
  const sumOf = (ids: string[]) => ids.reduce((a, id) => a + staffWeight(id), 0);
  // a team's weight: configured for the team, else its members' sum; unteamed consultants take part as their own unit
  const units = [
    ...teamIds.map((t) => ({ id: `team:${t}`, weight: teamWeight ? teamWeight(t) : sumOf(members(t).map((c) => c.id)) })),
    ...unteamedStaff.map((c) => ({ id: `staff:${c.id}`, weight: staffWeight(c.id) })),
  ];
  // without any weight, equal shares per consultant (not per team)
  const anyWeight = units.some((u) => u.weight > 0);
  if (!anyWeight) for (const u of units) u.weight = u.id.startsWith('team:') ? members(u.id.slice(5)).length : 1;
  const unitValues = args.scope === 'team' ? [{ id: `team:${args.scopeId}`, value: args.total }] : splitByWeights(args.total, units);

  const teams: Decomposition['teams'] = [];
  const unteamed: Decomposition['unteamed'] = [];
  for (const u of unitValues) {
    if (u.id.startsWith('staff:')) {
      unteamed.push({ staffId: u.id.slice(6), value: u.value });
      continue;
    }
    const teamId = u.id.slice(5);
    const people = members(teamId).map((c) => ({ id: c.id, weight: staffWeight(c.id) }));
    teams.push({ teamId, value: u.value, staff: splitByWeights(u.value, people).map((p) => ({ staffId: p.id, value: p.value })) });
  }
  const dates = workingDatesOfMonth(args.period, args.salesDays);
  const days = splitByWeights(
    args.total,
    dates.map((d) => ({ id: d, weight: 1 })),
  ).map((d) => ({ date: d.id, value: d.value }));
  return { period: args.period, metric: args.metric, total: args.total, scope: args.scope, basis, teams, unteamed, days };
}

/** Stores a decomposition's team and staff targets as rows (one transaction). */
export async function saveDecomposition(db: Db, d: Decomposition, args: { storeId: string; setById: string | null; now: Date }): Promise<number> {
  const rows = [
    ...(d.scope === 'store' ? d.teams.map((t) => ({ scope: 'team', scopeId: t.teamId, value: t.value })) : []),
    ...d.teams.flatMap((t) => t.staff.map((s) => ({ scope: 'staff', scopeId: s.staffId, value: s.value }))),
    ...d.unteamed.map((s) => ({ scope: 'staff', scopeId: s.staffId, value: s.value })),
  ];
  await db.$transaction(
    rows.map((r) =>
      db.target.create({
        data: {
          storeId: args.storeId,
          period: d.period,
          metric: d.metric,
          scope: r.scope,
          scopeId: r.scopeId,
          value: r.value,
          setById: args.setById,
          createdAt: args.now,
        },
      }),
    ),
  );
  return rows.length;
}
