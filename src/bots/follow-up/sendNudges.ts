// Nudges (提醒): every sweepEveryMinutes within working hours (never in quiet hours), each
// consultant gets ONE message with what comes due in the next hours, up to
// maxItemsPerMessage items and "and N more", with buttons per item. Idempotent per
// consultant and slot (the outbox key), and an item is nudged once per due time (an
// AuditLog row 'follow_up.nudged' with the due time; a snoozed task is nudged again at
// its new time). The sweep's silence downgrades since the last nudge come first, in a
// section of their own ("降级提醒"), each once (claimed in the interaction, see
// sales/downgradesToAnnounce): a consultant with only downgrades still gets the message.
// They share the maxItemsPerMessage lines; the ones left over wait for the next nudge.
import { fill } from '../../core/i18n.js';
import type { Lang, OutboundMessage } from '../../core/message.js';
import { notifyStaff } from '../../core/notifyStaff.js';
import { localParts } from '../../infra/storeTime.js';
import type { Db } from '../../store/createPrisma.js';
import { claimDowngradeAnnouncements, downgradesToAnnounce, type DowngradeToAnnounce } from '../../sales/followUp/downgradesToAnnounce.js';
import { isWorkingTime } from '../../sales/calendar/isWorkingTime.js';
import { maskName, maskPhone } from '../../sales/privacy/maskPersonalData.js';
import { HOUR_MS, type SalesRules } from '../../sales/salesRules.js';
import { returnVisitDay } from '../../sales/followUp/buildCallList.js';
import { chunked } from './chunked.js';
import { startOfLocalDay, type SweepScope } from './followUpSweeps.js';
import { FU } from './followUpTexts.js';

export const NUDGED = 'follow_up.nudged';
const NUDGE_KINDS = ['follow_up', 'return_visit', 'maintenance', 'feedback'];

interface NudgeItem {
  taskId: string;
  customerId: string;
  name: string;
  grade: string;
  kind: string;
  reason: string | null;
  dedupeKey: string | null;
  dueAt: Date;
}

interface NudgeResult {
  messages: number;
  items: number;
  downgrades: number;
}

/** Thrown inside a consultant's transaction to undo its claims when they cannot be reached. */
class Unreachable extends Error {}

export async function sendNudges(db: Db, scope: SweepScope, rules: SalesRules, now: Date, slotKey: string): Promise<NudgeResult> {
  const none: NudgeResult = { messages: 0, items: 0, downgrades: 0 };
  if (!isWorkingTime(now, rules, scope.timeZone)) return none;
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
  const downgrades = await downgradesToAnnounce(db, scope.storeId, now);
  if (!tasks.length && !downgrades.length) return none;
  const nudged = new Set<string>();
  for (const ids of chunked(tasks.map((t) => t.id))) {
    const rows = await db.auditLog.findMany({
      where: { action: NUDGED, subjectType: 'follow_up_task', subjectId: { in: ids } },
      select: { subjectId: true, detail: true },
    });
    for (const r of rows) nudged.add(`${r.subjectId}@${(r.detail as { dueAt?: string } | null)?.dueAt}`);
  }
  const byStaff = new Map<string, NudgeItem[]>();
  for (const t of tasks) {
    if (nudged.has(`${t.id}@${t.dueAt.toISOString()}`)) continue;
    const item: NudgeItem = {
      taskId: t.id,
      customerId: t.customer.id,
      name: maskName(t.customer.name),
      grade: t.customer.grade,
      kind: t.kind,
      reason: t.reason,
      dedupeKey: t.dedupeKey,
      dueAt: t.dueAt,
    };
    byStaff.set(t.staffId!, [...(byStaff.get(t.staffId!) ?? []), item]);
  }
  const downByStaff = new Map<string, DowngradeToAnnounce[]>();
  for (const d of downgrades) downByStaff.set(d.ownerId, [...(downByStaff.get(d.ownerId) ?? []), d]);

  const result = { ...none };
  const max = rules.nudges.maxItemsPerMessage;
  for (const staffId of new Set([...downByStaff.keys(), ...byStaff.keys()])) {
    // one message per consultant and slot (notifyStaff's outbox key): a rerun sends nothing
    if (await db.outboxMessage.findUnique({ where: { idempotencyKey: `notify:fu-nudge:${slotKey}:${staffId}` }, select: { id: true } })) continue;
    const list = byStaff.get(staffId) ?? [];
    const downs = downByStaff.get(staffId) ?? [];
    try {
      // the message, its downgrade claims and its nudged marks are written together
      const sent = await db.$transaction(async (tx) => {
        const claimed = await claimDowngradeAnnouncements(tx, downs.slice(0, max), now);
        const shownDowns = claimed.map((d) => downgradeLine(d));
        const downMore = downs.length - Math.min(downs.length, max);
        const shown = list.slice(0, Math.max(0, max - shownDowns.length));
        if (!shownDowns.length && !shown.length) return null; // another run announced them
        const message = (lang: Lang) => nudgeMessage(lang, shown, list.length - shown.length, scope.timeZone, { shown: shownDowns, more: downMore });
        // notifyStaff only uses the model delegates, which the transaction client has
        if (!(await notifyStaff(tx as unknown as Db, staffId, message, `fu-nudge:${slotKey}`, now))) throw new Unreachable();
        if (shown.length) {
          await tx.auditLog.createMany({
            data: shown.map((i) => ({
              actorType: 'system',
              action: NUDGED,
              subjectType: 'follow_up_task',
              subjectId: i.taskId,
              detail: { dueAt: i.dueAt.toISOString(), staffId, slot: slotKey },
              createdAt: now,
            })),
          });
        }
        return { items: shown.length, downgrades: shownDowns.length };
      });
      if (!sent) continue;
      result.messages++;
      result.items += sent.items;
      result.downgrades += sent.downgrades;
    } catch (err) {
      // no reachable channel: the claims are undone, the day list still has the tasks
      if (!(err instanceof Unreachable)) throw err;
    }
  }
  return result;
}

