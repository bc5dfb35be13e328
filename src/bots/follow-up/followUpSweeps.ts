// The sweeps that apply the store's follow-up rules (sales-rules.yaml) to the whole store
// in set queries: every active customer with an owner has an open follow-up, silent
// customers move down a grade, deliveries get their return visits and maintenance, and
// follow-ups overdue too long go to the team manager. Each is idempotent: generated tasks
// carry a dedupeKey, a downgrade leaves a grade_change interaction that restarts the
// silence clock (the next nudge announces it to the owner), an escalation sets escalatedAt.
import type { Prisma } from '../../generated/prisma/client.js';
import { fill } from '../../core/i18n.js';
import { notifyStaff } from '../../core/notifyStaff.js';
import { addDays, localParts, zonedInstant } from '../../infra/storeTime.js';
import type { Db } from '../../store/createPrisma.js';
import { escalationCutoff, escalationHorizon } from '../../sales/followUp/escalationDue.js';
import { gradeRulesFrom, nextFollowUpDue } from '../../sales/followUp/gradeRules.js';
import { maskName } from '../../sales/privacy/maskPersonalData.js';
import { nextMaintenanceDue } from '../../sales/followUp/nextMaintenanceDue.js';
import { returnVisitDueDates } from '../../sales/followUp/returnVisitDueDates.js';
import { DAY_MS, type SalesRules } from '../../sales/salesRules.js';
import { shouldDowngrade } from '../../sales/followUp/shouldDowngrade.js';
import { chunked } from './chunked.js';
import { FU } from './followUpTexts.js';

export interface SweepScope {
  storeId: string;
  timeZone: string;
}

/** Creates the tasks whose dedupeKey is not taken yet; returns how many were created. */
async function createMissing(db: Db, rows: Prisma.FollowUpTaskCreateManyInput[]): Promise<number> {
  if (!rows.length) return 0;
  const taken = new Set<string>();
  for (const keys of chunked(rows.map((r) => r.dedupeKey!))) {
    const found = await db.followUpTask.findMany({ where: { dedupeKey: { in: keys } }, select: { dedupeKey: true } });
    for (const f of found) taken.add(f.dedupeKey!);
  }
  const fresh = rows.filter((r) => !taken.has(r.dedupeKey!));
  let created = 0;
  for (const part of chunked(fresh)) created += (await db.followUpTask.createMany({ data: part })).count;
  return created;
}

/** (a) Every active customer (H/A/B/C, or O before delivery) with an owner has an open follow-up due by the cadence after the last contact. */
export async function ensureFollowUpTasks(db: Db, scope: SweepScope, rules: SalesRules, now: Date): Promise<number> {
  const grades = gradeRulesFrom(rules);
  const active = (['H', 'A', 'B', 'C', 'O'] as const).filter((g) => grades[g].cadenceDays !== null);
  const missing = await db.customer.findMany({
    where: {
      storeId: scope.storeId,
      grade: { in: [...active] },
      ownerId: { not: null },
      optOutAt: null,
      anonymisedAt: null,
      tasks: { none: { kind: 'follow_up', status: 'open' } },
      // O: follow-ups until delivery
      NOT: { grade: 'O', orders: { some: { deliveredAt: { not: null } } } },
    },
    select: { id: true, ownerId: true, grade: true, lastContactAt: true, createdAt: true },
  });
  const rows = missing.map((c): Prisma.FollowUpTaskCreateManyInput => {
    const dueAt = nextFollowUpDue(c.grade, c.lastContactAt ?? c.createdAt, grades)!;
    return {
      customerId: c.id,
      staffId: c.ownerId,
      kind: 'follow_up',
      reason: c.grade === 'O' ? 'delivery_update' : `grade_${c.grade}_cadence`,
      dueAt,
      dedupeKey: `fu:${c.id}:${localParts(dueAt, scope.timeZone).date}`,
      createdAt: now,
    };
  });
  const created = await createMissing(db, rows);
  // Customer.nextFollowUpAt follows the earliest open follow-up (these customers had none)
  if (created) {
    for (const part of chunked(rows, 200)) {
      await db.$transaction(part.map((r) => db.customer.updateMany({ where: { id: r.customerId, nextFollowUpAt: null }, data: { nextFollowUpAt: r.dueAt } })));
    }
  }
  return created;
}

