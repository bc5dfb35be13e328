// Month-end forecast of orders (预测):
//
//   projected = done + fresh × daysLeft + Σ_g open_g × p_g
//
// - done: orders so far this month (funnel rule: orderedAt before the board day);
// - open_g: the scope's pipeline now: leads holding open grade g (H, A, B, C) who were
//   active in the last 90 days (became a lead, or were regraded, then); a customer who
//   never became a lead (leadAt null: a web chat visitor without a phone or a booking)
//   is in no pipeline, now or in the calibration;
// - p_g: the store's own probability that a customer holding grade g on the comparable
//   day of a past month (same day of month, clipped) orders by that month's end. For each
//   of the 3 months before, the grade each customer held at the start of that day is
//   rebuilt from the grade_change interactions (the latest one in the 90 days before;
//   a lead from those 90 days without any change holds C; anyone who had
//   ordered or been lost by then is not in the pipeline). Pooled over the months as
//   (ordered + ½) / (holding + 1), so a grade seen rarely is not 0 or 1;
// - fresh: the run rate of the orders the pipeline does not explain (customers who came
//   later, or were dormant): per remaining working day in those months, (all orders
//   from the comparable day to month end − the pipeline's orders) / working days left.
//   Counting it separately keeps the pipeline's orders from being counted twice;
// - the range is an 80% interval from the variance of the remaining orders: Σ n p (1−p)
//   of the pipeline (binomial) + the fresh orders (Poisson) + how much the fresh rate
//   varied between the months (× daysLeft²), with a normal approximation (z = 1.2816).
// Without any history (a new store), p_g is unknown: projected = done + this month's
// working-day run rate × days left, weights {}, a Poisson range.
import { Prisma } from '../../generated/prisma/client.js';
import { zonedInstant } from '../../infra/storeTime.js';
import type { Db } from '../../store/createPrisma.js';
import type { Forecast } from './boardTypes.js';
import {
  addDaysToInstant,
  monthProgress,
  monthRange,
  periodOf,
  previousPeriod,
  sameDayIn,
  workingDatesBetween,
  nextPeriod,
  monthStart,
} from '../calendar/workingDays.js';

const OPEN_GRADES = ['H', 'A', 'B', 'C'] as const;
const WINDOW_DAYS = 90;
const CALIBRATION_MONTHS = 3;
const Z80 = 1.2816;

export interface ForecastDetail extends Forecast {
  done: number;
  daysLeft: number;
  /** fresh orders per remaining working day */
  freshRate: number;
  pipeline: Record<string, number>;
  /** how many past months fed the weights */
  calibrationMonths: number;
}

interface Scope {
  storeId: string;
  teamId?: string;
}

export async function computeForecast(
  db: Db,
  args: Scope & { date: string; timeZone: string; salesDays: ReadonlySet<number>; target: number | null },
): Promise<ForecastDetail> {
  const period = periodOf(args.date);
  const boardStart = zonedInstant(args.date, '00:00', args.timeZone);
  const { from: monthFrom } = monthRange(period, args.timeZone);
  const done = await countOrders(db, args, monthFrom, boardStart);
  const raw = await calibrate(db, { ...args, period });
  const cal = calibrationOf(raw, args.teamId ? await teamOfStaff(db, [args.teamId]) : undefined, args.teamId);
  const pipeline = await currentPipeline(db, args, boardStart);
  return forecastFrom({ ...args, period, done, cal, pipeline });
}

/**
 * The forecasts of the store and of each of `teamIds` with the store's queries run once
 * (grouped by consultant, then summed per team by each staff member's team now, which is
 * how the team filter of computeForecast reads): the same numbers as computeForecast per scope.
 */