/** A downgrade as the nudge shows it: masked (PIPL), from → to and the days without contact. */
interface DowngradeLine {
  customerId: string;
  name: string;
  phone: string;
  from: string;
  to: string;
  flagged: boolean;
  silentDays: number;
}

function downgradeLine(d: DowngradeToAnnounce): DowngradeLine {
  return { customerId: d.customerId, name: maskName(d.name), phone: maskPhone(d.phone), from: d.from, to: d.to, flagged: d.flagged, silentDays: d.silentDays };
}

export function nudgeMessage(
  lang: Lang,
  items: NudgeItem[],
  more: number,
  timeZone: string,
  downgrades: { shown: DowngradeLine[]; more: number } = { shown: [], more: 0 },
): OutboundMessage {
  // one numbering for the whole message, so a button's number names one line
  const sections: string[] = [];
  const buttons: { label: string; value: string }[] = [];
  if (downgrades.shown.length) {
    const lines = downgrades.shown.map((d, idx) => {
      const p = { i: idx + 1, name: d.name, phone: d.phone, from: d.from, to: d.to, grade: d.to, days: d.silentDays };
      return fill(lang, d.flagged ? FU.flagLine : FU.downLine, p);
    });
    if (downgrades.more > 0) lines.push(fill(lang, FU.more, { n: downgrades.more }));
    sections.push([fill(lang, FU.downHead, { n: downgrades.shown.length + downgrades.more }), ...lines].join('\n'));
    downgrades.shown.forEach((d, idx) => {
      const i = idx + 1;
      buttons.push(
        { label: fill(lang, FU.bOpen, { i }), value: `crm:open:${d.customerId}` },
        { label: fill(lang, FU.bLogContact, { i }), value: `crm:log:${d.customerId}` },
      );
    });
  }
  // with every line taken by downgrades the tasks still show as "and N more"
  if (items.length || more > 0) {
    const first = downgrades.shown.length + 1;
    const lines = items.map((it, idx) =>
      fill(lang, FU.nudgeLine, { i: first + idx, time: localParts(it.dueAt, timeZone).time, name: it.name, grade: it.grade, what: describeTask(lang, it) }),
    );
    if (more > 0) lines.push(fill(lang, FU.more, { n: more }));
    sections.push([fill(lang, FU.nudgeHead, { n: items.length + more }), ...lines].join('\n'));
    items.forEach((it, idx) => {
      const i = first + idx;
      buttons.push(
        { label: fill(lang, FU.bDone, { i }), value: `fu:done:${it.taskId}` },
        { label: fill(lang, FU.bSnooze, { i }), value: `fu:snooze:${it.taskId}:1d` },
        { label: fill(lang, FU.bRegrade, { i }), value: `crm:regrade:${it.customerId}` },
        { label: fill(lang, FU.bOpen, { i }), value: `crm:open:${it.customerId}` },
      );
    });
  }
  return { text: sections.join('\n\n'), buttons };
}

function describeTask(lang: Lang, it: Pick<NudgeItem, 'kind' | 'reason' | 'dedupeKey'>): string {
  if (it.kind === 'return_visit') return fill(lang, FU.kindReturnVisit, { day: returnVisitDay(it.reason, it.dedupeKey) });
  if (it.kind === 'maintenance') return fill(lang, FU.kindMaintenance);
  if (it.kind === 'feedback') return fill(lang, FU.kindFeedback);
  if (it.reason?.startsWith('call_instead')) return fill(lang, FU.kindCall);
  return fill(lang, FU.kindFollowUp);
}
