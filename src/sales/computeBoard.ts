// The daily board (每日看板): month-to-date progress against the targets, yesterday's and
// the month's funnel, the bottleneck, the consultants' ranking, today's test drives and
// deliveries and the month-end forecast, for the store or one team.
//
// Periods (store time): the board of day D is read at the 08:30 meeting, so it shows the
// close of D−1. Month-to-date = [first day of D's month 00:00, D 00:00); "yesterday" =
// [D−1 00:00, D 00:00). On the 1st of a month the month-to-date is empty (empty: true,
// the renderers say "no data yet") while yesterday is the last day of the month before.
// Working days elapsed are those before D; D itself is the first of the days left, so
// runRateNeeded is what each of the remaining working days, today included, must bring.
// The bottleneck compares this month-to-date with the same number of days of last month.
// Overdue follow-ups are counted at `now`. All stage counts follow the rules in funnel.ts.
import { addDays, localParts, weekdayOf, zonedInstant } from '../core/storeTime.js';
import type { Db } from '../store/createPrisma.js';
import { TARGET_METRICS, type Board, type MetricProgress, type RankingRow } from './boardTypes.js';
import { computeForecast } from './forecast.js';
import { countFunnel, emptyCounts, findBottleneck, funnelRows, isEmptyCounts, sumCounts, type FunnelCounts } from './funnel.js';
import { maskName } from './maskPersonalData.js';
import { latestTargets, metricOf, runRateNeeded, targetKey } from './targets.js';
import { daysBetween, monthProgress, monthStart, periodOf, previousPeriod, salesDaysOf } from './workingDays.js';

