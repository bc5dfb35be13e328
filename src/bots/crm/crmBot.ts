// The staff CRM in chat: new leads, logging outcomes, finding a customer (a masked card
// with actions), notes, regrading and lost approval, follow-ups, test-drive bookings,
// handing over, revealing a phone (audited), a manager erasing a customer's personal data
// at the customer's request (PIPL), deciding a possible duplicate (a phone a customer typed
// that another customer has: merge, or "not the same person"), "my day" (which lists the
// flagged ones) and linking chat accounts.
// Channel-neutral: forms, cards and buttons; the same commands also work typed as text.
import type { Bot, TurnContext } from '../../core/bot.js';
import { fill } from '../../core/i18n.js';
import type { Lang, OutboundMessage } from '../../core/message.js';
import { notifyStaff } from '../../core/notifyStaff.js';
import { zonedInstant } from '../../infra/storeTime.js';
import type { Customer, Staff } from '../../generated/prisma/client.js';
import { assignableStaff, assignCustomer } from '../../sales/customers/assignCustomer.js';
import { addCustomerNote } from '../../sales/customers/customerNotes.js';
import { decideDuplicate } from '../../sales/customers/decideDuplicate.js';
import { findCustomers } from '../../sales/customers/customerSearch.js';
import { scheduleFollowUp } from '../../sales/followUp/followUps.js';
import { createLead, validateLead, type LeadInput } from '../../sales/customers/leads.js';
import { linkStaffIdentity } from '../../sales/linkStaffIdentity.js';
import { decideLost, requestLost, validateLost } from '../../sales/customers/lostApproval.js';
import { maskName, maskPhone } from '../../sales/privacy/maskPersonalData.js';
import { mergeLeadInto } from '../../sales/customers/mergeLead.js';
import { buildMyDay } from '../../sales/board/myDay.js';
import { configureGradeRules } from '../../sales/followUp/gradeRules.js';
import { logOutcome, validateOutcome, type OutcomeInput } from '../../sales/customers/outcomes.js';
import { regradeCustomer } from '../../sales/followUp/regradeCustomer.js';
import { revealPhone } from '../../sales/privacy/revealPhone.js';
import { eraseCustomerOnRequest } from '../../sales/privacy/eraseCustomerOnRequest.js';
import { isManager, loadCustomerInScope, recordAccessDenied } from '../../sales/staffAccess.js';
import { bookTestDrive, chooseConsultant, findFreeSlots } from '../../sales/testDrives/testDriveBookings.js';
import type { TestDriveRules } from '../../sales/testDrives/testDriveRules.js';
import type { StoreData } from '../../storeData/storeDataSchema.js';
import { formatDay, formatWhen, lostReasonLabel, modelName, staffName } from './crmFormat.js';
import { assignForm, bookForm, eraseForm, followUpForm, leadForm, logForm, mergeForm, noteForm, regradeForm } from './crmForms.js';
import { CRM } from './crmTexts.js';
import { customerCard, customerList, myDayView } from './crmViews.js';

const COMMANDS = new Set(['lead', 'log', 'customer', 'note', 'home', 'link']);
const TEXT_COMMAND = /^\s*\/(lead|log|customer|note|home|link)(?:\s+([\s\S]*))?$/i;
const MY_DAY = /^\s*(my day|我的今天|今日跟进|今天跟进|今日待办)\s*$/i;
const ERROR_TEXT: Record<string, { zh: string; en: string }> = {
  required: CRM.eRequired,
  too_long: CRM.eTooLong,
  invalid_phone: CRM.eInvalidPhone,
  on_file_elsewhere: CRM.eOnFileElsewhere,
  invalid_option: CRM.eInvalidOption,
  invalid_budget: CRM.eInvalidBudget,
  invalid_amount: CRM.eInvalidAmount,
  wrong_confirmation: CRM.eWrongConfirmation,
};

interface Deps {
  data: StoreData;
  rules: TestDriveRules;
}

type StaffCtx = TurnContext & { actor: { kind: 'staff'; staff: Staff } };

