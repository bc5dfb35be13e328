// A manager erasing a customer's personal data at the customer's request (PIPL): the card's
// button (offered to managers only; a pressed or forged value from anyone else is refused on
// record) opens a form that asks how the request came in and for the phone's 4 hidden
// digits (or a word when there is no phone) as confirmation; sales/ checks scope and role
// again on submission and erases, and the owner is told to stop contacting them (no name).
import { fill } from '../../core/i18n.js';
import { notifyStaff } from '../../core/notifyStaff.js';
import type { StaffTurn } from '../../core/turnRoutes.js';
import type { Customer } from '../../generated/prisma/client.js';
import { eraseCustomerOnRequest } from '../../sales/privacy/eraseCustomerOnRequest.js';
import { isManager, recordAccessDenied } from '../../sales/staffAccess.js';
import { ERROR_TEXT } from './crmContext.js';
import { formatDay, staffName } from './crmFormat.js';
import { eraseForm } from './crmForms.js';
import { CRM } from './crmTexts.js';

export async function showEraseForm(ctx: StaffTurn, customer: Customer) {
  const staff = ctx.actor.staff;
  // the card offers it to managers only; a pressed (or forged) value from anyone else is refused on record
  if (!isManager(staff)) {
    await recordAccessDenied(ctx.db, { staff, customerId: customer.id, action: 'button:erase', reason: 'not_manager', now: ctx.now, log: ctx.log });
    return ctx.reply({ text: ctx.say(CRM.eNotAllowed) });
  }
  if (customer.anonymisedAt) return ctx.reply({ text: ctx.say(CRM.alreadyErased, { date: formatDay(customer.anonymisedAt, ctx.store.timezone) }) });
  return ctx.reply({ text: `${ctx.say(CRM.eraseTitle)}\n${ctx.say(CRM.fEraseWhat)}`, form: eraseForm(ctx, customer) });
}

export async function submitErase(ctx: StaffTurn, customer: Customer, values: Record<string, string>) {
  const staff = ctx.actor.staff;
  const requestChannel = (values.channel ?? '').trim();
  // scope and role again in sales/: a submission can be forged as easily as a button
  const r = await eraseCustomerOnRequest(ctx.db, { staff, customerId: customer.id, requestChannel, confirm: values.confirm ?? '', now: ctx.now, log: ctx.log });
  if (r.status === 'denied') return ctx.reply({ text: ctx.say(CRM.eNotAllowed) });
  if (r.status === 'already_erased') return ctx.reply({ text: ctx.say(CRM.alreadyErased, { date: formatDay(r.at, ctx.store.timezone) }) });
  if (r.status === 'invalid') {
    const errors: Record<string, string> = {};
    if (r.errors.channel) errors.channel = ctx.say(ERROR_TEXT[r.errors.channel]);
    if (r.errors.confirm)
      errors.confirm = ctx.say(r.errors.confirm === 'wrong_confirmation' && !customer.phone ? CRM.eWrongWord : ERROR_TEXT[r.errors.confirm]);
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
