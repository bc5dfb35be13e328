// The follow-up bot: the staff side handles the nudges' `fu:` buttons (done → log the
// outcome, snooze), the customer side the return-visit answers (a 1–5 button or a free
// reply to the question). Its jobs are the sweeps and nudges (createFollowUpJobs).
import type { Bot, TurnContext } from '../../core/bot.js';
import { fill } from '../../core/i18n.js';
import type { Lang } from '../../core/message.js';
import { notifyStaff } from '../../core/notifyStaff.js';
import { localParts } from '../../infra/storeTime.js';
import { returnVisitDay } from '../../sales/followUp/buildCallList.js';
import { refreshNextFollowUp } from '../../sales/followUp/followUps.js';
import { maskName } from '../../sales/privacy/maskPersonalData.js';
import { DAY_MS, HOUR_MS, type SalesRules } from '../../sales/salesRules.js';
import { canSeeCustomer, isManager } from '../../sales/staffAccess.js';
import { createFollowUpJobs } from './createFollowUpJobs.js';
import { FU } from './followUpTexts.js';

interface FollowUpBotDeps {
  rules: SalesRules;
  /** the store's sales line, named in the customers' messages */
  salesPhone?: string;
}

const CRM_LOG = { zh: '记录结果', en: 'Log the outcome' };
const DONE = { zh: '已完成。', en: 'Done.' };
const LOG_ASK = { zh: '请记录这次跟进的结果：', en: 'Log how this follow-up went:' };

export function createFollowUpBot(deps: FollowUpBotDeps): Bot {
  return {
    name: 'follow-up',
    sides: ['staff', 'customer'],
    jobs: (env) => createFollowUpJobs(env.db, env.store, deps.rules, { salesPhone: deps.salesPhone, reach: env.reach }),
    async handle(ctx) {
      const action = ctx.msg.action ?? '';
      if (ctx.actor.kind === 'staff') {
        if (!action.startsWith('fu:')) return false;
        await onStaffButton(ctx, action);
        return true;
      }
      if (action.startsWith('fu:rv:')) {
        await onRating(ctx, action);
        return true;
      }
      if (ctx.msg.kind === 'text' && ctx.msg.text?.trim()) return onFreeAnswer(ctx);
      return false;
    },
  };
}

async function onStaffButton(ctx: TurnContext, action: string): Promise<void> {
  if (ctx.actor.kind !== 'staff') return;
  const staff = ctx.actor.staff;
  const [, verb, taskId, arg] = action.split(':');
  const task = taskId ? await ctx.db.followUpTask.findUnique({ where: { id: taskId }, include: { customer: true } }) : null;
  if (!task || task.status !== 'open') return void ctx.reply({ text: ctx.say(FU.notFound) });
  if (task.staffId !== staff.id && !(isManager(staff) && (await canSeeCustomer(ctx.db, staff, task.customerId))))
    return void ctx.reply({ text: ctx.say(FU.notYours) });
  if (verb === 'snooze') {
    const m = (arg ?? '1d').match(/^(\d{1,3})([dh])$/);
    const ms = m ? Number(m[1]) * (m[2] === 'd' ? DAY_MS : HOUR_MS) : DAY_MS;
    const dueAt = new Date(task.dueAt.getTime() + ms);
    await ctx.db.followUpTask.update({ where: { id: task.id }, data: { dueAt } });
    if (task.kind === 'follow_up') await refreshNextFollowUp(ctx.db, task.customerId);
    const p = localParts(dueAt, ctx.store.timezone);
    return void ctx.reply({ text: ctx.say(FU.snoozed, { due: `${p.date} ${p.time}` }) });
  }
  if (verb === 'done') {
    const logButton = { label: ctx.say(CRM_LOG), value: `crm:log:${task.customerId}` };
    // a follow-up is closed by logging its outcome (which also schedules the next one)
    if (task.kind === 'follow_up') return void ctx.reply({ text: ctx.say(LOG_ASK), buttons: [logButton] });
    await ctx.db.followUpTask.update({ where: { id: task.id }, data: { status: 'done', outcome: 'done', doneAt: ctx.now } });
    return void ctx.reply({ text: ctx.say(DONE), buttons: [logButton] });
  }
  return void ctx.reply({ text: ctx.say(FU.notFound) });
}