export function createCrmBot(deps: Deps): Bot {
  // the store's grades and cadences (sales-rules.yaml) for leads, outcomes and "my day"
  if (deps.data.salesRules) configureGradeRules(deps.data.salesRules);
  const modelIds = deps.data.catalog.models.map((m) => m.id);
  const bookable = [...new Set(deps.data.demoCars.filter((c) => c.status === 'available').map((c) => c.model_id))];
  const env: Env = { ...deps, modelIds, bookable };
  return {
    name: 'crm',
    sides: ['staff'],
    async handle(ctx) {
      if (ctx.actor.kind !== 'staff') return false;
      const c = ctx as StaffCtx;
      const msg = ctx.msg;
      if (msg.kind === 'form' && msg.form?.id.startsWith('crm.')) {
        await onForm(c, env, msg.form);
        return true;
      }
      const action = msg.action ?? '';
      if (action.startsWith('crm:')) {
        await onButton(c, env, action);
        return true;
      }
      if (action === 'followups') {
        await showMyDay(c, env);
        return true;
      }
      const cmd = commandOf(ctx);
      if (!cmd) return false;
      await onCommand(c, env, cmd.name, cmd.args);
      return true;
    },
  };
}

interface Env extends Deps {
  modelIds: string[];
  bookable: string[];
}


