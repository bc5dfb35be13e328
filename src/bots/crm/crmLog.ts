// Logging what happened with a customer: the log form (`/log [who]` or a card's button),
// its submission (the outcome saved, the next follow-up scheduled, a higher grade only
// suggested), and "lost", which needs a manager: the request goes to the approver with two
// buttons, and the decision comes back to whoever asked.
import { fill } from '../../core/i18n.js';
import { notifyStaff } from '../../core/notifyStaff.js';
import type { StaffTurn } from '../../core/turnRoutes.js';
import type { Customer } from '../../generated/prisma/client.js';
import { addCustomerNote } from '../../sales/customers/customerNotes.js';
import { findCustomers } from '../../sales/customers/customerSearch.js';
import { decideLost, requestLost, validateLost } from '../../sales/customers/lostApproval.js';
import { logOutcome, validateOutcome, type OutcomeInput } from '../../sales/customers/outcomes.js';
import { maskName } from '../../sales/privacy/maskPersonalData.js';
import { customerButton, lostDecisionButton, openButton } from './crmActions.js';
import { ERROR_TEXT, inScope, resolveCustomerField, type CrmEnv } from './crmContext.js';
import { formatWhen, lostReasonLabel, staffName } from './crmFormat.js';
import { logForm } from './crmForms.js';
import { CRM } from './crmTexts.js';

/** `/log [who]`: the form for that customer when the words find exactly one, else with a customer field. */
export async function showLogFormFor(ctx: StaffTurn, env: CrmEnv, query: string) {
  if (query) {
    const found = await findCustomers(ctx.db, { staff: ctx.actor.staff, query, limit: 2 });
    if (found.length === 1) return ctx.reply({ text: ctx.say(CRM.logTitle), form: logForm(ctx, { data: env.data, customer: found[0] }) });
  }
  return ctx.reply({ text: ctx.say(CRM.logTitle), form: logForm(ctx, { data: env.data, query }) });
}

/** A card's "log" button: the form for this customer. */
export function showLogForm(ctx: StaffTurn, env: CrmEnv, customer: Customer) {
  return ctx.reply({ text: ctx.say(CRM.logTitle), form: logForm(ctx, { data: env.data, customer }) });
}

export async function submitLog(ctx: StaffTurn, env: CrmEnv, values: Record<string, string>, meta?: string) {
  const staff = ctx.actor.staff;
  let customer: Customer | null = null;
  const errors: Record<string, string> = {};
  if (meta) {
    customer = await inScope(ctx, meta, 'log');
    if (!customer) return;
  } else {
    const r = await resolveCustomerField(ctx, values.customer ?? '');
    if ('error' in r) errors.customer = r.error;
    else customer = r.customer;
  }
  const v = validateOutcome(values, { modelIds: env.modelIds, customer: customer ?? { intendedModelId: null } });
  for (const [k, code] of Object.entries(v.errors)) errors[k] = ctx.say(ERROR_TEXT[code]);
  const lost = v.outcome === 'lost' ? validateLost(values) : null;
  if (lost) {
    for (const [k, code] of Object.entries(lost.errors)) errors[k] = ctx.say(ERROR_TEXT[code]);
    delete errors.amount;
  }
  if (Object.keys(errors).length || !customer) return ctx.reply({ text: ctx.say(CRM.fixFields), formErrors: errors });

  if (lost) {
    if (v.note)
      await addCustomerNote(ctx.db, { staff, customerId: customer.id, storeId: customer.storeId, text: v.note, now: ctx.now, eventKey: ctx.eventKey });
    const r = await requestLost(ctx.db, { staff, customer, reason: lost.reason!, text: lost.text, now: ctx.now });
    if (r.status === 'approved')
      return ctx.reply({ text: ctx.say(CRM.lostApproved, { name: maskName(customer.name), reason: lostReasonLabel(env.data, lost.reason!, ctx.lang) }) });
    if (r.status === 'already_pending') return ctx.reply({ text: ctx.say(CRM.lostAlready) });
    if (r.status === 'no_approver') return ctx.reply({ text: ctx.say(CRM.lostNoApprover) });
    const c = customer;
    await notifyStaff(
      ctx.db,
      r.approver.id,
      (lang) => ({
        text: fill(lang, CRM.lostAsk, {
          who: staffName(staff, lang),
          name: maskName(c.name),
          grade: c.grade,
          reason: lostReasonLabel(env.data, lost.reason!, lang),
          text: lost.text ? `（${lost.text.slice(0, 100)}）` : '',
        }),
        buttons: [lostDecisionButton(fill(lang, CRM.approve), 'approve', r.task.id), lostDecisionButton(fill(lang, CRM.reject), 'reject', r.task.id)],
      }),
      `crm:lost:${r.task.id}`,
      ctx.now,
    );
    return ctx.reply({ text: ctx.say(CRM.lostPending, { manager: staffName(r.approver, ctx.lang) }) });
  }

  const input: OutcomeInput = { outcome: v.outcome as OutcomeInput['outcome'], amount: v.amount, modelId: v.modelId, note: v.note };
  const r = await logOutcome(ctx.db, { staff, customer, input, now: ctx.now, grades: env.grades, eventKey: ctx.eventKey });
  const lines = [ctx.say(CRM.outcomeSaved, { name: maskName(customer.name), outcome: ctx.say(CRM.outcome[input.outcome]) })];
  if (input.outcome === 'order') lines.push(ctx.say(CRM.nowOrdered));
  lines.push(r.nextDueAt ? ctx.say(CRM.nextFollowUp, { due: formatWhen(r.nextDueAt, ctx.store.timezone) }) : ctx.say(CRM.noFollowUp));
  const buttons = [openButton(maskName(customer.name), customer.id)];
  if (r.suggestion) {
    lines.push(ctx.say(CRM.suggest, { grade: r.suggestion }));
    buttons.unshift({
      label: ctx.say(CRM.suggestButton, { grade: r.suggestion }),
      value: customerButton('regrade', { customerId: customer.id, grade: r.suggestion }),
    });
  }
  ctx.reply({ text: lines.join('\n'), buttons });
}

/** A manager's answer to a lost request (`approve`, anything else rejects); whoever asked is told. */
export async function decideLostRequest(ctx: StaffTurn, env: CrmEnv, approve: boolean, taskId: string) {
  const r = await decideLost(ctx.db, { staff: ctx.actor.staff, taskId, approve, now: ctx.now });
  if (!('request' in r)) return ctx.reply({ text: ctx.say(r.status === 'already_decided' ? CRM.lostDecided : CRM.eNotAllowed) });
  const c = r.customer;
  if (r.request.requestedBy !== ctx.actor.staff.id) {
    await notifyStaff(
      ctx.db,
      r.request.requestedBy,
      (lang) => ({
        text: fill(lang, r.status === 'approved' ? CRM.lostApprovedYou : CRM.lostRejectedYou, { name: maskName(c.name) }),
        buttons: [openButton(maskName(c.name), c.id)],
      }),
      `crm:lost:${r.status}:${taskId}`,
      ctx.now,
    );
  }
  if (r.status === 'approved')
    return ctx.reply({ text: ctx.say(CRM.lostApproved, { name: maskName(c.name), reason: lostReasonLabel(env.data, r.request.reason, ctx.lang) }) });
  ctx.reply({ text: ctx.say(CRM.lostRejected) });
}
