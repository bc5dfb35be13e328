// The digest's figures by hand: the same periods and definitions as sales/computeBoard,
// sales/funnel, sales/forecast and sales/buildCallList, read with better-sqlite3 prepared
// statements (no ORM, no driver adapter). The bench asserts that both give identical
// boards and call lists before timing them. Pure calendar and formatting helpers
// (working days, masks, conversions, bottleneck) are shared: they do no I/O.
//
// Written as one would by hand for SQLite: a join of a dated table (Order, FollowUpTask,
// TestDriveBooking) with Customer is written `CROSS JOIN ... WHERE c.id = x.customerId`,
// which makes SQLite walk the date index first (standard SQL, the same rows anywhere);
// with a plain JOIN its planner starts from Customer's storeId index and probes every
// customer of the store (105k probes, ~250 ms a query at scale 350). Customer.onFileAt
// has no index: the on_file count scans the table (NOT INDEXED, SQLite only) instead of
// walking the storeId index and reading every row by rowid.
import Database from 'better-sqlite3';
import { addDays, daysBetween as localDaysBetween, localParts, weekdayOf, zonedInstant } from '../src/infra/storeTime.js';
import { TARGET_METRICS, type Board, type CallListItem, type CallReason, type MetricProgress, type RankingRow } from '../src/sales/board/boardTypes.js';
import { emptyCounts, findBottleneck, funnelRows, isEmptyCounts, sumCounts, type FunnelCounts } from '../src/sales/board/funnel.js';
import { DEFAULT_GRADE_SCHEME } from '../src/sales/followUp/gradeRules.js';
import { maskName, maskPhone } from '../src/sales/privacy/maskPersonalData.js';
import { metricOf, runRateNeeded, targetKey } from '../src/sales/board/targets.js';
import {
  addDaysToInstant,
  daysBetween,
  monthProgress,
  monthRange,
  monthStart,
  nextPeriod,
  periodOf,
  previousPeriod,
  salesDaysOf,
  sameDayIn,
  workingDatesBetween,
} from '../src/sales/calendar/workingDays.js';

/** How Prisma's SQLite adapter stores a DateTime: ISO text with "+00:00". */
const iso = (d: Date) => d.toISOString().replace('Z', '+00:00');
const date = (s: string | null): Date | null => (s === null ? null : new Date(s));

type Row = Record<string, unknown>;
type Scope = { storeId: string; teamId?: string };

export interface Baseline {
  computeBoard(args: { storeId: string; date: string; timeZone: string; now: Date; teamId?: string }): Board;
  buildCallList(args: { staffId: string; date: string; timeZone: string; now: Date; limit?: number }): CallListItem[];
  /** per statement: calls and total ms (for "where does the time go") */
  profile: Map<string, { n: number; ms: number }>;
  close(): void;
}