async function onRating(ctx: TurnContext, action: string): Promise<void> {
  if (ctx.actor.kind !== 'customer') return;
  const [, , taskId, n] = action.split(':');
  const score = Number(n);
  const task = await ctx.db.followUpTask.findUnique({ where: { id: taskId ?? '' } });
  if (!task || task.customerId !== ctx.actor.customer.id || task.kind !== 'return_visit' || !(score >= 1 && score <= 5)) {
    ctx.reply({ text: ctx.say(FU.notFound) });
    return;
  }
  await recordAnswer(ctx, task, { satisfaction: score }, (lang) => fill(lang, FU.rvScore, { n: score }));
  ctx.reply({ text: ctx.say(score <= 3 ? FU.rvSorry : FU.rvThanks) });
}

/** A free reply to a return-visit question asked in the last 3 days (and not a question of its own). */
async function onFreeAnswer(ctx: TurnContext): Promise<boolean> {
  if (ctx.actor.kind !== 'customer') return false;
  const task = await ctx.db.followUpTask.findFirst({
    where: {
      customerId: ctx.actor.customer.id,
      status: 'open',
      kind: 'return_visit',
      outcome: 'asked',
      dueAt: { gte: new Date(ctx.now.getTime() - 3 * DAY_MS) },
    },
    orderBy: { dueAt: 'desc' },
  });
  if (!task) return false;
  if (ctx.understanding().intent !== 'other') return false;
  const text = ctx.msg.text!.trim().slice(0, 500);
  await recordAnswer(ctx, task, { answer: 'text' }, () => text);
  ctx.reply({ text: ctx.say(FU.rvThanks) });
  return true;
}

async function recordAnswer(
  ctx: TurnContext,
  task: { id: string; customerId: string; staffId: string | null; reason: string | null; dedupeKey: string | null },
  detail: Record<string, string | number>,
  answerForStaff: (lang: Lang) => string,
): Promise<void> {
  const day = returnVisitDay(task.reason, task.dedupeKey);
  const orderId = task.dedupeKey?.split(':')[1] ?? null;
  const satisfied = typeof detail.satisfaction === 'number' ? detail.satisfaction >= 4 : null;
  // the task closes and the answer is recorded together (keyed by the turn): an answer given
  // earlier closes it for good, and this same turn run again after a crash finds its record
  const eventKey = `${ctx.eventKey}:return_visit`;
  const recordedNow = await ctx.db.$transaction(async (tx) => {
    if (await tx.interaction.findUnique({ where: { eventKey } })) return true;
    const { count } = await tx.followUpTask.updateMany({
      where: { id: task.id, status: 'open' },
      data: { status: 'done', outcome: satisfied === false ? 'issue_noted' : satisfied ? 'satisfied' : 'answered', doneAt: ctx.now },
    });
    if (!count) return false; // answered already
    await tx.interaction.create({
      data: {
        storeId: ctx.store.id,
        customerId: task.customerId,
        type: 'return_visit',
        channel: ctx.msg.channel,
        occurredAt: ctx.now,
        detail: { orderId, day, ...detail },
        eventKey,
        createdAt: ctx.now,
      },
    });
    return true;
  });
  if (!recordedNow) return;
  await ctx.db.customer.update({ where: { id: task.customerId }, data: { lastContactAt: ctx.now } });
  if (task.staffId && satisfied !== true) {
    const customer = ctx.actor.kind === 'customer' ? ctx.actor.customer : null;
    await notifyStaff(
      ctx.db,
      task.staffId,
      (lang) => ({
        text: fill(lang, FU.rvStaff, { name: maskName(customer?.name), day, answer: answerForStaff(lang) }),
        buttons: [{ label: lang === 'zh' ? '打开' : 'Open', value: `crm:open:${task.customerId}` }],
      }),
      `fu-rv-answer:${task.id}`,
      ctx.now,
    );
  }
}
