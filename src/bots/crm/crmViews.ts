// What staff read: the customer card (masked; a possible duplicate's question on top), a
// short list of matches, and "my day".
import type { TurnContext } from '../../core/bot.js';
import type { OutboundMessage } from '../../core/message.js';
import type { Customer } from '../../generated/prisma/client.js';
import { daysBetween, localParts } from '../../infra/storeTime.js';
import { maskName, maskPhone } from '../../sales/privacy/maskPersonalData.js';
import type { FoundCustomer } from '../../sales/customers/customerSearch.js';
import type { MyDay } from '../../sales/board/myDay.js';
import { canSeeCustomer, isManager } from '../../sales/staffAccess.js';
import { readLostRequest } from '../../sales/customers/lostApproval.js';
import type { StoreData } from '../../storeData/storeDataSchema.js';
import { customerButton, lostDecisionButton, openButton } from './crmActions.js';
import { CRM } from './crmTexts.js';
import { formatBudget, formatDay, formatWhen, lostReasonLabel, modelName, staffName } from './crmFormat.js';

function interactionDetail(ctx: TurnContext, data: StoreData, i: { type: string; modelId: string | null; detail: unknown }): string {
  const d = (i.detail ?? {}) as Record<string, unknown>;
  if (i.type === 'grade_change') return `${d.from}→${d.to}${d.reason ? ` ${String(d.reason).slice(0, 20)}` : ''}`;
  if (i.type === 'note' && typeof d.text === 'string') return d.text.slice(0, 30);
  if (i.type === 'lost' && typeof d.reason === 'string') return lostReasonLabel(data, d.reason, ctx.lang);
  if (typeof d.amountCny === 'number') return `¥${d.amountCny.toLocaleString('en-US')}${i.modelId ? ` ${modelName(data, i.modelId, ctx.lang)}` : ''}`;
  if (i.type === 'lead' && typeof d.source === 'string') return ctx.say(CRM.source[d.source] ?? { zh: d.source, en: d.source });
  return i.modelId ? modelName(data, i.modelId, ctx.lang) : '';
}