function commandOf(ctx: TurnContext): { name: string; args: string } | null {
  const msg = ctx.msg;
  if (msg.kind === 'command' && msg.command) {
    const name = msg.command.name.replace(/^\//, '').toLowerCase();
    return COMMANDS.has(name) ? { name, args: msg.command.args.trim() } : null;
  }
  if (msg.kind === 'text' && msg.text) {
    const m = msg.text.match(TEXT_COMMAND);
    if (m) return { name: m[1].toLowerCase(), args: (m[2] ?? '').trim() };
    if (MY_DAY.test(msg.text)) return { name: 'home', args: '' };
  }
  return null;
}

// ------------------------------------------------------------------ dispatch

async function onCommand(ctx: StaffCtx, env: Env, name: string, args: string) {
  const staff = ctx.actor.staff;
  switch (name) {
    case 'lead':
      return ctx.reply(await leadFormReply(ctx, env));
    case 'log': {
      if (args) {
        const found = await findCustomers(ctx.db, { staff, query: args, limit: 2 });
        if (found.length === 1) return ctx.reply({ text: ctx.say(CRM.logTitle), form: logForm(ctx, { data: env.data, customer: found[0] }) });
      }
      return ctx.reply({ text: ctx.say(CRM.logTitle), form: logForm(ctx, { data: env.data, query: args }) });
    }
    case 'customer': {
      if (!args) return ctx.reply({ text: ctx.say(CRM.searchUsage) });
      const found = await findCustomers(ctx.db, { staff, query: args });
      if (!found.length) return ctx.reply({ text: ctx.say(CRM.notFound, { q: args.slice(0, 20) }) });
      if (found.length > 1) return ctx.reply(customerList(ctx, found));
      return ctx.reply(await customerCard(ctx, env.data, found[0].id));
    }
    case 'note':
      return ctx.reply({ text: ctx.say(CRM.noteTitle), form: noteForm(ctx, args) });
    case 'home':
      return showMyDay(ctx, env);
    case 'link':
      return link(ctx, args);
  }
}

async function onButton(ctx: StaffCtx, env: Env, action: string) {
  const [, verb, a, b] = action.split(':');
  if (verb === 'lost') return decide(ctx, env, a === 'approve', b ?? '');
  const customer = await inScope(ctx, a ?? '', `button:${verb}`);
  if (!customer) return;
  const staff = ctx.actor.staff;
  switch (verb) {
    case 'open':
      return ctx.reply(await customerCard(ctx, env.data, customer.id));
    case 'log':
      return ctx.reply({ text: ctx.say(CRM.logTitle), form: logForm(ctx, { data: env.data, customer }) });
    case 'regrade':
      return ctx.reply({ text: ctx.say(CRM.regradeTitle), form: regradeForm(ctx, customer, b) });
    case 'followup':
      return ctx.reply({ text: ctx.say(CRM.followupTitle), form: followUpForm(ctx, customer) });
    case 'book':
      return ctx.reply({ text: ctx.say(CRM.bookTitle), form: bookForm(ctx, { data: env.data, rules: env.rules, bookable: env.bookable, customer }) });
    case 'assign': {
      if (!isManager(staff) && customer.ownerId !== staff.id) return ctx.reply({ text: ctx.say(CRM.eNotAllowed) });
      const colleagues = (await assignableStaff(ctx.db, staff)).filter((s) => s.id !== customer.ownerId);
      return ctx.reply({ text: ctx.say(CRM.assignTitle), form: assignForm(ctx, customer, colleagues) });
    }
    case 'erase': {
      // the card offers it to managers only; a pressed (or forged) value from anyone else is refused on record
      if (!isManager(staff)) {
        await recordAccessDenied(ctx.db, { staff, customerId: customer.id, action: 'button:erase', reason: 'not_manager', now: ctx.now, log: ctx.log });
        return ctx.reply({ text: ctx.say(CRM.eNotAllowed) });
      }
      if (customer.anonymisedAt) return ctx.reply({ text: ctx.say(CRM.alreadyErased, { date: formatDay(customer.anonymisedAt, ctx.store.timezone) }) });
      return ctx.reply({ text: `${ctx.say(CRM.eraseTitle)}\n${ctx.say(CRM.fEraseWhat)}`, form: eraseForm(ctx, customer) });
    }
    case 'dupmerge':
    case 'dupdistinct':
      return decideOnDuplicate(ctx, env, customer, verb === 'dupmerge' ? 'merge' : 'distinct');
    case 'reveal': {
      const r = await revealPhone(ctx.db, { staff, customerId: customer.id, now: ctx.now, log: ctx.log });
      return ctx.reply(r.ok ? { text: ctx.say(CRM.phone, { name: maskName(customer.name), phone: r.phone ?? '—' }), sensitive: true } : { text: ctx.say(CRM.denied) });
    }
  }
}

async function onForm(ctx: StaffCtx, env: Env, form: { id: string; values: Record<string, string>; meta?: string }) {
  switch (form.id) {
    case 'crm.lead':
      return submitLead(ctx, env, form.values);
    case 'crm.lead.merge':
      return submitMerge(ctx, env, form.values, form.meta);
    case 'crm.log':
      return submitLog(ctx, env, form.values, form.meta);
    case 'crm.note':
      return submitNote(ctx, form.values);
  }
  const customer = await inScope(ctx, form.meta ?? '', form.id);
  if (!customer) return;
  switch (form.id) {
    case 'crm.regrade':
      return submitRegrade(ctx, env, customer, form.values);
    case 'crm.followup':
      return submitFollowUp(ctx, customer, form.values);
    case 'crm.book':
      return submitBook(ctx, env, customer, form.values);
    case 'crm.assign':
      return submitAssign(ctx, env, customer, form.values);
    case 'crm.erase':
      return submitErase(ctx, customer, form.values);
  }
}

// ------------------------------------------------------------------ helpers

/** The customer if in the staff member's scope; otherwise the refusal is audited and said. */
async function inScope(ctx: StaffCtx, customerId: string, action: string): Promise<Customer | null> {
  const c = await loadCustomerInScope(ctx.db, { staff: ctx.actor.staff, customerId, action, now: ctx.now, log: ctx.log });
  if (!c) ctx.reply({ text: ctx.say(CRM.denied) });
  return c;
}

function fieldErrors(ctx: TurnContext, errors: Record<string, string>): OutboundMessage {
  const formErrors = Object.fromEntries(Object.entries(errors).map(([k, code]) => [k, ERROR_TEXT[code] ? ctx.say(ERROR_TEXT[code]) : code]));
  return { text: ctx.say(CRM.fixFields), formErrors };
}

/** A customer named in a form field: one match, or a field error. */
async function resolveCustomerField(ctx: StaffCtx, query: string): Promise<{ customer: Customer } | { error: string }> {
  const q = query.trim();
  if (!q) return { error: ctx.say(CRM.eRequired) };
  const found = await findCustomers(ctx.db, { staff: ctx.actor.staff, query: q, limit: 5 });
  if (!found.length) return { error: ctx.say(CRM.eNoCustomer) };
  const exact = found.filter((c) => c.name === q || c.phone === q.replace(/\D/g, ''));
  if (found.length === 1 || exact.length === 1) return { customer: found.length === 1 ? found[0] : exact[0] };
  return { error: ctx.say(CRM.eSeveral, { list: found.map((c) => `${maskName(c.name)} ${maskPhone(c.phone)}`).join('、') }) };
}

const label = (ctx: TurnContext, c: Pick<Customer, 'name' | 'grade'>) => `${maskName(c.name)}（${c.grade}）`;

// ------------------------------------------------------------------ leads

async function leadFormReply(ctx: StaffCtx, env: Env, values?: Record<string, string>): Promise<OutboundMessage> {
  const staff = ctx.actor.staff;
  const campaigns = await ctx.db.campaign.findMany({ where: { storeId: ctx.store.id }, orderBy: { startsOn: 'desc' }, take: 20 });
  const owners = isManager(staff) ? await assignableStaff(ctx.db, staff) : null;
  return { text: ctx.say(CRM.leadTitle), form: leadForm(ctx, { data: env.data, campaigns, owners, values }) };
}

async function submitLead(ctx: StaffCtx, env: Env, values: Record<string, string>) {
  const staff = ctx.actor.staff;
  const result = await createLead(ctx.db, { staff, input: values as LeadInput, modelIds: env.modelIds, now: ctx.now });
  if (result.kind === 'invalid') return ctx.reply(fieldErrors(ctx, result.errors as Record<string, string>));
  if (result.kind === 'duplicate') {
    const c = await ctx.db.customer.findUniqueOrThrow({ where: { id: result.customer.id }, include: { owner: true } });
    const whoText = `${maskName(c.name)} · ${c.grade} · ${c.owner ? staffName(c.owner, ctx.lang) : ctx.say(CRM.unowned)}`;
    const meta = JSON.stringify({ customerId: c.id, values });
    return ctx.reply({ text: ctx.say(CRM.mergeHint, { who: whoText }), form: mergeForm(ctx, whoText, meta) });
  }
  const c = result.customer;
  const owner = await ctx.db.staff.findUnique({ where: { id: c.ownerId! } });
  const due = result.task ? formatWhen(result.task.dueAt, ctx.store.timezone) : '—';
  if (c.ownerId && c.ownerId !== staff.id) {
    await notifyStaff(
      ctx.db,
      c.ownerId,
      (lang) => ({
        text: fill(lang, CRM.leadAssigned, { name: maskName(c.name), phone: maskPhone(c.phone), grade: c.grade, source: fill(lang, CRM.source[c.source]), due }),
        buttons: [{ label: fill(lang, CRM.bLog), value: `crm:log:${c.id}` }, { label: maskName(c.name), value: `crm:open:${c.id}` }],
      }),
      `crm:lead:${c.id}`,
      ctx.now,
    );
  }
  const lead = `${ctx.say(CRM.leadSaved, { name: maskName(c.name), grade: c.grade, owner: staffName(owner, ctx.lang) })}\n${ctx.say(CRM.leadTask, { due })}`;
  ctx.reply(await customerCard(ctx, env.data, c.id, lead));
}

async function submitMerge(ctx: StaffCtx, env: Env, values: Record<string, string>, meta?: string) {
  let parsed: { customerId: string; values: LeadInput };
  try {
    parsed = JSON.parse(meta ?? '');
  } catch {
    return ctx.reply({ text: ctx.say(CRM.mergeCancelled) });
  }
  if (values.choice !== 'merge') return ctx.reply({ text: ctx.say(CRM.mergeCancelled) });
  const customer = await inScope(ctx, parsed.customerId, 'lead_merge');
  if (!customer) return;
  const staff = ctx.actor.staff;
  const v = await validateLead(ctx.db, { staff, input: parsed.values, modelIds: env.modelIds });
  if (!v.ok) return ctx.reply({ text: ctx.say(CRM.fixFields), form: leadForm(ctx, { data: env.data, campaigns: [], owners: null, values: parsed.values as Record<string, string> }) });
  const r = await mergeLeadInto(ctx.db, { staff, customer, lead: v.lead, now: ctx.now });
  const whoText = label(ctx, r.customer);
  const fieldsText = r.filled.map((f) => f).join(', ');
  const lines = [r.filled.length ? ctx.say(CRM.merged, { who: whoText, fields: fieldsText }) : ctx.say(CRM.mergedNothing, { who: whoText })];
  if (r.ownerKept) lines.push(ctx.say(CRM.ownerKept));
  ctx.reply(await customerCard(ctx, env.data, customer.id, lines.join('\n')));
}

// ------------------------------------------------------------------ outcomes and lost

async function submitLog(ctx: StaffCtx, env: Env, values: Record<string, string>, meta?: string) {
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
    if (v.note) await addCustomerNote(ctx.db, { staff, customerId: customer.id, storeId: customer.storeId, text: v.note, now: ctx.now, eventKey: ctx.eventKey });
    const r = await requestLost(ctx.db, { staff, customer, reason: lost.reason!, text: lost.text, now: ctx.now });
    if (r.status === 'approved') return ctx.reply({ text: ctx.say(CRM.lostApproved, { name: maskName(customer.name), reason: lostReasonLabel(env.data, lost.reason!, ctx.lang) }) });
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
        buttons: [
          { label: fill(lang, CRM.approve), value: `crm:lost:approve:${r.task.id}` },
          { label: fill(lang, CRM.reject), value: `crm:lost:reject:${r.task.id}` },
        ],
      }),
      `crm:lost:${r.task.id}`,
      ctx.now,
    );
    return ctx.reply({ text: ctx.say(CRM.lostPending, { manager: staffName(r.approver, ctx.lang) }) });
  }

  const input: OutcomeInput = { outcome: v.outcome as OutcomeInput['outcome'], amount: v.amount, modelId: v.modelId, note: v.note };
  const r = await logOutcome(ctx.db, { staff, customer, input, now: ctx.now, eventKey: ctx.eventKey });
  const lines = [ctx.say(CRM.outcomeSaved, { name: maskName(customer.name), outcome: ctx.say(CRM.outcome[input.outcome]) })];
  if (input.outcome === 'order') lines.push(ctx.say(CRM.nowOrdered));
  lines.push(r.nextDueAt ? ctx.say(CRM.nextFollowUp, { due: formatWhen(r.nextDueAt, ctx.store.timezone) }) : ctx.say(CRM.noFollowUp));
  const buttons = [{ label: maskName(customer.name), value: `crm:open:${customer.id}` }];
  if (r.suggestion) {
    lines.push(ctx.say(CRM.suggest, { grade: r.suggestion }));
    buttons.unshift({ label: ctx.say(CRM.suggestButton, { grade: r.suggestion }), value: `crm:regrade:${customer.id}:${r.suggestion}` });
  }
  ctx.reply({ text: lines.join('\n'), buttons });
}

