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
import { addDays, localParts, weekdayOf, zonedInstant } from '../../infra/storeTime.js';
import { Prisma } from '../../generated/prisma/client.js';
import type { Db } from '../../store/createPrisma.js';
import { TARGET_METRICS, type Board, type MetricProgress, type RankingRow } from './boardTypes.js';
import { computeForecast, computeForecasts, type ForecastDetail } from './forecast.js';
import { countFunnel, emptyCounts, findBottleneck, funnelRows, isEmptyCounts, sumCounts, type FunnelCounts } from './funnel.js';
import { maskName } from '../privacy/maskPersonalData.js';
import { latestTargets, metricOf, runRateNeeded, targetKey } from './targets.js';
import { daysBetween, monthProgress, monthStart, periodOf, previousPeriod, salesDaysOf } from '../calendar/workingDays.js';

interface BoardArgs {
  storeId: string;
  /** YYYY-MM-DD store time: the board's day */
  date: string;
  timeZone: string;
  now: Date;
}

export async function computeBoard(db: Db, args: BoardArgs & { teamId?: string }): Promise<Board> {
  const { storeId, date, timeZone, now, teamId } = args;
  const store = await db.store.findUniqueOrThrow({ where: { id: storeId } });
  const team = teamId ? await db.team.findFirstOrThrow({ where: { id: teamId, storeId } }) : null;
  const salesDays = salesDaysOf(store.profile);
  const p = periods(date, timeZone, salesDays);
  const scope = { storeId, ...(teamId ? { teamId } : {}) };

  // month to date by consultant: the totals, the ranking and the progress in one pass
  const byStaff = await countFunnel(db, { ...scope, from: p.monthFrom, to: p.dayStart, by: 'consultant' });
  const yesterday = sumCounts((await countFunnel(db, { ...scope, from: p.yesterdayFrom, to: p.dayStart })).values());
  const last = p.last ? sumCounts((await countFunnel(db, { ...scope, ...p.last })).values()) : emptyCounts();
  const targets = await latestTargets(db, { storeId, period: p.period });
  const progress = progressOf(targets, teamId ? 'team' : 'store', teamId ?? storeId, sumCounts(byStaff.values()), p.month);

  const consultants = await db.staff.findMany({
    where: { storeId, role: 'sales_consultant', active: true, ...(teamId ? { teamId } : {}) },
  });
  const activity = await consultantActivity(db, { storeId, timeZone, now, ids: consultants.map((c) => c.id) });
  const overdueFollowUps = await db.followUpTask.count({
    where: { status: 'open', dueAt: { lt: now }, customer: { storeId }, ...(teamId ? { staff: { teamId } } : {}) },
  });
  const today = await todaysAgenda(db, { storeId, teamId, from: p.dayStart, to: p.tomorrowFrom, timeZone });
  const ordersTarget = progress.find((x) => x.metric === 'orders')!.target;
  const forecast = await computeForecast(db, { ...scope, date, timeZone, salesDays, target: ordersTarget });
  return assembleBoard({
    storeId,
    date,
    team,
    month: p.month,
    progress,
    byStaff,
    yesterday,
    last,
    consultants,
    activity,
    targets,
    overdueFollowUps,
    today,
    forecast,
  });
}

/**
 * The store's board and each of `teamIds`' boards, the same as computeBoard gives for
 * each scope, with the store's queries run once: the funnel by consultant, the targets,
 * the consultants, the overdue tasks, today's agenda and the forecast are read for the
 * whole store and each team's share is summed from the rows of its members. A team's
 * scope is the funnel's rule (funnel.ts): the staff whose team it is now, any role,
 * active or not (orders by Order.staffId, customer stages by the customer's owner);
 * customers without an owner and orders without a consultant count for the store only.
 * For the morning digest, which needs them all at once.
 */