/** (b) Silent customers one grade down (C: flagged), once per silence, with a grade_change interaction. */
export async function downgradeSilentCustomers(db: Db, scope: SweepScope, rules: SalesRules, now: Date): Promise<{ downgraded: number; flagged: number }> {
  if (rules.regrade.long_silence === 'none') return { downgraded: 0, flagged: 0 };
  let downgraded = 0;
  let flagged = 0;
  // bottom first, so a customer moved down in this run is not looked at twice
  for (const grade of [...rules.downgradeOrder].reverse()) {
    const cadence = rules.grades[grade].cadenceDays;
    if (!cadence) continue;
    const cutoff = new Date(now.getTime() - rules.downgradeAfterCadences * cadence * DAY_MS);
    const candidates = await db.customer.findMany({
      where: {
        storeId: scope.storeId,
        grade,
        anonymisedAt: null,
        OR: [{ lastContactAt: { lt: cutoff } }, { lastContactAt: null, createdAt: { lt: cutoff } }],
      },
      select: { id: true, grade: true, lastContactAt: true, createdAt: true, ownerId: true },
    });
    if (!candidates.length) continue;
    // a silence change since the cutoff restarts the clock: look only at those
    const lastChange = new Map<string, Date>();
    for (const ids of chunked(candidates.map((c) => c.id))) {
      const changes = await db.interaction.findMany({
        where: { customerId: { in: ids }, type: 'grade_change', occurredAt: { gte: cutoff } },
        select: { customerId: true, occurredAt: true, detail: true },
      });
      for (const ch of changes) {
        if ((ch.detail as { reason?: string } | null)?.reason !== 'silence') continue;
        const prev = lastChange.get(ch.customerId);
        if (!prev || prev < ch.occurredAt) lastChange.set(ch.customerId, ch.occurredAt);
      }
    }
    const moves = new Map<string, string[]>();
    const events: Prisma.InteractionCreateManyInput[] = [];
    for (const c of candidates) {
      const d = shouldDowngrade({ ...c, lastSilenceChangeAt: lastChange.get(c.id) ?? null }, rules, now);
      if (!d) continue;
      if (!d.flagOnly) moves.set(d.to, [...(moves.get(d.to) ?? []), c.id]);
      events.push({
        storeId: scope.storeId,
        customerId: c.id,
        staffId: null,
        type: 'grade_change',
        occurredAt: now,
        // ownerId: the consultant this was news for (the nudge tells them, and nobody else)
        detail: { from: d.from, to: d.to, reason: 'silence', silentDays: d.silentDays, ownerId: c.ownerId, ...(d.flagOnly ? { flagged: true } : {}) },
        createdAt: now,
      });
      if (d.flagOnly) flagged++;
      else downgraded++;
    }
    for (const [to, ids] of moves) {
      for (const part of chunked(ids)) await db.customer.updateMany({ where: { id: { in: part }, grade }, data: { grade: to } });
    }
    for (const part of chunked(events)) await db.interaction.createMany({ data: part });
  }
  return { downgraded, flagged };
}

/** (c) Return visits (day 1/3/7/30) and the next maintenance of each delivered car, as tasks. */
export async function createAfterSaleTasks(db: Db, scope: SweepScope, rules: SalesRules, now: Date): Promise<{ returnVisits: number; maintenance: number }> {
  const customer = { storeId: scope.storeId, anonymisedAt: null, optOutAt: null };
  const orders = await db.order.findMany({
    where: { deliveredAt: { not: null }, status: { not: 'cancelled' }, customer },
    select: { id: true, customerId: true, staffId: true, deliveredAt: true, mileageKm: true, mileageAt: true, customer: { select: { ownerId: true } } },
  });
  const maxDay = Math.max(...rules.returnVisitDays);
  const rv: Prisma.FollowUpTaskCreateManyInput[] = [];
  for (const o of orders) {
    if (o.deliveredAt!.getTime() < now.getTime() - (maxDay + 3) * DAY_MS) continue;
    for (const { day, dueAt } of returnVisitDueDates(o.deliveredAt!, rules.returnVisitDays, scope.timeZone)) {
      // a point long past is not worth a call any more
      if (dueAt.getTime() < now.getTime() - 3 * DAY_MS) continue;
      rv.push({
        customerId: o.customerId,
        staffId: o.staffId ?? o.customer.ownerId,
        kind: 'return_visit',
        reason: `day_${day}`,
        dueAt,
        dedupeKey: `return_visit:${o.id}:d${day}`,
        createdAt: now,
      });
    }
  }
  const returnVisits = await createMissing(db, rv);

  // maintenance: the tasks done so far per order give the last service and the count
  const done = await db.followUpTask.findMany({
    where: { kind: 'maintenance', status: 'done', customer: { storeId: scope.storeId } },
    select: { dedupeKey: true, doneAt: true },
  });
  const history = new Map<string, { count: number; last: Date | null }>();
  for (const t of done) {
    const orderId = t.dedupeKey?.split(':')[1];
    if (!orderId) continue;
    const h = history.get(orderId) ?? { count: 0, last: null };
    h.count++;
    if (t.doneAt && (!h.last || h.last < t.doneAt)) h.last = t.doneAt;
    history.set(orderId, h);
  }
  // remind two weeks ahead, on the task's due day
  const horizon = now.getTime() + 14 * DAY_MS;
  const mt: Prisma.FollowUpTaskCreateManyInput[] = [];
  for (const o of orders) {
    const h = history.get(o.id);
    const due = nextMaintenanceDue(
      { deliveredAt: o.deliveredAt!, mileageKm: o.mileageKm, mileageAt: o.mileageAt, lastServiceAt: h?.last ?? null },
      rules,
      now,
      { timeZone: scope.timeZone, servicesDone: h?.count ?? 0 },
    );
    if (due.dueAt.getTime() > horizon) continue;
    const n = (h?.count ?? 0) + 1;
    mt.push({
      customerId: o.customerId,
      staffId: o.staffId ?? o.customer.ownerId,
      kind: 'maintenance',
      reason: due.reason === 'mileage' ? `mileage_${due.km}` : 'time',
      dueAt: due.dueAt,
      dedupeKey: `maintenance:${o.id}:${n}`,
      createdAt: now,
    });
  }
  const maintenance = await createMissing(db, mt);
  return { returnVisits, maintenance };
}