export async function computeForecasts(
  db: Db,
  args: {
    storeId: string;
    teamIds: readonly string[];
    date: string;
    timeZone: string;
    salesDays: ReadonlySet<number>;
    /** the orders target of the store (key '') and of each team (its id) */
    targets: ReadonlyMap<string, number | null>;
    /** staff id → team id of the staff of `teamIds` (computeBoards has it already) */
    teamOf?: ReadonlyMap<string, string>;
  },
): Promise<{ store: ForecastDetail; teams: Map<string, ForecastDetail> }> {
  const period = periodOf(args.date);
  const boardStart = zonedInstant(args.date, '00:00', args.timeZone);
  const { from: monthFrom } = monthRange(period, args.timeZone);
  const teamOf = args.teamOf ?? (await teamOfStaff(db, args.teamIds));
  const doneBy = await countOrdersByStaff(db, args.storeId, monthFrom, boardStart);
  const raw = await calibrate(db, { ...args, period });
  const pipelineBy = await currentPipelineByOwner(db, args.storeId, boardStart);
  const of = (teamId?: string): ForecastDetail => {
    const inScope = (staffId: string | null) => !teamId || (staffId !== null && teamOf.get(staffId) === teamId);
    let done = 0;
    for (const [staffId, n] of doneBy) if (inScope(staffId)) done += n;
    const pipeline: Record<string, number> = Object.fromEntries(OPEN_GRADES.map((g) => [g, 0]));
    for (const r of pipelineBy) if (inScope(r.ownerId)) pipeline[r.grade] += r.n;
    const cal = calibrationOf(raw, teamOf, teamId);
    return forecastFrom({ ...args, period, done, cal, pipeline, target: args.targets.get(teamId ?? '') ?? null });
  };
  return { store: of(), teams: new Map(args.teamIds.map((id) => [id, of(id)])) };
}

function forecastFrom(a: {
  period: string;
  date: string;
  salesDays: ReadonlySet<number>;
  target: number | null;
  done: number;
  cal: Calibration;
  pipeline: Record<string, number>;
}): ForecastDetail {
  const month = monthProgress(a.period, a.date, a.salesDays);
  const { done, pipeline } = a;
  const daysLeft = month.workingDaysLeft;
  const { hits, freshRates, freshOrders, freshDays } = a.cal;
  const calibrationMonths = freshRates.length;
  if (!calibrationMonths) {
    const rate = month.workingDaysElapsed > 0 ? done / month.workingDaysElapsed : 0;
    const mean = rate * daysLeft;
    const sd = Math.sqrt(mean);
    return finish({ done, mean, sd, target: a.target, weights: {}, daysLeft, freshRate: rate, pipeline, calibrationMonths });
  }
  const weights: Record<string, number> = {};
  // a grade nobody held on the comparable days has no weight: its orders were "fresh" then
  for (const g of OPEN_GRADES) if (hits[g].n > 0) weights[g] = (hits[g].k + 0.5) / (hits[g].n + 1);
  const freshRate = freshDays > 0 ? freshOrders / freshDays : 0;
  let mean = freshRate * daysLeft;
  let variance = mean;
  for (const g of OPEN_GRADES) {
    const n = pipeline[g] ?? 0;
    const p = weights[g] ?? 0;
    mean += n * p;
    variance += n * p * (1 - p);
  }
  if (freshRates.length >= 2) {
    const avg = freshRates.reduce((x, y) => x + y, 0) / freshRates.length;
    const v = freshRates.reduce((x, y) => x + (y - avg) ** 2, 0) / (freshRates.length - 1);
    variance += v * daysLeft * daysLeft;
  }
  return finish({ done, mean, sd: Math.sqrt(variance), target: a.target, weights, daysLeft, freshRate, pipeline, calibrationMonths });
}

/** staff id → team id, for the staff of these teams (any role, active or not: the funnel's team rule). */
async function teamOfStaff(db: Db, teamIds: readonly string[]): Promise<Map<string, string>> {
  const rows = await db.staff.findMany({ where: { teamId: { in: [...teamIds] } }, select: { id: true, teamId: true } });
  return new Map(rows.map((r) => [r.id, r.teamId!]));
}

interface Calibration {
  hits: Record<string, { n: number; k: number }>;
  freshRates: number[];
  freshOrders: number;
  freshDays: number;
}