export async function computeBoards(db: Db, args: BoardArgs & { teamIds: readonly string[] }): Promise<{ store: Board; teams: Map<string, Board> }> {
  const { storeId, date, timeZone, now } = args;
  const teamIds = [...new Set(args.teamIds)];
  const store = await db.store.findUniqueOrThrow({ where: { id: storeId } });
  const teams = await db.team.findMany({ where: { id: { in: teamIds }, storeId } });
  const missing = teamIds.filter((id) => !teams.some((t) => t.id === id));
  if (missing.length) throw new Error(`computeBoards: no team ${missing.join(', ')} in store ${storeId}`);
  const salesDays = salesDaysOf(store.profile);
  const p = periods(date, timeZone, salesDays);

  // staff id → team, for every staff member of these teams (the funnel's team filter joins Staff by id)
  const teamOf = new Map((await db.staff.findMany({ where: { teamId: { in: teamIds } }, select: { id: true, teamId: true } })).map((r) => [r.id, r.teamId!]));
  const inTeam = (teamId: string) => (staffId: string | null | undefined) => staffId != null && teamOf.get(staffId) === teamId;
  const pick = <V>(m: Map<string | null, V>, keep: (k: string | null) => boolean) => new Map([...m].filter(([k]) => keep(k)));

  const byStaff = await countFunnel(db, { storeId, from: p.monthFrom, to: p.dayStart, by: 'consultant' });
  const yesterdayBy = await countFunnel(db, { storeId, from: p.yesterdayFrom, to: p.dayStart, by: 'consultant' });
  const lastBy = p.last ? await countFunnel(db, { storeId, ...p.last, by: 'consultant' }) : new Map<string | null, FunnelCounts>();
  const targets = await latestTargets(db, { storeId, period: p.period });

  const consultants = await db.staff.findMany({ where: { storeId, role: 'sales_consultant', active: true } });
  const activity = await consultantActivity(db, { storeId, timeZone, now, ids: consultants.map((c) => c.id) });
  // the board's overdue follow-ups (computeBoard's count) by staff member; in SQL, as
  // Prisma's groupBy with the customer filter reads several times slower
  const overdue = (
    await db.$queryRaw<{ staffId: string | null; n: unknown }[]>(Prisma.sql`
      SELECT t."staffId" AS "staffId", COUNT(*) AS n FROM "FollowUpTask" t JOIN "Customer" c ON c."id" = t."customerId"
      WHERE c."storeId" = ${storeId} AND t."status" = 'open' AND t."dueAt" < ${now}
      GROUP BY t."staffId"`)
  ).map((r) => ({ staffId: r.staffId ?? null, n: Number(r.n) }));
  const today = await agendaRows(db, { storeId, from: p.dayStart, to: p.tomorrowFrom });

  const scopes = [{ team: null, keep: () => true }, ...teams.map((team) => ({ team, keep: inTeam(team.id) }))];
  const inputs = scopes.map(({ team, keep }) => {
    const mine = team ? pick(byStaff, keep) : byStaff;
    const progress = progressOf(targets, team ? 'team' : 'store', team?.id ?? storeId, sumCounts(mine.values()), p.month);
    return { team, keep, byStaff: mine, progress };
  });
  const forecasts = await computeForecasts(db, {
    storeId,
    teamIds: teams.map((t) => t.id),
    date,
    timeZone,
    salesDays,
    teamOf,
    targets: new Map(inputs.map((x) => [x.team?.id ?? '', x.progress.find((m) => m.metric === 'orders')!.target])),
  });

  const boards = inputs.map(({ team, keep, byStaff: mine, progress }) =>
    assembleBoard({
      storeId,
      date,
      team,
      month: p.month,
      progress,
      byStaff: mine,
      yesterday: sumCounts((team ? pick(yesterdayBy, keep) : yesterdayBy).values()),
      last: p.last ? sumCounts((team ? pick(lastBy, keep) : lastBy).values()) : emptyCounts(),
      consultants: team ? consultants.filter((c) => c.teamId === team.id) : consultants,
      activity,
      targets,
      overdueFollowUps: overdue.filter((r) => !team || keep(r.staffId)).reduce((n, r) => n + r.n, 0),
      today: agendaOf(today, team ? keep : () => true, timeZone),
      forecast: team ? forecasts.teams.get(team.id)! : forecasts.store,
    }),
  );
  return { store: boards[0], teams: new Map(boards.slice(1).map((b, i) => [teams[i].id, b])) };
}

/** The instants of a board's periods (see the top of this file). */
function periods(date: string, timeZone: string, salesDays: ReadonlySet<number>) {
  const at = (d: string) => zonedInstant(d, '00:00', timeZone);
  const period = periodOf(date);
  const lastPeriod = previousPeriod(period);
  const elapsedDays = daysBetween(monthStart(period), date);
  const lastTo = at(addDays(monthStart(lastPeriod), Math.min(elapsedDays, daysBetween(monthStart(lastPeriod), monthStart(period)))));
  return {
    period,
    month: monthProgress(period, date, salesDays),
    dayStart: at(date),
    monthFrom: at(monthStart(period)),
    yesterdayFrom: at(addDays(date, -1)),
    tomorrowFrom: at(addDays(date, 1)),
    /** the same days of last month; none on the 1st */
    last: elapsedDays > 0 ? { from: at(monthStart(lastPeriod)), to: lastTo } : null,
  };
}