/** (d) Follow-ups overdue by more than escalateAfterHours: one message per manager, each task once. */
export async function escalateOverdueFollowUps(db: Db, scope: SweepScope, rules: SalesRules, now: Date, slotKey: string): Promise<number> {
  const cutoff = escalationCutoff(rules, now);
  const overdue = await db.followUpTask.findMany({
    where: {
      kind: 'follow_up',
      status: 'open',
      escalatedAt: null,
      dueAt: { lt: cutoff, gte: escalationHorizon(rules, now) },
      createdAt: { lt: cutoff },
      customer: { storeId: scope.storeId, anonymisedAt: null },
    },
    select: { id: true, dueAt: true, staffId: true, customer: { select: { id: true, name: true, grade: true } } },
    orderBy: { dueAt: 'asc' },
  });
  if (!overdue.length) return 0;
  const [staff, teams, storeManager] = await Promise.all([
    db.staff.findMany({ where: { storeId: scope.storeId }, select: { id: true, teamId: true, nameZh: true, nameEn: true } }),
    db.team.findMany({ where: { storeId: scope.storeId }, select: { id: true, managerId: true } }),
    db.staff.findFirst({ where: { storeId: scope.storeId, role: 'store_manager', active: true }, orderBy: { id: 'asc' }, select: { id: true } }),
  ]);
  const staffById = new Map(staff.map((s) => [s.id, s]));
  const managerOfTeam = new Map(teams.map((t) => [t.id, t.managerId]));
  const byManager = new Map<string, typeof overdue>();
  for (const t of overdue) {
    const owner = t.staffId ? staffById.get(t.staffId) : undefined;
    let manager = owner?.teamId ? (managerOfTeam.get(owner.teamId) ?? null) : null;
    if (!manager || manager === t.staffId) manager = storeManager?.id ?? null;
    if (!manager || manager === t.staffId) continue;
    byManager.set(manager, [...(byManager.get(manager) ?? []), t]);
  }
  let escalated = 0;
  const SHOW = 10;
  for (const [managerId, tasks] of byManager) {
    await notifyStaff(
      db,
      managerId,
      (lang) => {
        const lines = tasks.slice(0, SHOW).map((t) => {
          const owner = t.staffId ? staffById.get(t.staffId) : undefined;
          const p = localParts(t.dueAt, scope.timeZone);
          return fill(lang, FU.escalateLine, {
            staff: owner ? (lang === 'zh' ? owner.nameZh : owner.nameEn) : '—',
            name: maskName(t.customer.name),
            grade: t.customer.grade,
            due: `${p.date} ${p.time}`,
          });
        });
        if (tasks.length > SHOW) lines.push(fill(lang, FU.more, { n: tasks.length - SHOW }));
        return {
          text: [fill(lang, FU.escalateHead, { n: tasks.length, hours: rules.escalateAfterHours }), ...lines].join('\n'),
          buttons: tasks.slice(0, 5).map((t) => ({ label: maskName(t.customer.name), value: `crm:open:${t.customer.id}` })),
        };
      },
      `fu-escalate:${slotKey}`,
      now,
    );
    for (const part of chunked(tasks.map((t) => t.id))) {
      escalated += (await db.followUpTask.updateMany({ where: { id: { in: part }, escalatedAt: null }, data: { escalatedAt: now } })).count;
    }
  }
  return escalated;
}

/** The start of the store-local day of `now` (for callers that think in days). */
export function startOfLocalDay(now: Date, timeZone: string, plusDays = 0): Date {
  return zonedInstant(addDays(localParts(now, timeZone).date, plusDays), '00:00', timeZone);
}