/** One past month's comparable day, store-wide: who held which grade (and their owner), who ordered, the orders by consultant. */
interface CalibrationMonth {
  holding: Map<string, { grade: string; ownerId: string | null }>;
  orderedBy: Set<string>;
  ordersByStaff: Map<string | null, number>;
  days: number;
}

// Past months do not change once closed, so the store's calibration facts are kept per
// database and (store, period, day, sales days) for a few hours: the digest's team boards
// and the dashboard's repeated boards reuse them. A team's share is derived at each call
// from the staff's teams then (customers' owners are as they were when it was computed).
// Two instances compute the same values from the same rows.
const CACHE_MS = 6 * 3600_000;
const calibrations = new WeakMap<Db, Map<string, { at: number; value: Promise<CalibrationMonth[]> }>>();

function calibrate(
  db: Db,
  args: { storeId: string; period: string; date: string; timeZone: string; salesDays: ReadonlySet<number> },
): Promise<CalibrationMonth[]> {
  let cache = calibrations.get(db);
  if (!cache) calibrations.set(db, (cache = new Map()));
  const key = [args.storeId, args.period, args.date.slice(8), args.timeZone, [...args.salesDays].sort().join('')].join('|');
  const hit = cache.get(key);
  if (hit && Date.now() - hit.at < CACHE_MS) return hit.value;
  const value = calibrateNow(db, args);
  cache.set(key, { at: Date.now(), value });
  if (cache.size > 100) cache.delete(cache.keys().next().value!);
  value.catch(() => cache.delete(key));
  return value;
}

async function calibrateNow(
  db: Db,
  args: { storeId: string; period: string; date: string; timeZone: string; salesDays: ReadonlySet<number> },
): Promise<CalibrationMonth[]> {
  const months: CalibrationMonth[] = [];
  for (let m = 1; m <= CALIBRATION_MONTHS; m++) {
    const p = previousPeriod(args.period, m);
    const day = sameDayIn(p, args.date);
    const s = zonedInstant(day, '00:00', args.timeZone);
    const e = zonedInstant(monthStart(nextPeriod(p)), '00:00', args.timeZone);
    const scope = { storeId: args.storeId };
    months.push({
      holding: await holdingAt(db, scope, s),
      orderedBy: await orderingCustomers(db, scope, s, e),
      ordersByStaff: await countOrdersByStaff(db, args.storeId, s, e),
      days: workingDatesBetween(day, monthStart(nextPeriod(p)), args.salesDays).length,
    });
  }
  return months;
}

/** The calibration of the store (no teamId) or of one team, from the store's facts. */
function calibrationOf(months: CalibrationMonth[], teamOf: ReadonlyMap<string, string> | undefined, teamId: string | undefined): Calibration {
  const inScope = (staffId: string | null) => !teamId || (staffId !== null && teamOf?.get(staffId) === teamId);
  const hits: Record<string, { n: number; k: number }> = Object.fromEntries(OPEN_GRADES.map((g) => [g, { n: 0, k: 0 }]));
  const freshRates: number[] = [];
  let freshOrders = 0;
  let freshDays = 0;
  for (const month of months) {
    let total = 0;
    for (const [staffId, n] of month.ordersByStaff) if (inScope(staffId)) total += n;
    let holding = 0;
    let explained = 0;
    for (const [customerId, { grade, ownerId }] of month.holding) {
      if (!inScope(ownerId)) continue;
      holding++;
      hits[grade].n++;
      if (month.orderedBy.has(customerId)) {
        hits[grade].k++;
        explained++;
      }
    }
    if (!holding && !total) continue;
    const fresh = Math.max(0, total - explained);
    freshOrders += fresh;
    freshDays += month.days;
    if (month.days > 0) freshRates.push(fresh / month.days);
  }
  return { hits, freshRates, freshOrders, freshDays };
}

