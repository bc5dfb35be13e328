// Notes on a customer: `/note [text]` opens a form with the text and a field naming the
// customer (one match in scope, or a field error); the note is kept as an interaction.
import type { StaffTurn } from '../../core/turnRoutes.js';
import { addCustomerNote } from '../../sales/customers/customerNotes.js';
import { maskName } from '../../sales/privacy/maskPersonalData.js';
import { openButton } from './crmActions.js';
import { resolveCustomerField } from './crmContext.js';
import { noteForm } from './crmForms.js';
import { CRM } from './crmTexts.js';

export function showNoteForm(ctx: StaffTurn, text: string) {
  return ctx.reply({ text: ctx.say(CRM.noteTitle), form: noteForm(ctx, text) });
}

export async function submitNote(ctx: StaffTurn, values: Record<string, string>) {
  const errors: Record<string, string> = {};
  const text = (values.note ?? '').trim();
  if (!text) errors.note = ctx.say(CRM.eRequired);
  else if (text.length > 1000) errors.note = ctx.say(CRM.eTooLong);
  const r = await resolveCustomerField(ctx, values.customer ?? '');
  if ('error' in r) errors.customer = r.error;
  if (Object.keys(errors).length || 'error' in r) return ctx.reply({ text: ctx.say(CRM.fixFields), formErrors: errors });
  await addCustomerNote(ctx.db, { staff: ctx.actor.staff, customerId: r.customer.id, storeId: r.customer.storeId, text, now: ctx.now, eventKey: ctx.eventKey });
  ctx.reply({ text: ctx.say(CRM.noteSaved, { name: maskName(r.customer.name) }), buttons: [openButton(maskName(r.customer.name), r.customer.id)] });
}
