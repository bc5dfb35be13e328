// Nudges (提醒): every sweepEveryMinutes within working hours (never in quiet hours), each
// consultant gets ONE message with what comes due in the next hours, up to
// maxItemsPerMessage items and "and N more", with buttons per item. Idempotent per
// consultant and slot (the outbox key), and an item is nudged once per due time (an
// AuditLog row 'follow_up.nudged' with the due time; a snoozed task is nudged again at
// its new time).
import { fill } from '../../core/i18n.js';
import type { Lang, OutboundMessage } from '../../core/message.js';
import { notifyStaff } from '../../core/notifyStaff.js';
import { localParts } from '../../core/storeTime.js';
import type { Db } from '../../store/createPrisma.js';
import { isWorkingTime } from '../../sales/isWorkingTime.js';
import { maskName } from '../../sales/maskPersonalData.js';
import { HOUR_MS, type SalesRules } from '../../sales/salesRules.js';
import { returnVisitDay } from '../../sales/buildCallList.js';
import { chunked } from './chunked.js';
import { startOfLocalDay, type SweepScope } from './followUpSweeps.js';
import { FU } from './followUpTexts.js';

export const NUDGED = 'follow_up.nudged';
const NUDGE_KINDS = ['follow_up', 'return_visit', 'maintenance', 'feedback'];

export interface NudgeItem {
  taskId: string;
  customerId: string;
  name: string;
  grade: string;
  kind: string;
  reason: string | null;
  dedupeKey: string | null;
  dueAt: Date;
}

export async function sendNudges(db: Db, scope: SweepScope, rules: SalesRules, now: Date, slotKey: string): Promise<{ messages: number; items: number }> {
  if (!isWorkingTime(now, rules, scope.timeZone)) return { messages: 0, items: 0 };
  const lookahead = Math.max(2 * HOUR_MS, 2 * rules.nudges.sweepEveryMinutes * 60_000);
  const tasks = await db.followUpTask.findMany({
    where: {
      status: 'open',
      staffId: { not: null },
      kind: { in: NUDGE_KINDS },
      dueAt: { gte: startOfLocalDay(now, scope.timeZone), lt: new Date(now.getTime() + lookahead) },
      customer: { storeId: scope.storeId, anonymisedAt: null },
    },
    select: { id: true, kind: true, reason: true, dedupeKey: true, dueAt: true, staffId: true, customer: { select: { id: true, name: true, grade: true } } },
    orderBy: { dueAt: 'asc' },
  });
  if (!tasks.length) return { messages: 0, items: 0 };
  const nudged = new Set<string>();
  for (const ids of chunked(tasks.map((t) => t.id))) {
    const rows = await db.auditLog.findMany({ where: { action: NUDGED, subjectType: 'follow_up_task', subjectId: { in: ids } }, select: { subjectId: true, detail: true } });
    for (const r of rows) nudged.add(`${r.subjectId}@${(r.detail as { dueAt?: string } | null)?.dueAt}`);
  }
  const byStaff = new Map<string, NudgeItem[]>();
  for (const t of tasks) {
    if (nudged.has(`${t.id}@${t.dueAt.toISOString()}`)) continue;
    const item: NudgeItem = { taskId: t.id, customerId: t.customer.id, name: maskName(t.customer.name), grade: t.customer.grade, kind: t.kind, reason: t.reason, dedupeKey: t.dedupeKey, dueAt: t.dueAt };
    byStaff.set(t.staffId!, [...(byStaff.get(t.staffId!) ?? []), item]);
  }
  let messages = 0;
  let items = 0;
  for (const [staffId, list] of byStaff) {
    // one message per consultant and slot (notifyStaff's outbox key): a rerun sends nothing
    if (await db.outboxMessage.findUnique({ where: { idempotencyKey: `notify:fu-nudge:${slotKey}:${staffId}` }, select: { id: true } })) continue;
    const shown = list.slice(0, rules.nudges.maxItemsPerMessage);
    const sent = await notifyStaff(db, staffId, (lang) => nudgeMessage(lang, shown, list.length - shown.length, scope.timeZone), `fu-nudge:${slotKey}`, now);
    if (!sent) continue;
    messages++;
    items += shown.length;
    await db.auditLog.createMany({
      data: shown.map((i) => ({ actorType: 'system', action: NUDGED, subjectType: 'follow_up_task', subjectId: i.taskId, detail: { dueAt: i.dueAt.toISOString(), staffId, slot: slotKey }, createdAt: now })),
    });
  }
  return { messages, items };
}

export function nudgeMessage(lang: Lang, items: NudgeItem[], more: number, timeZone: string): OutboundMessage {
  const lines = items.map((it, idx) =>
    fill(lang, FU.nudgeLine, { i: idx + 1, time: localParts(it.dueAt, timeZone).time, name: it.name, grade: it.grade, what: describeTask(lang, it) }),
  );
  if (more > 0) lines.push(fill(lang, FU.more, { n: more }));
  const buttons = items.flatMap((it, idx) => {
    const i = idx + 1;
    return [
      { label: fill(lang, FU.bDone, { i }), value: `fu:done:${it.taskId}` },
      { label: fill(lang, FU.bSnooze, { i }), value: `fu:snooze:${it.taskId}:1d` },
      { label: fill(lang, FU.bRegrade, { i }), value: `crm:regrade:${it.customerId}` },
      { label: fill(lang, FU.bOpen, { i }), value: `crm:open:${it.customerId}` },
    ];
  });
  return { text: [fill(lang, FU.nudgeHead, { n: items.length + more }), ...lines].join('\n'), buttons };
}

function describeTask(lang: Lang, it: Pick<NudgeItem, 'kind' | 'reason' | 'dedupeKey'>): string {
  if (it.kind === 'return_visit') return fill(lang, FU.kindReturnVisit, { day: returnVisitDay(it.reason, it.dedupeKey) });
  if (it.kind === 'maintenance') return fill(lang, FU.kindMaintenance);
  if (it.kind === 'feedback') return fill(lang, FU.kindFeedback);
  if (it.reason?.startsWith('call_instead')) return fill(lang, FU.kindCall);
  return fill(lang, FU.kindFollowUp);
}