function finish(a: {
  done: number;
  mean: number;
  sd: number;
  target: number | null;
  weights: Record<string, number>;
  daysLeft: number;
  freshRate: number;
  pipeline: Record<string, number>;
  calibrationMonths: number;
}): ForecastDetail {
  const round2 = (x: number) => Math.round(x * 100) / 100;
  return {
    metric: 'orders',
    projected: Math.round(a.done + a.mean),
    low: a.done + Math.max(0, Math.floor(a.mean - Z80 * a.sd)),
    high: a.done + Math.ceil(a.mean + Z80 * a.sd),
    target: a.target,
    weights: Object.fromEntries(Object.entries(a.weights).map(([g, w]) => [g, round2(w)])),
    done: a.done,
    daysLeft: a.daysLeft,
    freshRate: round2(a.freshRate),
    pipeline: a.pipeline,
    calibrationMonths: a.calibrationMonths,
  };
}

const teamSql = (s: Scope, col: string) =>
  s.teamId ? Prisma.sql` AND ${Prisma.raw(col)} IN (SELECT st."id" FROM "Staff" st WHERE st."teamId" = ${s.teamId})` : Prisma.empty;

/** Orders placed in [from, to) by the scope (funnel rule: Order.staffId's team). */
async function countOrders(db: Db, s: Scope, from: Date, to: Date): Promise<number> {
  const r = await db.$queryRaw<{ n: unknown }[]>(Prisma.sql`
    SELECT COUNT(*) AS n FROM "Order" o JOIN "Customer" c ON c."id" = o."customerId"
    WHERE c."storeId" = ${s.storeId} AND o."status" <> 'cancelled' AND o."orderedAt" >= ${from} AND o."orderedAt" < ${to}${teamSql(s, 'o."staffId"')}`);
  return Number(r[0]?.n ?? 0);
}

/** countOrders of the whole store by Order.staffId (null: nobody's). */
async function countOrdersByStaff(db: Db, storeId: string, from: Date, to: Date): Promise<Map<string | null, number>> {
  const rows = await db.$queryRaw<{ k: string | null; n: unknown }[]>(Prisma.sql`
    SELECT o."staffId" AS k, COUNT(*) AS n FROM "Order" o JOIN "Customer" c ON c."id" = o."customerId"
    WHERE c."storeId" = ${storeId} AND o."status" <> 'cancelled' AND o."orderedAt" >= ${from} AND o."orderedAt" < ${to}
    GROUP BY o."staffId"`);
  return new Map(rows.map((r) => [r.k ?? null, Number(r.n)]));
}

/** Customers (of the scope's owners) who placed an order in [from, to). */
async function orderingCustomers(db: Db, s: Scope, from: Date, to: Date): Promise<Set<string>> {
  const rows = await db.$queryRaw<{ id: string }[]>(Prisma.sql`
    SELECT DISTINCT o."customerId" AS id FROM "Order" o JOIN "Customer" c ON c."id" = o."customerId"
    WHERE c."storeId" = ${s.storeId} AND o."status" <> 'cancelled' AND o."orderedAt" >= ${from} AND o."orderedAt" < ${to}${teamSql(s, 'c."ownerId"')}`);
  return new Set(rows.map((r) => r.id));
}

/** The open grade each customer of the scope held at instant `at`, rebuilt from grade_change events. */
export async function gradesAt(db: Db, s: Scope, at: Date): Promise<Map<string, string>> {
  return new Map([...(await holdingAt(db, s, at))].map(([id, h]) => [id, h.grade]));
}