type Targets = Awaited<ReturnType<typeof latestTargets>>;
type MonthProgress = Board['month'];

function progressOf(targets: Targets, scopeKind: 'store' | 'team', scopeId: string, mtd: FunnelCounts, month: MonthProgress): MetricProgress[] {
  return TARGET_METRICS.map((metric) => {
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
}

function assembleBoard(a: {
  storeId: string;
  date: string;
  team: { id: string; nameZh: string; nameEn: string } | null;
  month: MonthProgress;
  progress: MetricProgress[];
  byStaff: Map<string | null, FunnelCounts>;
  yesterday: FunnelCounts;
  last: FunnelCounts;
  consultants: Consultant[];
  activity: Activity;
  targets: Targets;
  overdueFollowUps: number;
  today: Board['today'];
  forecast: ForecastDetail;
}): Board {
  const mtd = sumCounts(a.byStaff.values());
  const monthRows = funnelRows(mtd);
  const lastRows = isEmptyCounts(a.last) ? null : funnelRows(a.last);
  const { metric, projected, low, high, target, weights } = a.forecast;
  return {
    storeId: a.storeId,
    date: a.date,
    scope: a.team ? { kind: 'team', id: a.team.id, nameZh: a.team.nameZh, nameEn: a.team.nameEn } : { kind: 'store' },
    month: a.month,
    progress: a.progress,
    funnel: { yesterday: funnelRows(a.yesterday), monthToDate: monthRows },
    bottleneck: findBottleneck(monthRows, lastRows),
    ranking: rankConsultants(a.consultants, a.byStaff, a.targets, a.activity),
    overdueFollowUps: a.overdueFollowUps,
    today: a.today,
    forecast: { metric, projected, low, high, target, weights },
    empty: isEmptyCounts(mtd),
  };
}

type Consultant = { id: string; nameZh: string; nameEn: string; teamId: string | null };
interface Activity {
  overdueOf: Map<string | null, number>;
  hasPractice: boolean;
  practiceOf: Map<string, { sessions: number; avgScore: number | null }>;
}

/** Each consultant's overdue follow-ups now and practice this week. */
async function consultantActivity(db: Db, a: { storeId: string; timeZone: string; now: Date; ids: string[] }): Promise<Activity> {
  const overdue = await db.followUpTask.groupBy({
    by: ['staffId'],
    where: { staffId: { in: a.ids }, status: 'open', dueAt: { lt: a.now } },
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
      where: { staffId: { in: a.ids }, kind: 'practice', status: 'completed', startedAt: { gte: weekStart, lte: a.now } },
      _count: { _all: true },
      _avg: { score: true },
    });
    for (const r of rows) practiceOf.set(r.staffId, { sessions: r._count._all, avgScore: r._avg.score === null ? null : Math.round(r._avg.score * 10) / 10 });
  }
  return { overdueOf, hasPractice, practiceOf };
}

function rankConsultants(consultants: Consultant[], byStaff: Map<string | null, FunnelCounts>, targets: Targets, act: Activity): RankingRow[] {
  const rows: RankingRow[] = consultants.map((c) => {
    const counts = byStaff.get(c.id) ?? emptyCounts();
    const ordersTarget = targets.get(targetKey('orders', 'staff', c.id))?.value ?? null;
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
      overdueFollowUps: act.overdueOf.get(c.id) ?? 0,
      practice: act.hasPractice ? (act.practiceOf.get(c.id) ?? { sessions: 0, avgScore: null }) : null,
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
  return agendaOf(await agendaRows(db, a), () => true, a.timeZone);
}

async function agendaRows(db: Db, a: { storeId: string; teamId?: string; from: Date; to: Date }) {
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
  return { bookings, deliveries };
}

/** The agenda of the rows whose staff member `keep` admits (a team's share of the store's rows). */
function agendaOf(rows: Awaited<ReturnType<typeof agendaRows>>, keep: (staffId: string | null) => boolean, timeZone: string): Board['today'] {
  return {
    testDrives: rows.bookings
      .filter((b) => keep(b.staffId))
      .map((b) => ({ at: localParts(b.slotStart, timeZone).time, customer: maskName(b.customer.name), modelId: b.modelId, staff: b.staffId })),
    deliveries: rows.deliveries.filter((o) => keep(o.staffId)).map((o) => ({ customer: maskName(o.customer.name), modelId: o.modelId, staff: o.staffId })),
  };
}