export async function customerCard(ctx: TurnContext, data: StoreData, customerId: string, lead?: string): Promise<OutboundMessage> {
  const tz = ctx.store.timezone;
  const c = await ctx.db.customer.findUniqueOrThrow({
    where: { id: customerId },
    include: {
      owner: true,
      campaign: true,
      interactions: { orderBy: { occurredAt: 'desc' }, take: 5 },
      tasks: { where: { status: 'open' }, orderBy: { dueAt: 'asc' }, take: 5 },
    },
  });
  const src =
    ctx.say(CRM.source[c.source] ?? { zh: c.source, en: c.source }) + (c.campaign ? ` · ${ctx.lang === 'zh' ? c.campaign.nameZh : c.campaign.nameEn}` : '');
  const f = CRM.card;
  const fields = [
    { label: ctx.say(f.phone), value: maskPhone(c.phone) },
    { label: ctx.say(f.grade), value: c.grade },
    { label: ctx.say(f.owner), value: c.owner ? staffName(c.owner, ctx.lang) : ctx.say(CRM.unowned) },
    { label: ctx.say(f.source), value: src },
    { label: ctx.say(f.model), value: modelName(data, c.intendedModelId, ctx.lang) },
    { label: ctx.say(f.budget), value: formatBudget(c.budgetMin, c.budgetMax, ctx.lang) },
    { label: ctx.say(f.timeframe), value: c.timeframe ? ctx.say(CRM.timeframe[c.timeframe] ?? { zh: c.timeframe, en: c.timeframe }) : '—' },
    { label: ctx.say(f.onFile), value: ctx.say(c.onFileAt ? CRM.yes : CRM.no) },
    { label: ctx.say(f.lastContact), value: formatWhen(c.lastContactAt, tz) },
    { label: ctx.say(f.next), value: formatWhen(c.nextFollowUpAt, tz) },
  ];
  if (c.grade === 'F' && c.lostReason) {
    const code = c.lostReason.split(':')[0];
    fields.push({ label: ctx.say(f.lost), value: lostReasonLabel(data, code, ctx.lang) });
  }
  const dup = await duplicateOf(ctx, c.possibleDuplicateOfId);
  if (dup) fields.unshift({ label: ctx.say(f.duplicate), value: dup.text });
  const history = c.interactions.map((i) =>
    `${formatDay(i.occurredAt, tz)} ${ctx.say(CRM.outcome[i.type] ?? { zh: i.type, en: i.type })} ${interactionDetail(ctx, data, i)}`.trim(),
  );
  fields.push({ label: ctx.say(f.history), value: history.length ? history.join('\n') : ctx.say(CRM.none) });
  const tasks = c.tasks.map((t) => `${formatWhen(t.dueAt, tz)} ${ctx.say(CRM.taskKind[t.kind] ?? { zh: t.kind, en: t.kind })}`);
  fields.push({ label: ctx.say(f.tasks), value: tasks.length ? tasks.join('\n') : ctx.say(CRM.none) });
  const buttons = [
    // a pending question first: only someone who may see both records is offered the answer
    ...(dup?.other
      ? [
          { label: ctx.say(CRM.bDupMerge), value: customerButton('dupmerge', { customerId: c.id }) },
          { label: ctx.say(CRM.bDupDistinct), value: customerButton('dupdistinct', { customerId: c.id }) },
          openButton(ctx.say(CRM.bDupOther, { name: maskName(dup.other.name) }), dup.other.id),
        ]
      : []),
    { label: ctx.say(CRM.bLog), value: customerButton('log', { customerId: c.id }) },
    { label: ctx.say(CRM.bRegrade), value: customerButton('regrade', { customerId: c.id }) },
    { label: ctx.say(CRM.bFollowup), value: customerButton('followup', { customerId: c.id }) },
    { label: ctx.say(CRM.bBook), value: customerButton('book', { customerId: c.id }) },
    ...(ctx.actor.kind === 'staff' && (isManager(ctx.actor.staff) || c.ownerId === ctx.actor.staff.id)
      ? [{ label: ctx.say(CRM.bAssign), value: customerButton('assign', { customerId: c.id }) }]
      : []),
    { label: ctx.say(CRM.bReveal), value: customerButton('reveal', { customerId: c.id }) },
    // the card is only ever shown in scope, so a manager here is one who may erase
    ...(ctx.actor.kind === 'staff' && isManager(ctx.actor.staff) && !c.anonymisedAt
      ? [{ label: ctx.say(CRM.bErase), value: customerButton('erase', { customerId: c.id }) }]
      : []),
  ];
  const title = `${maskName(c.name)} · ${c.grade}`;
  return { text: lead ? `${lead}\n${title}` : title, card: { title, fields }, buttons };
}

/**
 * The flag's line on the card: the other customer masked when the staff member may see
 * them, otherwise only that there is one (whom to ask, not whom it is).
 */
async function duplicateOf(ctx: TurnContext, otherId: string | null): Promise<{ text: string; other?: Customer } | null> {
  if (!otherId || ctx.actor.kind !== 'staff') return null;
  const other = await ctx.db.customer.findUnique({ where: { id: otherId }, include: { owner: true } });
  if (!other || other.anonymisedAt) return null;
  if (!(await canSeeCustomer(ctx.db, ctx.actor.staff, other.id))) return { text: ctx.say(CRM.dupOutOfScope) };
  const owner = other.owner ? staffName(other.owner, ctx.lang) : ctx.say(CRM.unowned);
  const who = `${maskName(other.name)} ${maskPhone(other.phone ?? other.verifiedPhone)} · ${other.grade} · ${owner}`;
  return { text: ctx.say(CRM.dupOf, { who }), other };
}

export function customerList(ctx: TurnContext, found: FoundCustomer[]): OutboundMessage {
  const lines = found.map(
    (c, i) => `${i + 1}. ${maskName(c.name)} ${maskPhone(c.phone)} · ${c.grade} · ${c.owner ? staffName(c.owner, ctx.lang) : ctx.say(CRM.unowned)}`,
  );
  return {
    text: `${ctx.say(CRM.several, { n: found.length })}\n${lines.join('\n')}`,
    buttons: found.map((c, i) => openButton(ctx.say(CRM.bOpen, { n: i + 1, name: maskName(c.name) }), c.id)),
  };
}