/** gradesAt with each customer's owner (now). */
async function holdingAt(db: Db, s: Scope, at: Date): Promise<Map<string, { grade: string; ownerId: string | null }>> {
  const since = addDaysToInstant(at, -WINDOW_DAYS);
  const notClosed = Prisma.sql`
    AND NOT EXISTS (SELECT 1 FROM "Order" o WHERE o."customerId" = c."id" AND o."orderedAt" < ${at})
    AND NOT EXISTS (SELECT 1 FROM "Interaction" l WHERE l."customerId" = c."id" AND l."type" = 'lost' AND l."occurredAt" < ${at})`;
  const changed = await db.$queryRaw<{ id: string; owner: string | null; detail: unknown }[]>(Prisma.sql`
    SELECT i."customerId" AS id, c."ownerId" AS owner, i."detail" AS detail
    FROM "Interaction" i
    JOIN (SELECT g."customerId" AS cid, MAX(g."occurredAt") AS last FROM "Interaction" g
          WHERE g."storeId" = ${s.storeId} AND g."type" = 'grade_change' AND g."occurredAt" >= ${since} AND g."occurredAt" < ${at}
          GROUP BY g."customerId") x ON x.cid = i."customerId" AND x.last = i."occurredAt"
    JOIN "Customer" c ON c."id" = i."customerId"
    WHERE i."type" = 'grade_change' AND c."leadAt" IS NOT NULL${teamSql(s, 'c."ownerId"')}${notClosed}`);
  const out = new Map<string, { grade: string; ownerId: string | null }>();
  for (const r of changed) {
    const to = gradeTo(r.detail);
    if (to && (OPEN_GRADES as readonly string[]).includes(to)) out.set(r.id, { grade: to, ownerId: r.owner ?? null });
    else out.delete(r.id);
  }
  const quiet = await db.$queryRaw<{ id: string; owner: string | null }[]>(Prisma.sql`
    SELECT c."id" AS id, c."ownerId" AS owner FROM "Customer" c
    WHERE c."storeId" = ${s.storeId} AND c."leadAt" >= ${since} AND c."leadAt" < ${at}${teamSql(s, 'c."ownerId"')}
      AND NOT EXISTS (SELECT 1 FROM "Interaction" g WHERE g."customerId" = c."id" AND g."type" = 'grade_change' AND g."occurredAt" < ${at})${notClosed}`);
  for (const r of quiet) out.set(r.id, { grade: 'C', ownerId: r.owner ?? null });
  return out;
}

function gradeTo(detail: unknown): string | null {
  let d = detail;
  if (typeof d === 'string') {
    try {
      d = JSON.parse(d);
    } catch {
      return null;
    }
  }
  const to = (d as { to?: unknown } | null)?.to;
  return typeof to === 'string' ? to : null;
}

/**
 * The pipeline now, by the same rule as the calibration: leads whose open grade is their
 * current one and who became a lead or were regraded in the last 90 days.
 */
async function currentPipeline(db: Db, s: Scope, at: Date): Promise<Record<string, number>> {
  const since = addDaysToInstant(at, -WINDOW_DAYS);
  const rows = await db.customer.groupBy({
    by: ['grade'],
    where: {
      storeId: s.storeId,
      grade: { in: [...OPEN_GRADES] },
      ...(s.teamId ? { owner: { teamId: s.teamId } } : {}),
      leadAt: { not: null },
      OR: [{ leadAt: { gte: since, lt: at } }, { interactions: { some: { type: 'grade_change', occurredAt: { gte: since, lt: at } } } }],
    },
    _count: { _all: true },
  });
  const out: Record<string, number> = Object.fromEntries(OPEN_GRADES.map((g) => [g, 0]));
  for (const r of rows) out[r.grade] = r._count._all;
  return out;
}

/** currentPipeline of the whole store by grade and owner. */
async function currentPipelineByOwner(db: Db, storeId: string, at: Date): Promise<{ grade: string; ownerId: string | null; n: number }[]> {
  const since = addDaysToInstant(at, -WINDOW_DAYS);
  const rows = await db.customer.groupBy({
    by: ['grade', 'ownerId'],
    where: {
      storeId,
      grade: { in: [...OPEN_GRADES] },
      leadAt: { not: null },
      OR: [{ leadAt: { gte: since, lt: at } }, { interactions: { some: { type: 'grade_change', occurredAt: { gte: since, lt: at } } } }],
    },
    _count: { _all: true },
  });
  return rows.map((r) => ({ grade: r.grade, ownerId: r.ownerId, n: r._count._all }));
}
