// Today's call list (今日待联系) for one consultant: who to contact, why, best first.
// A handful of set queries (open tasks due by the end of the day, today's and recent test
// drives, silent hot customers), merged per customer in memory.
//
// Scoring (higher first; a customer's reasons add up):
//   grade            H 40 · A 30 · O 25 · B 20 · C 10 · other 0
//   test drive today +100 (they are coming: prepare first)
//   lost approval    +35  (a manager's decision is waiting)
//   test-drive feedback due +30 (within 24 h of the drive)
//   return visit     +25  (day 1 +5 more)
//   maintenance due  +20
//   overdue follow-up +10 + 5 per day overdue (capped at +60)
//   due today        +15
//   silent hot (H/A quiet past the cadence, no task yet) +10 + 2 per day past it (capped at +30)
// Ties: the earliest due task first, then the customer id (stable).
// Anonymised customers never appear; opted-out customers only for a booked test drive
// today or a lost approval (no call otherwise).
import type { Prisma } from '../../generated/prisma/client.js';
import { addDays, daysBetween, localParts, zonedInstant } from '../../infra/storeTime.js';
import type { Db } from '../../store/createPrisma.js';
import type { CallListItem, CallReason } from '../board/boardTypes.js';
import { DEFAULT_GRADE_SCHEME, type GradeScheme } from './gradeRules.js';
import { maskName, maskPhone } from '../privacy/maskPersonalData.js';

const GRADE_SCORE: Record<string, number> = { H: 40, A: 30, O: 25, B: 20, C: 10 };
const HOUR = 3_600_000;
const DAY = 86_400_000;

const customerSelect = {
  id: true,
  name: true,
  phone: true,
  grade: true,
  intendedModelId: true,
  lastContactAt: true,
  optOutAt: true,
  anonymisedAt: true,
} satisfies Prisma.CustomerSelect;
type CustomerRow = Prisma.CustomerGetPayload<{ select: typeof customerSelect }>;

interface Entry {
  customer: CustomerRow;
  reasons: CallReason[];
  score: number;
  taskIds: string[];
  firstDue: number;
  /** reasons that keep an opted-out customer on the list */
  allowedOptedOut: boolean;
}

export async function buildCallList(
  db: Db,
  args: { staffId: string; date: string /* YYYY-MM-DD store time */; timeZone: string; now: Date; grades?: GradeScheme; limit?: number },
): Promise<CallListItem[]> {
  const { staffId, ...rest } = args;
  return (await buildCallLists(db, { ...rest, staffIds: [staffId] })).get(staffId) ?? [];
}

/**
 * The call lists of several consultants at once: the same four set queries for all of
 * them (the morning digest builds 50 lists; one list's queries cost about as much as
 * fifty's), then grouped per consultant. `grades` is the store's scheme (the cadences that
 * make a hot customer silent); DEFAULT_GRADE_SCHEME when not given.
 */
export async function buildCallLists(
  db: Db,
  args: { staffIds: string[]; date: string; timeZone: string; now: Date; grades?: GradeScheme; limit?: number },
): Promise<Map<string, CallListItem[]>> {
  const { staffIds, date, timeZone, now } = args;
  const startOfDay = zonedInstant(date, '00:00', timeZone);
  const endOfDay = zonedInstant(addDays(date, 1), '00:00', timeZone);
  const grades = (args.grades ?? DEFAULT_GRADE_SCHEME).rules;
  const out = new Map<string, CallListItem[]>();
  for (let i = 0; i < staffIds.length; i += 500) {
    const ids = staffIds.slice(i, i + 500);
    const [tasks, drives, feedback, silentHot] = await Promise.all([
      db.followUpTask.findMany({
        where: { staffId: { in: ids }, status: 'open', dueAt: { lt: endOfDay }, customer: { anonymisedAt: null } },
        select: { id: true, staffId: true, kind: true, reason: true, dueAt: true, dedupeKey: true, customer: { select: customerSelect } },
        orderBy: { dueAt: 'asc' },
      }),
      db.testDriveBooking.findMany({
        where: { staffId: { in: ids }, status: { in: ['booked', 'completed'] }, slotStart: { gte: startOfDay, lt: endOfDay } },
        select: { id: true, staffId: true, slotStart: true, customer: { select: customerSelect } },
        orderBy: { slotStart: 'asc' },
      }),
      // feedback within 24 h of a drive that has ended (an hour after its start) and not recorded
      db.testDriveBooking.findMany({
        where: {
          staffId: { in: ids },
          status: { in: ['booked', 'completed'] },
          feedbackScore: null,
          slotStart: { gte: new Date(now.getTime() - 25 * HOUR), lte: new Date(now.getTime() - HOUR) },
        },
        select: { id: true, staffId: true, slotStart: true, customer: { select: customerSelect } },
      }),
      db.customer.findMany({
        where: {
          ownerId: { in: ids },
          anonymisedAt: null,
          optOutAt: null,
          OR: (['H', 'A'] as const).map((g) => ({
            grade: g,
            lastContactAt: { lt: new Date(now.getTime() - (grades[g].cadenceDays ?? 1) * DAY) },
          })),
        },
        select: { ...customerSelect, ownerId: true },
        orderBy: { lastContactAt: 'asc' },
      }),
    ]);
    const of = <T extends { staffId?: string | null; ownerId?: string | null }>(rows: T[], id: string) => rows.filter((r) => (r.staffId ?? r.ownerId) === id);
    for (const id of ids) {
      out.set(
        id,
        rankCallList(
          { tasks: of(tasks, id), drives: of(drives, id), feedback: of(feedback, id), silentHot: of(silentHot, id).slice(0, 200) },
          { date, timeZone, now, startOfDay, grades, limit: args.limit },
        ),
      );
    }
  }
  return out;
}

