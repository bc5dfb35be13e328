// The staff CRM in chat: new leads, logging outcomes, finding a customer (a masked card
// with actions), notes, regrading and lost approval, follow-ups, test-drive bookings,
// handing over, revealing a phone (audited), a manager erasing a customer's personal data
// at the customer's request (PIPL), deciding a possible duplicate (a phone a customer typed
// that another customer has: merge, or "not the same person"), "my day" (which lists the
// flagged ones) and linking chat accounts.
// Channel-neutral: forms, cards and buttons; the same commands also work typed as text.
// This file is the bot's routes, in the order they are tried: submitted forms, the `crm:`
// buttons (crmActions.ts holds their patterns), the help menu's "my day" button, then the
// commands and the words "my day". The handlers live in one file per area.
import type { Bot } from '../../core/bot.js';
import { action, command, form, staffBot, text } from '../../core/turnRoutes.js';
import { DEFAULT_GRADE_SCHEME, gradeSchemeFrom } from '../../sales/followUp/gradeRules.js';
import { LOST_DECISION_BUTTON, MY_DAY_BUTTON } from './crmActions.js';
import { customerAction, customerForm, otherCrmButton, otherCrmForm, type CrmDeps, type CrmEnv } from './crmContext.js';
import {
  findCustomer,
  openCard,
  revealCustomerPhone,
  showAssignForm,
  showBookForm,
  showFollowUpForm,
  showRegradeForm,
  submitAssign,
  submitBook,
  submitFollowUp,
  submitRegrade,
} from './crmCustomerActions.js';
import { decideOnDuplicate } from './crmDuplicates.js';
import { showEraseForm, submitErase } from './crmErase.js';
import { showLeadForm, submitLead, submitMerge } from './crmLeads.js';
import { linkChatAccount } from './crmLink.js';
import { decideLostRequest, showLogForm, showLogFormFor, submitLog } from './crmLog.js';
import { MY_DAY_TEXT, showMyDay } from './crmMyDay.js';
import { showNoteForm, submitNote } from './crmNotes.js';

export function createCrmBot(deps: CrmDeps): Bot {
  // the store's grades and cadences (sales-rules.yaml) for leads, outcomes, "my day" and the forms
  const grades = deps.data.salesRules ? gradeSchemeFrom(deps.data.salesRules) : DEFAULT_GRADE_SCHEME;
  const modelIds = deps.data.catalog.models.map((m) => m.id);
  const bookable = [...new Set(deps.data.demoCars.filter((c) => c.status === 'available').map((c) => c.model_id))];
  const env: CrmEnv = { ...deps, grades, modelIds, bookable };
  return staffBot({
    name: 'crm',
    routes: [
      // forms
      form('crm.lead', (ctx, f) => submitLead(ctx, env, f.values)),
      form('crm.lead.merge', (ctx, f) => submitMerge(ctx, env, f.values, f.meta)),
      form('crm.log', (ctx, f) => submitLog(ctx, env, f.values, f.meta)),
      form('crm.note', (ctx, f) => submitNote(ctx, f.values)),
      customerForm('crm.regrade', (ctx, customer, values) => submitRegrade(ctx, env, customer, values)),
      customerForm('crm.followup', (ctx, customer, values) => submitFollowUp(ctx, customer, values)),
      customerForm('crm.book', (ctx, customer, values) => submitBook(ctx, env, customer, values)),
      customerForm('crm.assign', (ctx, customer, values) => submitAssign(ctx, env, customer, values)),
      customerForm('crm.erase', (ctx, customer, values) => submitErase(ctx, customer, values)),
      otherCrmForm(),
      // buttons
      action(LOST_DECISION_BUTTON, (ctx, p) => decideLostRequest(ctx, env, p.decision === 'approve', p.taskId)),
      customerAction('open', (ctx, customer) => openCard(ctx, env, customer)),
      customerAction('log', (ctx, customer) => showLogForm(ctx, env, customer)),
      customerAction('regrade', (ctx, customer, p) => showRegradeForm(ctx, env, customer, p.grade)),
      customerAction('followup', (ctx, customer) => showFollowUpForm(ctx, customer)),
      customerAction('book', (ctx, customer) => showBookForm(ctx, env, customer)),
      customerAction('assign', (ctx, customer) => showAssignForm(ctx, customer)),
      customerAction('erase', (ctx, customer) => showEraseForm(ctx, customer)),
      customerAction('dupmerge', (ctx, customer) => decideOnDuplicate(ctx, env, customer, 'merge')),
      customerAction('dupdistinct', (ctx, customer) => decideOnDuplicate(ctx, env, customer, 'distinct')),
      customerAction('reveal', (ctx, customer) => revealCustomerPhone(ctx, customer)),
      otherCrmButton(),
      action(MY_DAY_BUTTON, (ctx) => showMyDay(ctx, env)),
      // commands, typed or sent by the platform
      command(['lead'], (ctx) => showLeadForm(ctx, env)),
      command(['log'], (ctx, args) => showLogFormFor(ctx, env, args)),
      command(['customer'], (ctx, args) => findCustomer(ctx, env, args)),
      command(['note'], (ctx, args) => showNoteForm(ctx, args)),
      command(['home'], (ctx) => showMyDay(ctx, env)),
      command(['link'], (ctx, args) => linkChatAccount(ctx, args)),
      text(MY_DAY_TEXT, (ctx) => showMyDay(ctx, env)),
    ],
  });
}