export function openBaseline(file: string, opts: { profile?: boolean } = {}): Baseline {
  const sq = new Database(file, { readonly: true });
  const statements = new Map<string, Database.Statement>();
  const profile = new Map<string, { n: number; ms: number }>();
  const prep = (sql: string) => {
    let s = statements.get(sql);
    if (!s) statements.set(sql, (s = sq.prepare(sql)));
    return s;
  };
  const all = (name: string, sql: string, ...params: unknown[]): Row[] => {
    const t0 = opts.profile ? performance.now() : 0;
    const rows = prep(sql).all(...params) as Row[];
    if (opts.profile) {
      const p = profile.get(name) ?? { n: 0, ms: 0 };
      p.n++;
      p.ms += performance.now() - t0;
      profile.set(name, p);
    }
    return rows;
  };
  const one = (name: string, sql: string, ...params: unknown[]) => all(name, sql, ...params)[0];

  // ---------------------------------------------------------------- the funnel (funnel.ts rules)
  function countFunnel(q: Scope & { from: Date; to: Date; by: 'none' | 'consultant' }): Map<string | null, FunnelCounts> {
    const grouped = q.by === 'consultant';
    const key = (src: 'customer' | 'order') => (grouped ? (src === 'order' ? 'o."staffId"' : 'c."ownerId"') : `''`);
    const team = q.teamId ? ` AND s."teamId" = ?` : '';
    const tp = q.teamId ? [q.teamId] : [];
    const gb = (src: 'customer' | 'order') => (grouped ? `GROUP BY ${key(src)}` : '');
    const f = iso(q.from);
    const t = iso(q.to);
    const out = new Map<string | null, FunnelCounts>();
    const at = (k: unknown) => {
      const kk = k === null || k === undefined || k === '' ? null : String(k);
      let c = out.get(kk);
      if (!c) out.set(kk, (c = emptyCounts()));
      return c;
    };
    for (const r of all(
      'funnel.leads',
      `SELECT ${key('customer')} AS k, COUNT(*) AS n FROM "Customer" c LEFT JOIN "Staff" s ON s."id" = c."ownerId"
        WHERE c."storeId" = ? AND c."createdAt" >= ? AND c."createdAt" < ?${team} ${gb('customer')}`,
      q.storeId,
      f,
      t,
      ...tp,
    ))
      at(r.k).leads += Number(r.n);
    for (const r of all(
      'funnel.on_file',
      `SELECT ${key('customer')} AS k, COUNT(*) AS n FROM "Customer" c NOT INDEXED LEFT JOIN "Staff" s ON s."id" = c."ownerId"
        WHERE c."storeId" = ? AND c."onFileAt" >= ? AND c."onFileAt" < ?${team} ${gb('customer')}`,
      q.storeId,
      f,
      t,
      ...tp,
    ))
      at(r.k).on_file += Number(r.n);
    for (const r of all(
      'funnel.events',
      `SELECT i."type" AS t, ${key('customer')} AS k, COUNT(DISTINCT i."customerId") AS n
        FROM "Interaction" i JOIN "Customer" c ON c."id" = i."customerId" LEFT JOIN "Staff" s ON s."id" = c."ownerId"
        WHERE i."storeId" = ? AND i."type" IN ('visit', 'test_drive', 'quote') AND i."occurredAt" >= ? AND i."occurredAt" < ?${team}
        GROUP BY i."type"${grouped ? `, ${key('customer')}` : ''}`,
      q.storeId,
      f,
      t,
      ...tp,
    )) {
      const stage = r.t === 'visit' ? 'visits' : r.t === 'test_drive' ? 'test_drives' : 'quotes';
      at(r.k)[stage] += Number(r.n);
    }
    for (const r of all(
      'funnel.orders',
      `SELECT ${key('order')} AS k, COUNT(*) AS n FROM "Order" o CROSS JOIN "Customer" c LEFT JOIN "Staff" s ON s."id" = o."staffId"
        WHERE c."id" = o."customerId" AND c."storeId" = ? AND o."status" <> 'cancelled' AND o."orderedAt" >= ? AND o."orderedAt" < ?${team} ${gb('order')}`,
      q.storeId,
      f,
      t,
      ...tp,
    ))
      at(r.k).orders += Number(r.n);
    for (const r of all(
      'funnel.deliveries',
      `SELECT ${key('order')} AS k, COUNT(*) AS n, SUM(o."priceCny") AS v FROM "Order" o CROSS JOIN "Customer" c LEFT JOIN "Staff" s ON s."id" = o."staffId"
        WHERE c."id" = o."customerId" AND c."storeId" = ? AND o."status" <> 'cancelled' AND o."deliveredAt" >= ? AND o."deliveredAt" < ?${team} ${gb('order')}`,
      q.storeId,
      f,
      t,
      ...tp,
    )) {
      at(r.k).deliveries += Number(r.n);
      at(r.k).revenue += Number(r.v ?? 0);
    }
    return out;
  }

  // ---------------------------------------------------------------- the forecast (forecast.ts)
  const OPEN_GRADES = ['H', 'A', 'B', 'C'] as const;
  const teamIn = (s: Scope, col: string) => (s.teamId ? ` AND ${col} IN (SELECT st."id" FROM "Staff" st WHERE st."teamId" = ?)` : '');
  const tparam = (s: Scope) => (s.teamId ? [s.teamId] : []);
  const countOrders = (s: Scope, from: Date, to: Date) =>
    Number(
      one(
        'forecast.countOrders',
        `SELECT COUNT(*) AS n FROM "Order" o CROSS JOIN "Customer" c
      WHERE c."id" = o."customerId" AND c."storeId" = ? AND o."status" <> 'cancelled' AND o."orderedAt" >= ? AND o."orderedAt" < ?${teamIn(s, 'o."staffId"')}`,
        s.storeId,
        iso(from),
        iso(to),
        ...tparam(s),
      ).n,
    );
  const orderingCustomers = (s: Scope, from: Date, to: Date) =>
    new Set(
      all(
        'forecast.orderingCustomers',
        `SELECT DISTINCT o."customerId" AS id FROM "Order" o CROSS JOIN "Customer" c
      WHERE c."id" = o."customerId" AND c."storeId" = ? AND o."status" <> 'cancelled' AND o."orderedAt" >= ? AND o."orderedAt" < ?${teamIn(s, 'c."ownerId"')}`,
        s.storeId,
        iso(from),
        iso(to),
        ...tparam(s),
      ).map((r) => String(r.id)),
    );
  function gradesAt(s: Scope, atD: Date): Map<string, string> {
    const at = iso(atD);
    const since = iso(addDaysToInstant(atD, -90));
    const notClosed = `
      AND NOT EXISTS (SELECT 1 FROM "Order" o WHERE o."customerId" = c."id" AND o."orderedAt" < ?)
      AND NOT EXISTS (SELECT 1 FROM "Interaction" l WHERE l."customerId" = c."id" AND l."type" = 'lost' AND l."occurredAt" < ?)`;
    const changed = all(
      'forecast.gradesAt.changed',
      `SELECT i."customerId" AS id, i."detail" AS detail FROM "Interaction" i
      JOIN (SELECT g."customerId" AS cid, MAX(g."occurredAt") AS last FROM "Interaction" g
            WHERE g."storeId" = ? AND g."type" = 'grade_change' AND g."occurredAt" >= ? AND g."occurredAt" < ?
            GROUP BY g."customerId") x ON x.cid = i."customerId" AND x.last = i."occurredAt"
      JOIN "Customer" c ON c."id" = i."customerId"
      WHERE i."type" = 'grade_change'${teamIn(s, 'c."ownerId"')}${notClosed}`,
      s.storeId,
      since,
      at,
      ...tparam(s),
      at,
      at,
    );
    const out = new Map<string, string>();
    for (const r of changed) {
      let to: unknown = null;
      try {
        to = (JSON.parse(String(r.detail)) as { to?: unknown } | null)?.to ?? null;
      } catch {
        to = null;
      }
      if (typeof to === 'string' && (OPEN_GRADES as readonly string[]).includes(to)) out.set(String(r.id), to);
      else out.delete(String(r.id));
    }
    for (const r of all(
      'forecast.gradesAt.quiet',
      `SELECT c."id" AS id FROM "Customer" c
      WHERE c."storeId" = ? AND c."createdAt" >= ? AND c."createdAt" < ?${teamIn(s, 'c."ownerId"')}
        AND NOT EXISTS (SELECT 1 FROM "Interaction" g WHERE g."customerId" = c."id" AND g."type" = 'grade_change' AND g."occurredAt" < ?)${notClosed}`,
      s.storeId,
      since,
      at,
      ...tparam(s),
      at,
      at,
      at,
    ))
      out.set(String(r.id), 'C');
    return out;
  }
  // the same per-process reuse of a closed month's calibration as forecast.ts
  const calibrations = new Map<string, ReturnType<typeof calibrateNow>>();
  function calibrateNow(s: Scope & { period: string; date: string; timeZone: string; salesDays: ReadonlySet<number> }) {
    const hits: Record<string, { n: number; k: number }> = Object.fromEntries(OPEN_GRADES.map((g) => [g, { n: 0, k: 0 }]));
    const freshRates: number[] = [];
    let freshOrders = 0;
    let freshDays = 0;
    for (let m = 1; m <= 3; m++) {
      const p = previousPeriod(s.period, m);
      const day = sameDayIn(p, s.date);
      const from = zonedInstant(day, '00:00', s.timeZone);
      const to = zonedInstant(monthStart(nextPeriod(p)), '00:00', s.timeZone);
      const holding = gradesAt(s, from);
      const orderedBy = orderingCustomers(s, from, to);
      const total = countOrders(s, from, to);
      if (!holding.size && !total) continue;
      let explained = 0;
      for (const [customerId, g] of holding) {
        hits[g].n++;
        if (orderedBy.has(customerId)) {
          hits[g].k++;
          explained++;
        }
      }
      const days = workingDatesBetween(day, monthStart(nextPeriod(p)), s.salesDays).length;
      const fresh = Math.max(0, total - explained);
      freshOrders += fresh;
      freshDays += days;
      if (days > 0) freshRates.push(fresh / days);
    }
    return { hits, freshRates, freshOrders, freshDays };
  }
  function forecast(s: Scope & { date: string; timeZone: string; salesDays: ReadonlySet<number>; target: number | null }): Board['forecast'] {
    const period = periodOf(s.date);
    const month = monthProgress(period, s.date, s.salesDays);
    const boardStart = zonedInstant(s.date, '00:00', s.timeZone);
    const done = countOrders(s, monthRange(period, s.timeZone).from, boardStart);
    const daysLeft = month.workingDaysLeft;
    const ckey = [s.storeId, s.teamId ?? '', period, s.date.slice(8), [...s.salesDays].sort().join('')].join('|');
    let cal = calibrations.get(ckey);
    if (!cal) calibrations.set(ckey, (cal = calibrateNow({ ...s, period })));
    const since = iso(addDaysToInstant(boardStart, -90));
    const at = iso(boardStart);
    const pipeline: Record<string, number> = Object.fromEntries(OPEN_GRADES.map((g) => [g, 0]));
    for (const r of all(
      'forecast.pipeline',
      `SELECT c."grade" AS g, COUNT(*) AS n FROM "Customer" c
      WHERE c."storeId" = ? AND c."grade" IN ('H', 'A', 'B', 'C')${s.teamId ? ` AND c."ownerId" IN (SELECT st."id" FROM "Staff" st WHERE st."teamId" = ?)` : ''}
        AND ((c."createdAt" >= ? AND c."createdAt" < ?) OR EXISTS (SELECT 1 FROM "Interaction" i WHERE i."customerId" = c."id" AND i."type" = 'grade_change' AND i."occurredAt" >= ? AND i."occurredAt" < ?))
      GROUP BY c."grade"`,
      s.storeId,
      ...tparam(s),
      since,
      at,
      since,
      at,
    ))
      pipeline[String(r.g)] = Number(r.n);
    const finish = (mean: number, sd: number, weights: Record<string, number>) => ({
      metric: 'orders' as const,
      projected: Math.round(done + mean),
      low: done + Math.max(0, Math.floor(mean - 1.2816 * sd)),
      high: done + Math.ceil(mean + 1.2816 * sd),
      target: s.target,
      weights: Object.fromEntries(Object.entries(weights).map(([g, w]) => [g, Math.round(w * 100) / 100])),
    });
    if (!cal.freshRates.length) {
      const rate = month.workingDaysElapsed > 0 ? done / month.workingDaysElapsed : 0;
      const mean = rate * daysLeft;
      return finish(mean, Math.sqrt(mean), {});
    }
    const weights: Record<string, number> = {};
    for (const g of OPEN_GRADES) weights[g] = (cal.hits[g].k + 0.5) / (cal.hits[g].n + 1);
    const freshRate = cal.freshDays > 0 ? cal.freshOrders / cal.freshDays : 0;
    let mean = freshRate * daysLeft;
    let variance = mean;
    for (const g of OPEN_GRADES) {
      mean += pipeline[g] * weights[g];
      variance += pipeline[g] * weights[g] * (1 - weights[g]);
    }
    if (cal.freshRates.length >= 2) {
      const avg = cal.freshRates.reduce((a, b) => a + b, 0) / cal.freshRates.length;
      const v = cal.freshRates.reduce((a, b) => a + (b - avg) ** 2, 0) / (cal.freshRates.length - 1);
      variance += v * daysLeft * daysLeft;
    }
    return finish(mean, Math.sqrt(variance), weights);
  }

  // ---------------------------------------------------------------- the board (computeBoard.ts)
  function computeBoard(args: { storeId: string; date: string; timeZone: string; now: Date; teamId?: string }): Board {
    const { storeId, date: day, timeZone, now, teamId } = args;
    const store = one('board.store', `SELECT "profile" FROM "Store" WHERE "id" = ?`, storeId);
    if (!store) throw new Error(`no store ${storeId}`);
    const team = teamId ? one('board.team', `SELECT "id", "nameZh", "nameEn" FROM "Team" WHERE "id" = ? AND "storeId" = ?`, teamId, storeId) : null;
    if (teamId && !team) throw new Error(`no team ${teamId}`);
    const salesDays = salesDaysOf(JSON.parse(String(store.profile)));
    const period = periodOf(day);
    const month = monthProgress(period, day, salesDays);
    const at = (d: string) => zonedInstant(d, '00:00', timeZone);
    const dayStart = at(day);
    const scope: Scope = { storeId, ...(teamId ? { teamId } : {}) };
    const byStaff = countFunnel({ ...scope, from: at(monthStart(period)), to: dayStart, by: 'consultant' });
    const mtd = sumCounts(byStaff.values());
    const yesterday = sumCounts(countFunnel({ ...scope, from: at(addDays(day, -1)), to: dayStart, by: 'none' }).values());
    const lastPeriod = previousPeriod(period);
    const elapsedDays = daysBetween(monthStart(period), day);
    const lastTo = at(addDays(monthStart(lastPeriod), Math.min(elapsedDays, daysBetween(monthStart(lastPeriod), monthStart(period)))));
    const last = elapsedDays > 0 ? sumCounts(countFunnel({ ...scope, from: at(monthStart(lastPeriod)), to: lastTo, by: 'none' }).values()) : emptyCounts();

    const targets = new Map<string, number>();
    for (const r of all(
      'board.targets',
      `SELECT "metric", "scope", "scopeId", "value" FROM "Target" WHERE "storeId" = ? AND "period" = ? ORDER BY "createdAt" DESC, "id" DESC`,
      storeId,
      period,
    )) {
      const k = targetKey(String(r.metric), String(r.scope), String(r.scopeId));
      if (!targets.has(k)) targets.set(k, Number(r.value));
    }
    const progress: MetricProgress[] = TARGET_METRICS.map((metric) => {
      const target = targets.get(targetKey(metric, teamId ? 'team' : 'store', teamId ?? storeId)) ?? null;
      const actual = metricOf(mtd, metric);
      return {
        metric,
        target,
        actual,
        pct: target && target > 0 ? actual / target : null,
        runRateNeeded: runRateNeeded(target, actual, month.workingDaysLeft),
        gap: target === null ? null : target - actual,
      };
    });
    const monthRows = funnelRows(mtd);
    const bottleneck = findBottleneck(monthRows, isEmptyCounts(last) ? null : funnelRows(last));

    // ranking
    const consultants = all(
      'board.consultants',
      `SELECT "id", "nameZh", "nameEn", "teamId" FROM "Staff" WHERE "storeId" = ? AND "role" = 'sales_consultant' AND "active" = 1${teamId ? ` AND "teamId" = ?` : ''}`,
      storeId,
      ...(teamId ? [teamId] : []),
    );
    const ids = consultants.map((c) => String(c.id));
    const overdueOf = new Map<string, number>();
    if (ids.length) {
      for (const r of all(
        'board.overdueByStaff',
        `SELECT "staffId" AS id, COUNT(*) AS n FROM "FollowUpTask" WHERE "staffId" IN (SELECT value FROM json_each(?)) AND "status" = 'open' AND "dueAt" < ? GROUP BY "staffId"`,
        JSON.stringify(ids),
        iso(now),
      ))
        overdueOf.set(String(r.id), Number(r.n));
    }
    const hasPractice =
      Number(
        one(
          'board.hasPractice',
          `SELECT COUNT(*) AS n FROM "CoachingSession" cs JOIN "Staff" s ON s."id" = cs."staffId" WHERE cs."kind" = 'practice' AND s."storeId" = ?`,
          storeId,
        ).n,
      ) > 0;
    const practiceOf = new Map<string, { sessions: number; avgScore: number | null }>();
    if (hasPractice) {
      const today = localParts(now, timeZone).date;
      const weekStart = zonedInstant(addDays(today, 1 - weekdayOf(today)), '00:00', timeZone);
      for (const r of all(
        'board.practice',
        `SELECT "staffId" AS id, COUNT(*) AS n, AVG("score") AS a FROM "CoachingSession" WHERE "staffId" IN (SELECT value FROM json_each(?)) AND "kind" = 'practice' AND "startedAt" >= ? AND "startedAt" <= ? GROUP BY "staffId"`,
        JSON.stringify(ids),
        iso(weekStart),
        iso(now),
      )) {
        practiceOf.set(String(r.id), { sessions: Number(r.n), avgScore: r.a === null ? null : Math.round(Number(r.a) * 10) / 10 });
      }
    }
    const ranking: RankingRow[] = consultants.map((c) => {
      const counts = byStaff.get(String(c.id)) ?? emptyCounts();
      const ordersTarget = targets.get(targetKey('orders', 'staff', String(c.id))) ?? null;
      return {
        id: String(c.id),
        nameZh: String(c.nameZh),
        nameEn: String(c.nameEn),
        teamId: (c.teamId as string | null) ?? null,
        orders: counts.orders,
        testDrives: counts.test_drives,
        leads: counts.leads,
        ordersTarget,
        pct: ordersTarget && ordersTarget > 0 ? counts.orders / ordersTarget : null,
        overdueFollowUps: overdueOf.get(String(c.id)) ?? 0,
        practice: hasPractice ? (practiceOf.get(String(c.id)) ?? { sessions: 0, avgScore: null }) : null,
      };
    });
    ranking.sort((x, y) => y.orders - x.orders || (y.pct ?? -1) - (x.pct ?? -1) || y.testDrives - x.testDrives || x.id.localeCompare(y.id));

    const teamOfStaff = (col: string) => (teamId ? ` AND ${col} IN (SELECT st."id" FROM "Staff" st WHERE st."teamId" = ?)` : '');
    const tp = teamId ? [teamId] : [];
    const overdueFollowUps = Number(
      one(
        'board.overdue',
        `SELECT COUNT(*) AS n FROM "FollowUpTask" t CROSS JOIN "Customer" c
      WHERE c."id" = t."customerId" AND t."status" = 'open' AND t."dueAt" < ? AND c."storeId" = ?${teamOfStaff('t."staffId"')}`,
        iso(now),
        storeId,
        ...tp,
      ).n,
    );
    const from = iso(dayStart);
    const to = iso(at(addDays(day, 1)));
    const drives = all(
      'board.todayDrives',
      `SELECT b."slotStart" AS at, c."name" AS name, b."modelId" AS m, b."staffId" AS s FROM "TestDriveBooking" b CROSS JOIN "Customer" c
      WHERE c."id" = b."customerId" AND b."slotStart" >= ? AND b."slotStart" < ? AND b."status" IN ('booked', 'completed') AND c."storeId" = ?${teamOfStaff('b."staffId"')} ORDER BY b."slotStart", b."id"`,
      from,
      to,
      storeId,
      ...tp,
    );
    const deliveries = all(
      'board.todayDeliveries',
      `SELECT c."name" AS name, o."modelId" AS m, o."staffId" AS s FROM "Order" o CROSS JOIN "Customer" c
      WHERE c."id" = o."customerId" AND o."deliveredAt" >= ? AND o."deliveredAt" < ? AND o."status" <> 'cancelled' AND c."storeId" = ?${teamOfStaff('o."staffId"')} ORDER BY o."deliveredAt", o."id"`,
      from,
      to,
      storeId,
      ...tp,
    );
    const ordersTarget = progress.find((p) => p.metric === 'orders')!.target;
    return {
      storeId,
      date: day,
      scope: team ? { kind: 'team', id: String(team.id), nameZh: String(team.nameZh), nameEn: String(team.nameEn) } : { kind: 'store' },
      month,
      progress,
      funnel: { yesterday: funnelRows(yesterday), monthToDate: monthRows },
      bottleneck,
      ranking,
      overdueFollowUps,
      today: {
        testDrives: drives.map((r) => ({
          at: localParts(new Date(String(r.at)), timeZone).time,
          customer: maskName(r.name as string | null),
          modelId: String(r.m),
          staff: (r.s as string | null) ?? null,
        })),
        deliveries: deliveries.map((r) => ({ customer: maskName(r.name as string | null), modelId: String(r.m), staff: (r.s as string | null) ?? null })),
      },
      forecast: forecast({ ...scope, date: day, timeZone, salesDays, target: ordersTarget }),
      empty: isEmptyCounts(mtd),
    };
  }

  // ---------------------------------------------------------------- the call list (buildCallList.ts)
  const GRADE_SCORE: Record<string, number> = { H: 40, A: 30, O: 25, B: 20, C: 10 };
  const HOUR = 3_600_000;
  const DAY = 86_400_000;
  const C = `c."id" AS cid, c."name" AS cname, c."phone" AS cphone, c."grade" AS cgrade, c."intendedModelId" AS cmodel, c."lastContactAt" AS clast, c."optOutAt" AS copt, c."anonymisedAt" AS canon`;
  interface Cust {
    id: string;
    name: string | null;
    phone: string | null;
    grade: string;
    intendedModelId: string | null;
    lastContactAt: Date | null;
    optOutAt: Date | null;
    anonymisedAt: Date | null;
  }
  const cust = (r: Row): Cust => ({
    id: String(r.cid),
    name: r.cname as string | null,
    phone: r.cphone as string | null,
    grade: String(r.cgrade),
    intendedModelId: r.cmodel as string | null,
    lastContactAt: date(r.clast as string | null),
    optOutAt: date(r.copt as string | null),
    anonymisedAt: date(r.canon as string | null),
  });

  function buildCallList(args: { staffId: string; date: string; timeZone: string; now: Date; limit?: number }): CallListItem[] {
    const { staffId, date: day, timeZone, now } = args;
    const startOfDay = zonedInstant(day, '00:00', timeZone);
    const endOfDay = zonedInstant(addDays(day, 1), '00:00', timeZone);
    const grades = DEFAULT_GRADE_SCHEME.rules;
    const tasks = all(
      'calls.tasks',
      `SELECT t."id" AS id, t."kind" AS kind, t."reason" AS reason, t."dueAt" AS due, t."dedupeKey" AS dk, ${C}
      FROM "FollowUpTask" t JOIN "Customer" c ON c."id" = t."customerId"
      WHERE t."staffId" = ? AND t."status" = 'open' AND t."dueAt" < ? AND c."anonymisedAt" IS NULL ORDER BY t."dueAt"`,
      staffId,
      iso(endOfDay),
    );
    const drives = all(
      'calls.drives',
      `SELECT b."id" AS id, b."slotStart" AS slot, ${C} FROM "TestDriveBooking" b JOIN "Customer" c ON c."id" = b."customerId"
      WHERE b."staffId" = ? AND b."status" IN ('booked', 'completed') AND b."slotStart" >= ? AND b."slotStart" < ? ORDER BY b."slotStart"`,
      staffId,
      iso(startOfDay),
      iso(endOfDay),
    );
    const feedback = all(
      'calls.feedback',
      `SELECT b."id" AS id, b."slotStart" AS slot, ${C} FROM "TestDriveBooking" b JOIN "Customer" c ON c."id" = b."customerId"
      WHERE b."staffId" = ? AND b."status" IN ('booked', 'completed') AND b."feedbackScore" IS NULL AND b."slotStart" >= ? AND b."slotStart" <= ?`,
      staffId,
      iso(new Date(now.getTime() - 25 * HOUR)),
      iso(new Date(now.getTime() - HOUR)),
    );
    const silentHot = all(
      'calls.silentHot',
      `SELECT ${C} FROM "Customer" c
      WHERE c."ownerId" = ? AND c."anonymisedAt" IS NULL AND c."optOutAt" IS NULL
        AND ((c."grade" = 'H' AND c."lastContactAt" < ?) OR (c."grade" = 'A' AND c."lastContactAt" < ?))
      ORDER BY c."lastContactAt" LIMIT 200`,
      staffId,
      iso(new Date(now.getTime() - (grades.H.cadenceDays ?? 1) * DAY)),
      iso(new Date(now.getTime() - (grades.A.cadenceDays ?? 1) * DAY)),
    );

    interface Entry {
      customer: Cust;
      reasons: CallReason[];
      score: number;
      taskIds: string[];
      firstDue: number;
      allowedOptedOut: boolean;
    }
    const byCustomer = new Map<string, Entry>();
    const entry = (c: Cust): Entry => {
      let e = byCustomer.get(c.id);
      if (!e)
        byCustomer.set(
          c.id,
          (e = { customer: c, reasons: [], score: GRADE_SCORE[c.grade] ?? 0, taskIds: [], firstDue: Number.POSITIVE_INFINITY, allowedOptedOut: false }),
        );
      return e;
    };
    const add = (e: Entry, reason: CallReason, score: number) => {
      if (e.reasons.some((r) => r.kind === reason.kind && JSON.stringify(r) === JSON.stringify(reason))) return;
      if ((reason.kind === 'overdue' || reason.kind === 'due_today') && e.reasons.some((r) => r.kind === 'overdue' || r.kind === 'due_today')) return;
      e.reasons.push(reason);
      e.score += score;
    };
    for (const d of drives) {
      const e = entry(cust(d));
      const slot = new Date(String(d.slot));
      e.allowedOptedOut = true;
      e.firstDue = Math.min(e.firstDue, slot.getTime());
      add(e, { kind: 'test_drive_today', at: localParts(slot, timeZone).time }, 100);
    }
    for (const t of tasks) {
      const e = entry(cust(t));
      const due = new Date(String(t.due));
      e.taskIds.push(String(t.id));
      e.firstDue = Math.min(e.firstDue, due.getTime());
      const overdueDays = due < startOfDay ? localDaysBetween(localParts(due, timeZone).date, day) : 0;
      switch (t.kind) {
        case 'return_visit': {
          const m = String(t.reason ?? '').match(/day_(\d+)/) ?? String(t.dk ?? '').match(/:d(\d+)$/);
          const d = m ? Number(m[1]) : 0;
          add(e, { kind: 'return_visit', day: d }, d === 1 ? 30 : 25);
          break;
        }
        case 'maintenance':
          add(e, { kind: 'maintenance', due: localParts(due, timeZone).date }, 20);
          break;
        case 'feedback':
          add(e, { kind: 'test_drive_feedback' }, 30);
          break;
        case 'lost_approval':
          e.allowedOptedOut = true;
          add(e, { kind: 'lost_approval' }, 35);
          break;
        case 'test_drive_prep':
          break;
        default:
          if (overdueDays > 0) add(e, { kind: 'overdue', days: overdueDays }, 10 + Math.min(60, 5 * overdueDays));
          else add(e, { kind: 'due_today' }, 15);
      }
    }
    for (const b of feedback) {
      const e = entry(cust(b));
      e.firstDue = Math.min(e.firstDue, new Date(String(b.slot)).getTime() + HOUR);
      add(e, { kind: 'test_drive_feedback' }, 30);
    }
    for (const r of silentHot) {
      const c = cust(r);
      if (byCustomer.has(c.id)) continue;
      const e = entry(c);
      const cadence = grades[c.grade as 'H']?.cadenceDays ?? 0;
      const days = c.lastContactAt ? Math.floor((now.getTime() - c.lastContactAt.getTime()) / DAY) : 0;
      e.firstDue = Math.min(e.firstDue, (c.lastContactAt?.getTime() ?? now.getTime()) + cadence * DAY);
      add(e, { kind: 'silent', days }, 10 + Math.min(30, 2 * Math.max(0, days - cadence)));
    }
    const items: (CallListItem & { firstDue: number })[] = [];
    for (const e of byCustomer.values()) {
      const c = e.customer;
      if (c.anonymisedAt || (c.optOutAt && !e.allowedOptedOut) || !e.reasons.length) continue;
      items.push({
        customerId: c.id,
        name: maskName(c.name),
        phone: maskPhone(c.phone),
        grade: c.grade,
        modelId: c.intendedModelId,
        daysSinceContact: c.lastContactAt ? Math.max(0, localDaysBetween(localParts(c.lastContactAt, timeZone).date, day)) : null,
        reasons: e.reasons,
        score: e.score,
        taskIds: e.taskIds,
        firstDue: e.firstDue,
      });
    }
    items.sort((a, b) => b.score - a.score || a.firstDue - b.firstDue || (a.customerId < b.customerId ? -1 : 1));
    return items.slice(0, args.limit ?? items.length).map(({ firstDue: _f, ...item }) => item);
  }

  return { computeBoard, buildCallList, profile, close: () => sq.close() };
}