interface CallListRows {
  tasks: { id: string; kind: string; reason: string | null; dueAt: Date; dedupeKey: string | null; customer: CustomerRow }[];
  drives: { slotStart: Date; customer: CustomerRow }[];
  feedback: { slotStart: Date; customer: CustomerRow }[];
  silentHot: CustomerRow[];
}

function rankCallList(
  { tasks, drives, feedback, silentHot }: CallListRows,
  {
    date,
    timeZone,
    now,
    startOfDay,
    grades,
    limit,
  }: { date: string; timeZone: string; now: Date; startOfDay: Date; grades: GradeScheme['rules']; limit?: number },
): CallListItem[] {
  const byCustomer = new Map<string, Entry>();
  const entry = (c: CustomerRow): Entry => {
    let e = byCustomer.get(c.id);
    if (!e) {
      e = { customer: c, reasons: [], score: GRADE_SCORE[c.grade] ?? 0, taskIds: [], firstDue: Number.POSITIVE_INFINITY, allowedOptedOut: false };
      byCustomer.set(c.id, e);
    }
    return e;
  };
  const add = (e: Entry, reason: CallReason, score: number) => {
    // one reason of a kind per customer (two overdue tasks are one call)
    if (e.reasons.some((r) => r.kind === reason.kind && JSON.stringify(r) === JSON.stringify(reason))) return;
    if (reason.kind === 'overdue' || reason.kind === 'due_today') {
      const other = e.reasons.findIndex((r) => r.kind === 'overdue' || r.kind === 'due_today');
      if (other >= 0) return; // tasks come earliest first: the first says it
    }
    e.reasons.push(reason);
    e.score += score;
  };

  for (const d of drives) {
    const e = entry(d.customer);
    e.allowedOptedOut = true;
    e.firstDue = Math.min(e.firstDue, d.slotStart.getTime());
    add(e, { kind: 'test_drive_today', at: localParts(d.slotStart, timeZone).time }, 100);
  }
  for (const t of tasks) {
    const e = entry(t.customer);
    e.taskIds.push(t.id);
    e.firstDue = Math.min(e.firstDue, t.dueAt.getTime());
    const overdueDays = t.dueAt < startOfDay ? daysBetween(localParts(t.dueAt, timeZone).date, date) : 0;
    switch (t.kind) {
      case 'return_visit': {
        const day = returnVisitDay(t.reason, t.dedupeKey);
        add(e, { kind: 'return_visit', day }, day === 1 ? 30 : 25);
        break;
      }
      case 'maintenance':
        add(e, { kind: 'maintenance', due: localParts(t.dueAt, timeZone).date }, 20);
        break;
      case 'feedback':
        add(e, { kind: 'test_drive_feedback' }, 30);
        break;
      case 'lost_approval':
        e.allowedOptedOut = true;
        add(e, { kind: 'lost_approval' }, 35);
        break;
      case 'test_drive_prep':
        break; // the drive itself is the reason
      default:
        if (overdueDays > 0) add(e, { kind: 'overdue', days: overdueDays }, 10 + Math.min(60, 5 * overdueDays));
        else add(e, { kind: 'due_today' }, 15);
    }
  }
  for (const b of feedback) {
    const e = entry(b.customer);
    e.firstDue = Math.min(e.firstDue, b.slotStart.getTime() + HOUR);
    add(e, { kind: 'test_drive_feedback' }, 30);
  }
  for (const c of silentHot) {
    if (byCustomer.has(c.id)) continue; // already on the list for a task
    const e = entry(c);
    const cadence = grades[c.grade as 'H']?.cadenceDays ?? 0;
    const days = c.lastContactAt ? Math.floor((now.getTime() - c.lastContactAt.getTime()) / DAY) : 0;
    e.firstDue = Math.min(e.firstDue, (c.lastContactAt?.getTime() ?? now.getTime()) + cadence * DAY);
    add(e, { kind: 'silent', days }, 10 + Math.min(30, 2 * Math.max(0, days - cadence)));
  }

  const items: (CallListItem & { firstDue: number })[] = [];
  for (const e of byCustomer.values()) {
    const c = e.customer;
    if (c.anonymisedAt) continue;
    if (c.optOutAt && !e.allowedOptedOut) continue;
    if (!e.reasons.length) continue;
    items.push({
      customerId: c.id,
      name: maskName(c.name),
      phone: maskPhone(c.phone),
      grade: c.grade,
      modelId: c.intendedModelId,
      daysSinceContact: c.lastContactAt ? Math.max(0, daysBetween(localParts(c.lastContactAt, timeZone).date, date)) : null,
      reasons: e.reasons,
      score: e.score,
      taskIds: e.taskIds,
      firstDue: e.firstDue,
    });
  }
  items.sort((a, b) => b.score - a.score || a.firstDue - b.firstDue || (a.customerId < b.customerId ? -1 : 1));
  return items.slice(0, limit ?? items.length).map(({ firstDue: _firstDue, ...item }) => item);
}

/** "day_7" or "return_visit:<order>:d7" → 7 */
export function returnVisitDay(reason: string | null, dedupeKey: string | null): number {
  const m = (reason ?? '').match(/day_(\d+)/) ?? (dedupeKey ?? '').match(/:d(\d+)$/);
  return m ? Number(m[1]) : 0;
}
