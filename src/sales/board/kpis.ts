// Not shown anywhere yet (only its tests call it): the KPI issue puts it on the dashboard,
// in the digest and behind `dealerbot kpis`, with cohort rates; until then the README
// does not claim it.
// KPIs per salesperson (domain §3) for a period [from, to), from the funnel's stage rules:
// - leadsHandled = leads (customers who became a lead in the period, leadAt, by owner);
// - onFileRate = on_file / leads (留档率); testDriveRate = test_drives / visits (试驾率);
//   closeRate = orders / visits (成交率: orders per showroom visitor); null when the
//   denominator is 0 (rates are period ratios and can exceed 1 when older customers
//   progress in the period);
// - orders, deliveries: funnel rules;
// - follow-ups done on time: follow_up tasks of the person due in the period and before
//   `now`; on time = done no later than the end of the store-local day they were due.
import { addDays, localParts, zonedInstant } from '../../infra/storeTime.js';
import type { Db } from '../../store/createPrisma.js';
import { countFunnel, emptyCounts } from './funnel.js';

interface SalesKpis {
  staffId: string;
  nameZh: string;
  nameEn: string;
  teamId: string | null;
  leadsHandled: number;
  onFile: number;
  onFileRate: number | null;
  visits: number;
  testDrives: number;
  testDriveRate: number | null;
  orders: number;
  closeRate: number | null;
  deliveries: number;
  followUpsDue: number;
  followUpsOnTime: number;
  followUpsOnTimeRate: number | null;
}

const ratio = (a: number, b: number) => (b > 0 ? a / b : null);

export async function computeKpis(db: Db, args: { storeId: string; from: Date; to: Date; now: Date; timeZone: string; teamId?: string }): Promise<SalesKpis[]> {
  const people = await db.staff.findMany({
    where: { storeId: args.storeId, role: 'sales_consultant', ...(args.teamId ? { teamId: args.teamId } : {}) },
    orderBy: { id: 'asc' },
  });
  const byStaff = await countFunnel(db, {
    storeId: args.storeId,
    from: args.from,
    to: args.to,
    by: 'consultant',
    ...(args.teamId ? { teamId: args.teamId } : {}),
  });
  const dueBefore = new Date(Math.min(args.to.getTime(), args.now.getTime()));
  const tasks = await db.followUpTask.findMany({
    where: { staffId: { in: people.map((p) => p.id) }, kind: 'follow_up', status: { not: 'cancelled' }, dueAt: { gte: args.from, lt: dueBefore } },
    select: { staffId: true, dueAt: true, doneAt: true, status: true },
  });
  const due = new Map<string, { n: number; onTime: number }>();
  const endOfDay = new Map<string, number>();
  for (const t of tasks) {
    const d = localParts(t.dueAt, args.timeZone).date;
    let end = endOfDay.get(d);
    if (end === undefined) endOfDay.set(d, (end = zonedInstant(addDays(d, 1), '00:00', args.timeZone).getTime()));
    const s = due.get(t.staffId!) ?? { n: 0, onTime: 0 };
    s.n++;
    if (t.status === 'done' && t.doneAt && t.doneAt.getTime() < end) s.onTime++;
    due.set(t.staffId!, s);
  }
  return people.map((p) => {
    const c = byStaff.get(p.id) ?? emptyCounts();
    const f = due.get(p.id) ?? { n: 0, onTime: 0 };
    return {
      staffId: p.id,
      nameZh: p.nameZh,
      nameEn: p.nameEn,
      teamId: p.teamId,
      leadsHandled: c.leads,
      onFile: c.on_file,
      onFileRate: ratio(c.on_file, c.leads),
      visits: c.visits,
      testDrives: c.test_drives,
      testDriveRate: ratio(c.test_drives, c.visits),
      orders: c.orders,
      closeRate: ratio(c.orders, c.visits),
      deliveries: c.deliveries,
      followUpsDue: f.n,
      followUpsOnTime: f.onTime,
      followUpsOnTimeRate: ratio(f.onTime, f.n),
    };
  });
}