export function myDayView(ctx: TurnContext, data: StoreData, day: MyDay): OutboundMessage {
  const tz = ctx.store.timezone;
  const today = localParts(ctx.now, tz).date;
  const lines: string[] = [ctx.say(CRM.dayTitle, { date: today.slice(5) })];
  const buttons: { label: string; value: string }[] = [];
  const open = (c: Customer) => {
    const button = openButton(maskName(c.name), c.id);
    if (buttons.length < 10 && !buttons.some((b) => b.value === button.value)) buttons.push(button);
  };
  if (day.due.length) {
    lines.push(ctx.say(CRM.dayDue, { n: day.dueTotal }));
    for (const t of day.due) {
      const local = localParts(t.dueAt, tz);
      const late = daysBetween(local.date, today);
      const when = late > 0 ? ctx.say(CRM.dayOverdue, { days: late }) : ctx.say(CRM.dayToday, { time: local.time });
      lines.push(
        ctx.say(CRM.dayDueLine, {
          name: maskName(t.customer.name),
          phone: maskPhone(t.customer.phone),
          grade: t.customer.grade,
          kind: ctx.say(CRM.taskKind[t.kind] ?? { zh: t.kind, en: t.kind }),
          when,
        }),
      );
      if (t.kind === 'lost_approval' && readLostRequest(t)) {
        buttons.push(lostDecisionButton(`${ctx.say(CRM.approve)} ${maskName(t.customer.name)}`, 'approve', t.id));
      } else open(t.customer);
    }
    if (day.dueTotal > day.due.length) lines.push(ctx.say(CRM.dayMore, { n: day.dueTotal - day.due.length }));
  }
  if (day.drives.length) {
    lines.push(ctx.say(CRM.dayDrives, { n: day.drives.length }));
    for (const d of day.drives.slice(0, 8)) {
      lines.push(
        ctx.say(CRM.dayDriveLine, {
          time: localParts(d.slotStart, tz).time,
          name: maskName(d.customer.name),
          phone: maskPhone(d.customer.phone),
          model: modelName(data, d.modelId, ctx.lang),
        }),
      );
      open(d.customer);
    }
  }
  if (day.hot.length) {
    lines.push(ctx.say(CRM.dayHot, { n: day.hotTotal }));
    for (const c of day.hot) {
      const since = c.lastContactAt
        ? ctx.say(CRM.daySince, { days: Math.floor((ctx.now.getTime() - c.lastContactAt.getTime()) / 86_400_000) })
        : ctx.say(CRM.dayNever);
      lines.push(ctx.say(CRM.dayHotLine, { name: maskName(c.name), phone: maskPhone(c.phone), grade: c.grade, since }));
      open(c);
    }
    if (day.hotTotal > day.hot.length) lines.push(ctx.say(CRM.dayMore, { n: day.hotTotal - day.hot.length }));
  }
  if (day.duplicates.length) {
    lines.push(ctx.say(CRM.dayDup, { n: day.duplicatesTotal }));
    for (const c of day.duplicates) {
      lines.push(ctx.say(CRM.dayDupLine, { name: maskName(c.name), phone: maskPhone(c.phone), grade: c.grade }));
      open(c);
    }
    if (day.duplicatesTotal > day.duplicates.length) lines.push(ctx.say(CRM.dayMore, { n: day.duplicatesTotal - day.duplicates.length }));
  }
  if (day.teamOverdue?.length) {
    lines.push(ctx.say(CRM.dayTeam));
    for (const r of day.teamOverdue.slice(0, 8)) lines.push(ctx.say(CRM.dayTeamLine, { name: staffName(r.staff, ctx.lang), n: r.count }));
  }
  if (lines.length === 1) return { text: `${lines[0]}\n${ctx.say(CRM.dayNothing)}` };
  return { text: lines.slice(0, 40).join('\n'), buttons };
}
