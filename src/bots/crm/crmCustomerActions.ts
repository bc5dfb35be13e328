// Finding a customer and what a customer's card offers: `/customer <words>` (one match
// opens the card, several list), the card itself, and its buttons with their forms:
// regrade, plan a follow-up, book a test drive, hand to a colleague, reveal the phone
// (audited). The customer is always in the staff member's scope by the time these run
// (customerAction/customerForm check first); erasing and duplicates have their own files.
import { fill } from '../../core/i18n.js';
import { notifyStaff } from '../../core/notifyStaff.js';
import type { StaffTurn } from '../../core/turnRoutes.js';
import type { Customer } from '../../generated/prisma/client.js';
import { zonedInstant } from '../../infra/storeTime.js';
import { assignableStaff, assignCustomer } from '../../sales/customers/assignCustomer.js';
import { findCustomers } from '../../sales/customers/customerSearch.js';
import { scheduleFollowUp } from '../../sales/followUp/followUps.js';
import { regradeCustomer } from '../../sales/followUp/regradeCustomer.js';
import { maskName } from '../../sales/privacy/maskPersonalData.js';
import { revealPhone } from '../../sales/privacy/revealPhone.js';
import { isManager } from '../../sales/staffAccess.js';
import { bookTestDrive, chooseConsultant, findFreeSlots } from '../../sales/testDrives/testDriveBookings.js';
import { openButton } from './crmActions.js';
import type { CrmEnv } from './crmContext.js';
import { formatWhen, modelName, staffName } from './crmFormat.js';
import { assignForm, bookForm, followUpForm, regradeForm } from './crmForms.js';
import { CRM } from './crmTexts.js';
import { customerCard, customerList } from './crmViews.js';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

/** `/customer <words>`: the card of the one match, a list of several, or what to type. */
export async function findCustomer(ctx: StaffTurn, env: CrmEnv, query: string) {
  if (!query) return ctx.reply({ text: ctx.say(CRM.searchUsage) });
  const found = await findCustomers(ctx.db, { staff: ctx.actor.staff, query });
  if (!found.length) return ctx.reply({ text: ctx.say(CRM.notFound, { q: query.slice(0, 20) }) });
  if (found.length > 1) return ctx.reply(customerList(ctx, found));
  return ctx.reply(await customerCard(ctx, env.data, found[0].id));
}

export async function openCard(ctx: StaffTurn, env: CrmEnv, customer: Customer) {
  return ctx.reply(await customerCard(ctx, env.data, customer.id));
}

/** The regrade form, with the grade an outcome suggested preselected. */
export function showRegradeForm(ctx: StaffTurn, env: CrmEnv, customer: Customer, suggested?: string) {
  return ctx.reply({ text: ctx.say(CRM.regradeTitle), form: regradeForm(ctx, env.grades, customer, suggested) });
}

export function showFollowUpForm(ctx: StaffTurn, customer: Customer) {
  return ctx.reply({ text: ctx.say(CRM.followupTitle), form: followUpForm(ctx, customer) });
}

export function showBookForm(ctx: StaffTurn, env: CrmEnv, customer: Customer) {
  return ctx.reply({ text: ctx.say(CRM.bookTitle), form: bookForm(ctx, { data: env.data, rules: env.rules, bookable: env.bookable, customer }) });
}

/** The owner or a manager may hand a customer over: the colleagues to pick from. */
export async function showAssignForm(ctx: StaffTurn, customer: Customer) {
  const staff = ctx.actor.staff;
  if (!isManager(staff) && customer.ownerId !== staff.id) return ctx.reply({ text: ctx.say(CRM.eNotAllowed) });
  const colleagues = (await assignableStaff(ctx.db, staff)).filter((s) => s.id !== customer.ownerId);
  return ctx.reply({ text: ctx.say(CRM.assignTitle), form: assignForm(ctx, customer, colleagues) });
}

/** The full phone, once, marked sensitive; revealPhone audits it (or refuses). */
export async function revealCustomerPhone(ctx: StaffTurn, customer: Customer) {
  const r = await revealPhone(ctx.db, { staff: ctx.actor.staff, customerId: customer.id, now: ctx.now, log: ctx.log });
  return ctx.reply(
    r.ok ? { text: ctx.say(CRM.phone, { name: maskName(customer.name), phone: r.phone ?? '—' }), sensitive: true } : { text: ctx.say(CRM.denied) },
  );
}

export async function submitRegrade(ctx: StaffTurn, env: CrmEnv, customer: Customer, values: Record<string, string>) {
  const r = await regradeCustomer(ctx.db, { staff: ctx.actor.staff, customer, to: (values.grade ?? '').trim(), reason: values.reason, now: ctx.now });
  if (!r.ok) {
    const text = r.reason === 'invalid_grade' ? ctx.say(CRM.eInvalidOption) : r.reason === 'same_grade' ? ctx.say(CRM.eSameGrade) : ctx.say(CRM.eNotAllowed);
    return ctx.reply({ text, formErrors: { grade: text } });
  }
  ctx.reply(await customerCard(ctx, env.data, customer.id, ctx.say(CRM.regraded, { name: maskName(customer.name), from: r.from, to: r.to })));
}

export async function submitFollowUp(ctx: StaffTurn, customer: Customer, values: Record<string, string>) {
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
  ctx.reply({
    text: ctx.say(CRM.followupSaved, { name: maskName(customer.name), due: formatWhen(dueAt, ctx.store.timezone) }),
    buttons: [openButton(maskName(customer.name), customer.id)],
  });
}

export async function submitBook(ctx: StaffTurn, env: CrmEnv, customer: Customer, values: Record<string, string>) {
  const modelId = (values.model ?? '').trim();
  const date = (values.date ?? '').trim();
  const time = (values.time ?? '').trim();
  const errors: Record<string, string> = {};
  if (!env.bookable.includes(modelId)) errors.model = ctx.say(modelId ? CRM.eNoDemoCar : CRM.eRequired);
  if (!DATE.test(date)) errors.date = ctx.say(CRM.eDate);
  if (!TIME.test(time)) errors.time = ctx.say(CRM.eTime);
  if (Object.keys(errors).length) return ctx.reply({ text: ctx.say(CRM.fixFields), formErrors: errors });
  const staffId = await chooseConsultant(ctx.db, ctx.store.id, customer.ownerId);
  const r = await bookTestDrive(ctx.db, {
    customerId: customer.id,
    modelId,
    date,
    time,
    rules: env.rules,
    now: ctx.now,
    staffId,
    channel: ctx.msg.channel,
    eventKey: ctx.eventKey,
  });
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
    text: ctx.say(CRM.booked, {
      name: maskName(customer.name),
      model: modelName(env.data, modelId, ctx.lang),
      slot: formatWhen(r.booking.slotStart, ctx.store.timezone),
    }),
    buttons: [openButton(maskName(customer.name), customer.id)],
  });
}

export async function submitAssign(ctx: StaffTurn, env: CrmEnv, customer: Customer, values: Record<string, string>) {
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
      (lang) => ({
        text: fill(lang, CRM.assignedYou, { from: staffName(staff, lang), name: maskName(customer.name), grade: customer.grade }),
        buttons: [openButton(maskName(customer.name), customer.id)],
      }),
      `crm:assign:${customer.id}:${ctx.msg.eventId}`,
      ctx.now,
    );
  }
  ctx.reply(await customerCard(ctx, env.data, customer.id, ctx.say(CRM.assigned, { name: maskName(customer.name), to: staffName(to, ctx.lang) })));
}