export async function computeBoard(
  db: Db,
  args: { storeId: string; date: string /* YYYY-MM-DD store time: the board's day */; timeZone: string; now: Date; teamId?: string },
): Promise<Board> {
  const { storeId, date, timeZone, now, teamId } = args;
  const store = await db.store.findUniqueOrThrow({ where: { id: storeId } });
  const team = teamId ? await db.team.findFirstOrThrow({ where: { id: teamId, storeId } }) : null;
  const salesDays = salesDaysOf(store.profile);
  const period = periodOf(date);
  const month = monthProgress(period, date, salesDays);
  const at = (d: string) => zonedInstant(d, '00:00', timeZone);
  const dayStart = at(date);
  const monthFrom = at(monthStart(period));
  const scope = { storeId, ...(teamId ? { teamId } : {}) };

  // month to date by consultant: the totals, the ranking and the progress in one pass
  const byStaff = await countFunnel(db, { ...scope, from: monthFrom, to: dayStart, by: 'consultant' });
  const mtd = sumCounts(byStaff.values());
  const yesterday = sumCounts((await countFunnel(db, { ...scope, from: at(addDays(date, -1)), to: dayStart })).values());
  const lastPeriod = previousPeriod(period);
  const lastFrom = at(monthStart(lastPeriod));
  const elapsedDays = daysBetween(monthStart(period), date);
  const lastTo = at(addDays(monthStart(lastPeriod), Math.min(elapsedDays, daysBetween(monthStart(lastPeriod), monthStart(period)))));
  const last = elapsedDays > 0 ? sumCounts((await countFunnel(db, { ...scope, from: lastFrom, to: lastTo })).values()) : emptyCounts();

  const targets = await latestTargets(db, { storeId, period });
  const scopeKind = teamId ? 'team' : 'store';
  const scopeId = teamId ?? storeId;
  const progress: MetricProgress[] = TARGET_METRICS.map((metric) => {
    const target = targets.get(targetKey(metric, scopeKind, scopeId))?.value ?? null;
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
  const lastRows = isEmptyCounts(last) ? null : funnelRows(last);
  const bottleneck = findBottleneck(monthRows, lastRows);

  const ranking = await rankConsultants(db, { storeId, teamId, period, date, timeZone, now, byStaff, targets });
  const overdueFollowUps = await db.followUpTask.count({
    where: { status: 'open', dueAt: { lt: now }, customer: { storeId }, ...(teamId ? { staff: { teamId } } : {}) },
  });
  const today = await todaysAgenda(db, { storeId, teamId, from: dayStart, to: at(addDays(date, 1)), timeZone });
  const ordersTarget = progress.find((p) => p.metric === 'orders')!.target;
  const { metric, projected, low, high, target, weights } = await computeForecast(db, { ...scope, date, timeZone, salesDays, target: ordersTarget });

  return {
    storeId,
    date,
    scope: team ? { kind: 'team', id: team.id, nameZh: team.nameZh, nameEn: team.nameEn } : { kind: 'store' },
    month,
    progress,
    funnel: { yesterday: funnelRows(yesterday), monthToDate: monthRows },
    bottleneck,
    ranking,
    overdueFollowUps,
    today,
    forecast: { metric, projected, low, high, target, weights },
    empty: isEmptyCounts(mtd),
  };
}

async function rankConsultants(
  db: Db,
  a: {
    storeId: string;
    teamId?: string;
    period: string;
    date: string;
    timeZone: string;
    now: Date;
    byStaff: Map<string | null, FunnelCounts>;
    targets: Awaited<ReturnType<typeof latestTargets>>;
  },
): Promise<RankingRow[]> {
  const consultants = await db.staff.findMany({
    where: { storeId: a.storeId, role: 'sales_consultant', active: true, ...(a.teamId ? { teamId: a.teamId } : {}) },
  });
  const ids = consultants.map((c) => c.id);
  const overdue = await db.followUpTask.groupBy({
    by: ['staffId'],
    where: { staffId: { in: ids }, status: 'open', dueAt: { lt: a.now } },
    _count: { _all: true },
  });
  const overdueOf = new Map(overdue.map((r) => [r.staffId, r._count._all]));

  // practice this week (Monday 00:00 store time to now); null for everyone until the store has any
  const hasPractice = (await db.coachingSession.count({ where: { kind: 'practice', staff: { storeId: a.storeId } } })) > 0;
  const practiceOf = new Map<string, { sessions: number; avgScore: number | null }>();
  if (hasPractice) {
    const today = localParts(a.now, a.timeZone).date;
    const weekStart = zonedInstant(addDays(today, 1 - weekdayOf(today)), '00:00', a.timeZone);
    const rows = await db.coachingSession.groupBy({
      by: ['staffId'],
      // finished sessions only: an abandoned one is not practice done
      where: { staffId: { in: ids }, kind: 'practice', status: 'completed', startedAt: { gte: weekStart, lte: a.now } },
      _count: { _all: true },
      _avg: { score: true },
    });
    for (const r of rows) practiceOf.set(r.staffId, { sessions: r._count._all, avgScore: r._avg.score === null ? null : Math.round(r._avg.score * 10) / 10 });
  }

  const rows: RankingRow[] = consultants.map((c) => {
    const counts = a.byStaff.get(c.id) ?? emptyCounts();
    const ordersTarget = a.targets.get(targetKey('orders', 'staff', c.id))?.value ?? null;
    return {
      id: c.id,
      nameZh: c.nameZh,
      nameEn: c.nameEn,
      teamId: c.teamId,
      orders: counts.orders,
      testDrives: counts.test_drives,
      leads: counts.leads,
      ordersTarget,
      pct: ordersTarget && ordersTarget > 0 ? counts.orders / ordersTarget : null,
      overdueFollowUps: overdueOf.get(c.id) ?? 0,
      practice: hasPractice ? (practiceOf.get(c.id) ?? { sessions: 0, avgScore: null }) : null,
    };
  });
  return rows.sort((x, y) => y.orders - x.orders || (y.pct ?? -1) - (x.pct ?? -1) || y.testDrives - x.testDrives || x.id.localeCompare(y.id));
}

/**
 * Today's test drives (live bookings in the day) and deliveries (orders whose deliveredAt
 * falls in the day: a handover planned for today or already done), masked names.
 * `staff` is the staff member's id (renderers name them in their language).
 */
async function todaysAgenda(db: Db, a: { storeId: string; teamId?: string; from: Date; to: Date; timeZone: string }): Promise<Board['today']> {
  const bookings = await db.testDriveBooking.findMany({
    where: {
      slotStart: { gte: a.from, lt: a.to },
      status: { in: ['booked', 'completed'] },
      customer: { storeId: a.storeId },
      ...(a.teamId ? { staff: { teamId: a.teamId } } : {}),
    },
    include: { customer: { select: { name: true } } },
    orderBy: [{ slotStart: 'asc' }, { id: 'asc' }],
  });
  const deliveries = await db.order.findMany({
    where: {
      deliveredAt: { gte: a.from, lt: a.to },
      status: { not: 'cancelled' },
      customer: { storeId: a.storeId },
      ...(a.teamId ? { staff: { teamId: a.teamId } } : {}),
    },
    include: { customer: { select: { name: true } } },
    orderBy: [{ deliveredAt: 'asc' }, { id: 'asc' }],
  });
  return {
    testDrives: bookings.map((b) => ({ at: localParts(b.slotStart, a.timeZone).time, customer: maskName(b.customer.name), modelId: b.modelId, staff: b.staffId })),
    deliveries: deliveries.map((o) => ({ customer: maskName(o.customer.name), modelId: o.modelId, staff: o.staffId })),
  };
}
