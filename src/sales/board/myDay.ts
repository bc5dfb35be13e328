// "My day" (我的今天): what a salesperson reads at 8:30 — follow-ups due today or overdue,
// today's test drives, hot customers (H/A) gone quiet for longer than their cadence,
// customers flagged as possible duplicates (a chat phone another customer has) waiting
// for a decision, and for a manager the overdue follow-ups per colleague. All days are
// the store's days.
import type { Customer, FollowUpTask, Staff, TestDriveBooking } from '../../generated/prisma/client.js';
import { addDays, localParts, zonedInstant } from '../../infra/storeTime.js';
import type { Db } from '../../store/createPrisma.js';
import { followUpCadenceDays, type GradeScheme } from '../followUp/gradeRules.js';
import { customerScope, isManager, type ScopedStaff } from '../staffAccess.js';

export interface MyDay {
  due: (FollowUpTask & { customer: Customer })[];
  dueTotal: number;
  drives: (TestDriveBooking & { customer: Customer })[];
  hot: Customer[];
  hotTotal: number;
  /** flagged possible duplicates in scope, the longest untouched first (the card decides) */
  duplicates: Customer[];
  duplicatesTotal: number;
  /** managers: open follow-ups past due, per colleague (only those with any) */
  teamOverdue: { staff: Staff; count: number }[] | null;
}

export async function buildMyDay(
  db: Db,
  args: { staff: ScopedStaff; now: Date; timeZone: string /** the store's grades (their cadences) */; grades: GradeScheme; limit?: number },
): Promise<MyDay> {
  const { staff, now, timeZone, grades } = args;
  const limit = args.limit ?? 8;
  const today = localParts(now, timeZone).date;
  const startOfDay = zonedInstant(today, '00:00', timeZone);
  const endOfDay = zonedInstant(addDays(today, 1), '00:00', timeZone);

  const dueWhere = { staffId: staff.id, status: 'open', dueAt: { lt: endOfDay } };
  const [due, dueTotal, drives] = await Promise.all([
    db.followUpTask.findMany({ where: dueWhere, include: { customer: true }, orderBy: { dueAt: 'asc' }, take: limit }),
    db.followUpTask.count({ where: dueWhere }),
    db.testDriveBooking.findMany({
      where: { staffId: staff.id, status: { not: 'cancelled' }, slotStart: { gte: startOfDay, lt: endOfDay } },
      include: { customer: true },
      orderBy: { slotStart: 'asc' },
    }),
  ]);

  // Hot: H quiet for 2+ days, A for 3+ (the cadence), or never contacted.
  const hotWhere = {
    AND: [
      customerScope(staff),
      { anonymisedAt: null },
      {
        OR: (['H', 'A'] as const).map((g) => ({
          grade: g,
          OR: [{ lastContactAt: null }, { lastContactAt: { lt: new Date(now.getTime() - followUpCadenceDays(g, grades.rules)! * 86_400_000) } }],
        })),
      },
    ],
  };
  const [hotAll, hotTotal] = await Promise.all([
    db.customer.findMany({ where: hotWhere, orderBy: [{ lastContactAt: 'asc' }], take: limit * 2 }),
    db.customer.count({ where: hotWhere }),
  ]);
  // H before A, the longest quiet first
  const hot = hotAll.sort((a, b) => (a.grade === b.grade ? 0 : a.grade === 'H' ? -1 : 1)).slice(0, limit);

  const dupWhere = { AND: [customerScope(staff), { anonymisedAt: null, possibleDuplicateOfId: { not: null } }] };
  const [duplicates, duplicatesTotal] = await Promise.all([
    db.customer.findMany({ where: dupWhere, orderBy: [{ updatedAt: 'asc' }, { id: 'asc' }], take: limit }),
    db.customer.count({ where: dupWhere }),
  ]);

  let teamOverdue: MyDay['teamOverdue'] = null;
  if (isManager(staff)) {
    const colleagues = await db.staff.findMany({
      where: {
        storeId: staff.storeId,
        active: true,
        id: { not: staff.id },
        ...(staff.role === 'sales_manager' ? { teamId: staff.teamId ?? '__none__' } : {}),
      },
      orderBy: { id: 'asc' },
    });
    const counts = await db.followUpTask.groupBy({
      by: ['staffId'],
      where: { staffId: { in: colleagues.map((c) => c.id) }, status: 'open', kind: 'follow_up', dueAt: { lt: now } },
      _count: { _all: true },
    });
    teamOverdue = colleagues
      .map((s) => ({ staff: s, count: counts.find((c) => c.staffId === s.id)?._count._all ?? 0 }))
      .filter((r) => r.count > 0)
      .sort((a, b) => b.count - a.count);
  }
  return { due, dueTotal, drives, hot, hotTotal, duplicates, duplicatesTotal, teamOverdue };
}