async function decide(ctx: StaffCtx, env: Env, approve: boolean, taskId: string) {
  const r = await decideLost(ctx.db, { staff: ctx.actor.staff, taskId, approve, now: ctx.now });
  if (!('request' in r)) return ctx.reply({ text: ctx.say(r.status === 'already_decided' ? CRM.lostDecided : CRM.eNotAllowed) });
  const c = r.customer;
  if (r.request.requestedBy !== ctx.actor.staff.id) {
    await notifyStaff(
      ctx.db,
      r.request.requestedBy,
      (lang) => ({ text: fill(lang, r.status === 'approved' ? CRM.lostApprovedYou : CRM.lostRejectedYou, { name: maskName(c.name) }), buttons: [{ label: maskName(c.name), value: `crm:open:${c.id}` }] }),
      `crm:lost:${r.status}:${taskId}`,
      ctx.now,
    );
  }
  if (r.status === 'approved') return ctx.reply({ text: ctx.say(CRM.lostApproved, { name: maskName(c.name), reason: lostReasonLabel(env.data, r.request.reason, ctx.lang) }) });
  ctx.reply({ text: ctx.say(CRM.lostRejected) });
}

// ------------------------------------------------------------------ card actions

async function submitRegrade(ctx: StaffCtx, env: Env, customer: Customer, values: Record<string, string>) {
  const r = await regradeCustomer(ctx.db, { staff: ctx.actor.staff, customer, to: (values.grade ?? '').trim(), reason: values.reason, now: ctx.now });
  if (!r.ok) {
    const text = r.reason === 'invalid_grade' ? ctx.say(CRM.eInvalidOption) : r.reason === 'same_grade' ? ctx.say(CRM.eSameGrade) : ctx.say(CRM.eNotAllowed);
    return ctx.reply({ text, formErrors: { grade: text } });
  }
  ctx.reply(await customerCard(ctx, env.data, customer.id, ctx.say(CRM.regraded, { name: maskName(customer.name), from: r.from, to: r.to })));
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

async function submitFollowUp(ctx: StaffCtx, customer: Customer, values: Record<string, string>) {
  const date = (values.date ?? '').trim();
  const time = (values.time ?? '').trim();
  const errors: Record<string, string> = {};
  if (!DATE.test(date) || Number.isNaN(Date.parse(`${date}T00:00:00Z`))) errors.date = ctx.say(CRM.eDate);
  if (!TIME.test(time)) errors.time = ctx.say(CRM.eTime);
  const note = (values.note ?? '').trim();
  if (note.length > 200) errors.note = ctx.say(CRM.eTooLong);
  if (Object.keys(errors).length) return ctx.reply({ text: ctx.say(CRM.fixFields), formErrors: errors });
  const dueAt = zonedInstant(date, time, ctx.store.timezone);
  if (dueAt.getTime() < ctx.now.getTime()) return ctx.reply({ text: ctx.say(CRM.fixFields), formErrors: { date: ctx.say(CRM.ePast) } });
  await scheduleFollowUp(ctx.db, { customerId: customer.id, staffId: customer.ownerId ?? ctx.actor.staff.id, dueAt, now: ctx.now, reason: note || 'planned' });
  ctx.reply({ text: ctx.say(CRM.followupSaved, { name: maskName(customer.name), due: formatWhen(dueAt, ctx.store.timezone) }), buttons: [{ label: maskName(customer.name), value: `crm:open:${customer.id}` }] });
}

async function submitBook(ctx: StaffCtx, env: Env, customer: Customer, values: Record<string, string>) {
  const modelId = (values.model ?? '').trim();
  const date = (values.date ?? '').trim();
  const time = (values.time ?? '').trim();
  const errors: Record<string, string> = {};
  if (!env.bookable.includes(modelId)) errors.model = ctx.say(modelId ? CRM.eNoDemoCar : CRM.eRequired);
  if (!DATE.test(date)) errors.date = ctx.say(CRM.eDate);
  if (!TIME.test(time)) errors.time = ctx.say(CRM.eTime);
  if (Object.keys(errors).length) return ctx.reply({ text: ctx.say(CRM.fixFields), formErrors: errors });
  const staffId = await chooseConsultant(ctx.db, ctx.store.id, customer.ownerId);
  const r = await bookTestDrive(ctx.db, { customerId: customer.id, modelId, date, time, rules: env.rules, now: ctx.now, staffId, channel: ctx.msg.channel, eventKey: ctx.eventKey });
  if (!r.ok) {
    if (r.reason === 'no_demo_car') return ctx.reply({ text: ctx.say(CRM.fixFields), formErrors: { model: ctx.say(CRM.eNoDemoCar) } });
    if (r.reason === 'too_many') {
      const msg = ctx.say(CRM.eTooManyBookings, { max: env.rules.maxLiveBookings });
      return ctx.reply({ text: msg, formErrors: { date: msg } });
    }
    const free = await findFreeSlots(ctx.db, { modelId, rules: env.rules, now: ctx.now, near: { date, time }, limit: 3 });
    const msg = free.length ? ctx.say(CRM.eSlot, { slots: free.map((s) => `${s.date.slice(5)} ${s.time}`).join('、') }) : ctx.say(CRM.eSlotNone);
    const field = r.reason === 'past_date' || r.reason === 'beyond_window' ? 'date' : 'time';
    return ctx.reply({ text: msg, formErrors: { [field]: msg } });
  }
  ctx.reply({
    text: ctx.say(CRM.booked, { name: maskName(customer.name), model: modelName(env.data, modelId, ctx.lang), slot: formatWhen(r.booking.slotStart, ctx.store.timezone) }),
    buttons: [{ label: maskName(customer.name), value: `crm:open:${customer.id}` }],
  });
}

async function submitAssign(ctx: StaffCtx, env: Env, customer: Customer, values: Record<string, string>) {
  const staff = ctx.actor.staff;
  const r = await assignCustomer(ctx.db, { staff, customer, toStaffId: (values.staff ?? '').trim(), now: ctx.now });
  if (!r.ok) {
    const text = r.reason === 'same_owner' ? ctx.say(CRM.eSameOwner) : r.reason === 'invalid_staff' ? ctx.say(CRM.eInvalidOption) : ctx.say(CRM.eNotAllowed);
    return ctx.reply({ text, formErrors: { staff: text } });
  }
  const to = await ctx.db.staff.findUniqueOrThrow({ where: { id: r.customer.ownerId! } });
  if (to.id !== staff.id) {
    await notifyStaff(
      ctx.db,
      to.id,
      (lang) => ({ text: fill(lang, CRM.assignedYou, { from: staffName(staff, lang), name: maskName(customer.name), grade: customer.grade }), buttons: [{ label: maskName(customer.name), value: `crm:open:${customer.id}` }] }),
      `crm:assign:${customer.id}:${ctx.msg.eventId}`,
      ctx.now,
    );
  }
  ctx.reply(await customerCard(ctx, env.data, customer.id, ctx.say(CRM.assigned, { name: maskName(customer.name), to: staffName(to, ctx.lang) })));
}

// ------------------------------------------------------------------ deletion at the customer's request

async function submitErase(ctx: StaffCtx, customer: Customer, values: Record<string, string>) {
  const staff = ctx.actor.staff;
  const requestChannel = (values.channel ?? '').trim();
  // scope and role again in sales/: a submission can be forged as easily as a button
  const r = await eraseCustomerOnRequest(ctx.db, { staff, customerId: customer.id, requestChannel, confirm: values.confirm ?? '', now: ctx.now, log: ctx.log });
  if (r.status === 'denied') return ctx.reply({ text: ctx.say(CRM.eNotAllowed) });
  if (r.status === 'already_erased') return ctx.reply({ text: ctx.say(CRM.alreadyErased, { date: formatDay(r.at, ctx.store.timezone) }) });
  if (r.status === 'invalid') {
    const errors: Record<string, string> = {};
    if (r.errors.channel) errors.channel = ctx.say(ERROR_TEXT[r.errors.channel]);
    if (r.errors.confirm) errors.confirm = ctx.say(r.errors.confirm === 'wrong_confirmation' && !customer.phone ? CRM.eWrongWord : ERROR_TEXT[r.errors.confirm]);
    return ctx.reply({ text: ctx.say(CRM.fixFields), formErrors: errors });
  }
  if (r.ownerId && r.ownerId !== staff.id) {
    // no name: the owner only needs to stop contacting them (and the name is gone anyway)
    await notifyStaff(
      ctx.db,
      r.ownerId,
      (lang) => ({ text: fill(lang, CRM.erasedYou, { who: staffName(staff, lang), grade: r.grade }) }),
      `crm:erase:${customer.id}`,
      ctx.now,
    );
  }
  ctx.reply({ text: ctx.say(CRM.erased, { channel: ctx.say(CRM.eraseChannel[requestChannel]), tasks: r.tasksClosed }) });
}

// ------------------------------------------------------------------ possible duplicates

async function decideOnDuplicate(ctx: StaffCtx, env: Env, customer: Customer, decision: 'merge' | 'distinct') {
  // scope of both records again in sales/: a button value can be forged
  const r = await decideDuplicate(ctx.db, { staff: ctx.actor.staff, customerId: customer.id, decision, now: ctx.now, log: ctx.log });
  if (r.status === 'denied') return ctx.reply({ text: ctx.say(r.reason === 'erased' ? CRM.dupNone : CRM.dupDenied) });
  if (r.status === 'not_flagged') return ctx.reply(await customerCard(ctx, env.data, customer.id, ctx.say(CRM.dupNone)));
  if (r.status === 'distinct') return ctx.reply(await customerCard(ctx, env.data, customer.id, ctx.say(CRM.dupDistinct, { name: maskName(customer.name) })));
  const owner = r.kept.ownerId ? await ctx.db.staff.findUnique({ where: { id: r.kept.ownerId } }) : null;
  const lead = ctx.say(CRM.dupMerged, { who: label(ctx, r.kept), owner: owner ? staffName(owner, ctx.lang) : ctx.say(CRM.unowned) });
  ctx.reply(await customerCard(ctx, env.data, r.kept.id, lead));
}

// ------------------------------------------------------------------ notes, my day, link

async function submitNote(ctx: StaffCtx, values: Record<string, string>) {
  const errors: Record<string, string> = {};
  const text = (values.note ?? '').trim();
  if (!text) errors.note = ctx.say(CRM.eRequired);
  else if (text.length > 1000) errors.note = ctx.say(CRM.eTooLong);
  const r = await resolveCustomerField(ctx, values.customer ?? '');
  if ('error' in r) errors.customer = r.error;
  if (Object.keys(errors).length || 'error' in r) return ctx.reply({ text: ctx.say(CRM.fixFields), formErrors: errors });
  await addCustomerNote(ctx.db, { staff: ctx.actor.staff, customerId: r.customer.id, storeId: r.customer.storeId, text, now: ctx.now, eventKey: ctx.eventKey });
  ctx.reply({ text: ctx.say(CRM.noteSaved, { name: maskName(r.customer.name) }), buttons: [{ label: maskName(r.customer.name), value: `crm:open:${r.customer.id}` }] });
}

async function showMyDay(ctx: StaffCtx, env: Env) {
  const day = await buildMyDay(ctx.db, { staff: ctx.actor.staff, now: ctx.now, timeZone: ctx.store.timezone });
  ctx.reply(myDayView(ctx, env.data, day));
}

async function link(ctx: StaffCtx, args: string) {
  const m = args.match(/^<@([A-Z0-9]+)(?:\|[^>]*)?>\s+(\S+)$/i) ?? args.match(/^@?([A-Za-z0-9_.-]+)\s+(\S+)$/);
  if (!m) return ctx.reply({ text: ctx.say(CRM.linkUsage) });
  const [, externalId, staffId] = m;
  const r = await linkStaffIdentity(ctx.db, { staff: ctx.actor.staff, channel: ctx.msg.channel, externalId, staffId, now: ctx.now });
  if (r.ok) return ctx.reply({ text: ctx.say(CRM.linked, { user: externalId, staff: staffId }) });
  if (r.reason === 'not_allowed') {
    ctx.log.warn({ staffId: ctx.actor.staff.id, target: staffId }, 'link refused');
    return ctx.reply({ text: ctx.say(CRM.linkDenied) });
  }
  ctx.reply({ text: ctx.say(r.reason === 'unknown_staff' ? CRM.linkUnknown : CRM.linkCustomer, { staff: staffId }) });
}
