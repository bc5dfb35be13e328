// The CRM's forms (Slack modals; the web chat renders them too). Titles and submit labels
// stay within 24 characters.
import type { TurnContext } from '../../core/bot.js';
import type { Form, FormField } from '../../core/message.js';
import type { Campaign, Customer, Staff } from '../../generated/prisma/client.js';
import { addDays, localParts } from '../../infra/storeTime.js';
import { ACTIVE_GRADES, TIMEFRAMES, type GradeScheme } from '../../sales/followUp/gradeRules.js';
import { LEAD_SOURCES } from '../../sales/customers/leads.js';
import { LOST_REASONS } from '../../sales/customers/lostApproval.js';
import { ERASE_REQUEST_CHANNELS } from '../../sales/privacy/eraseCustomerOnRequest.js';
import { maskPhone } from '../../sales/privacy/maskPersonalData.js';
import { OUTCOMES } from '../../sales/customers/outcomes.js';
import type { StoreData } from '../../storeData/storeDataSchema.js';
import type { TestDriveRules } from '../../sales/testDrives/testDriveRules.js';
import { CRM } from './crmTexts.js';
import { staffName } from './crmFormat.js';

type Ctx = Pick<TurnContext, 'say' | 'lang' | 'now' | 'store'>;

const opts = (ctx: Ctx, values: readonly string[], table: Record<string, { zh: string; en: string }>) =>
  values.map((v) => ({ value: v, label: ctx.say(table[v]) }));

/** The active grades with their meaning in the store's words. */
const gradeOptions = (ctx: Ctx, grades: GradeScheme) => ACTIVE_GRADES.map((g) => ({ value: g, label: `${g} · ${ctx.say(grades.rules[g].meaning)}` }));

function modelOptions(ctx: Ctx, data: StoreData, only?: string[]) {
  return data.catalog.models.filter((m) => !only || only.includes(m.id)).map((m) => ({ value: m.id, label: m.name[ctx.lang] }));
}

export function leadForm(
  ctx: Ctx,
  a: { data: StoreData; grades: GradeScheme; campaigns: Campaign[]; owners: Staff[] | null; values?: Record<string, string> },
): Form {
  const v = a.values ?? {};
  const fields: FormField[] = [
    { name: 'name', label: ctx.say(CRM.fName), kind: 'text', required: true, initial: v.name },
    { name: 'phone', label: ctx.say(CRM.fPhone), kind: 'text', required: true, initial: v.phone, placeholder: '138xxxxxxxx' },
    { name: 'source', label: ctx.say(CRM.fSource), kind: 'select', required: true, options: opts(ctx, LEAD_SOURCES, CRM.source), initial: v.source },
  ];
  if (a.campaigns.length) {
    fields.push({
      name: 'campaign',
      label: ctx.say(CRM.fCampaign),
      kind: 'select',
      options: a.campaigns.map((c) => ({ value: c.id, label: ctx.lang === 'zh' ? c.nameZh : c.nameEn })),
      initial: v.campaign,
    });
  }
  fields.push(
    { name: 'model', label: ctx.say(CRM.fModel), kind: 'select', options: modelOptions(ctx, a.data), initial: v.model },
    { name: 'budget', label: ctx.say(CRM.fBudget), kind: 'text', hint: ctx.say(CRM.fBudgetHint), initial: v.budget },
    { name: 'timeframe', label: ctx.say(CRM.fTimeframe), kind: 'select', options: opts(ctx, TIMEFRAMES, CRM.timeframe), initial: v.timeframe },
    { name: 'grade', label: ctx.say(CRM.fGrade), kind: 'select', options: gradeOptions(ctx, a.grades), hint: ctx.say(CRM.fGradeHint), initial: v.grade },
  );
  if (a.owners) {
    fields.push({
      name: 'owner',
      label: ctx.say(CRM.fOwner),
      kind: 'select',
      options: a.owners.map((s) => ({ value: s.id, label: staffName(s, ctx.lang) })),
      initial: v.owner,
    });
  }
  fields.push({ name: 'notes', label: ctx.say(CRM.fNotes), kind: 'textarea', initial: v.notes });
  return { id: 'crm.lead', title: ctx.say(CRM.leadTitle), submitLabel: ctx.say(CRM.save), fields };
}

export function mergeForm(ctx: Ctx, who: string, meta: string): Form {
  return {
    id: 'crm.lead.merge',
    title: ctx.say(CRM.mergeTitle),
    submitLabel: ctx.say(CRM.submit),
    meta,
    fields: [
      {
        name: 'choice',
        label: ctx.say(CRM.fChoice),
        kind: 'select',
        required: true,
        initial: 'merge',
        hint: ctx.say(CRM.mergeHint, { who }),
        options: [
          { value: 'merge', label: ctx.say(CRM.mergeOption, { who }).slice(0, 75) },
          { value: 'cancel', label: ctx.say(CRM.cancelOption) },
        ],
      },
    ],
  };
}

export function logForm(ctx: Ctx, a: { data: StoreData; customer?: Customer; query?: string }): Form {
  const fields: FormField[] = [];
  if (!a.customer) fields.push({ name: 'customer', label: ctx.say(CRM.fCustomer), kind: 'text', required: true, initial: a.query || undefined });
  fields.push(
    { name: 'outcome', label: ctx.say(CRM.fOutcome), kind: 'select', required: true, options: opts(ctx, OUTCOMES, CRM.outcome) },
    { name: 'note', label: ctx.say(CRM.fNote), kind: 'textarea' },
    { name: 'amount', label: ctx.say(CRM.fAmount), kind: 'text', placeholder: '189800' },
    { name: 'model', label: ctx.say(CRM.fModel), kind: 'select', options: modelOptions(ctx, a.data), initial: a.customer?.intendedModelId ?? undefined },
    { name: 'lostReason', label: ctx.say(CRM.fLostReason), kind: 'select', options: opts(ctx, LOST_REASONS, a.data.salesRules.lostReasons) },
    { name: 'lostText', label: ctx.say(CRM.fLostText), kind: 'text' },
  );
  return { id: 'crm.log', title: ctx.say(CRM.logTitle), submitLabel: ctx.say(CRM.save), fields, meta: a.customer?.id };
}

export function regradeForm(ctx: Ctx, grades: GradeScheme, customer: Customer, initial?: string): Form {
  return {
    id: 'crm.regrade',
    title: ctx.say(CRM.regradeTitle),
    submitLabel: ctx.say(CRM.save),
    meta: customer.id,
    fields: [
      { name: 'grade', label: ctx.say(CRM.fGrade), kind: 'select', required: true, initial, options: gradeOptions(ctx, grades) },
      { name: 'reason', label: ctx.say(CRM.fReason), kind: 'text' },
    ],
  };
}

export function followUpForm(ctx: Ctx, customer: Customer): Form {
  const tomorrow = addDays(localParts(ctx.now, ctx.store.timezone).date, 1);
  return {
    id: 'crm.followup',
    title: ctx.say(CRM.followupTitle),
    submitLabel: ctx.say(CRM.save),
    meta: customer.id,
    fields: [
      { name: 'date', label: ctx.say(CRM.fDate), kind: 'date', required: true, initial: tomorrow },
      { name: 'time', label: ctx.say(CRM.fTime), kind: 'time', required: true, initial: '10:00' },
      { name: 'note', label: ctx.say(CRM.fNote), kind: 'textarea' },
    ],
  };
}

export function bookForm(ctx: Ctx, a: { data: StoreData; rules: TestDriveRules; bookable: string[]; customer: Customer }): Form {
  const tomorrow = addDays(localParts(ctx.now, ctx.store.timezone).date, 1);
  const model = a.customer.intendedModelId && a.bookable.includes(a.customer.intendedModelId) ? a.customer.intendedModelId : undefined;
  return {
    id: 'crm.book',
    title: ctx.say(CRM.bookTitle),
    submitLabel: ctx.say(CRM.save),
    meta: a.customer.id,
    fields: [
      { name: 'model', label: ctx.say(CRM.fModel), kind: 'select', required: true, initial: model, options: modelOptions(ctx, a.data, a.bookable) },
      { name: 'date', label: ctx.say(CRM.fDate), kind: 'date', required: true, initial: tomorrow },
      { name: 'time', label: ctx.say(CRM.fTime), kind: 'select', required: true, options: a.rules.slotStarts.map((t) => ({ value: t, label: t })) },
    ],
  };
}

export function assignForm(ctx: Ctx, customer: Customer, colleagues: Staff[]): Form {
  return {
    id: 'crm.assign',
    title: ctx.say(CRM.assignTitle),
    submitLabel: ctx.say(CRM.save),
    meta: customer.id,
    fields: [
      {
        name: 'staff',
        label: ctx.say(CRM.fColleague),
        kind: 'select',
        required: true,
        options: colleagues.map((s) => ({ value: s.id, label: staffName(s, ctx.lang) })),
      },
    ],
  };
}

export function noteForm(ctx: Ctx, text: string): Form {
  return {
    id: 'crm.note',
    title: ctx.say(CRM.noteTitle),
    submitLabel: ctx.say(CRM.save),
    fields: [
      { name: 'customer', label: ctx.say(CRM.fCustomer), kind: 'text', required: true },
      { name: 'note', label: ctx.say(CRM.fNote), kind: 'textarea', required: true, initial: text.slice(0, 1000) },
    ],
  };
}

/**
 * A customer's deletion request taken by a manager. Slack's modal shows only the fields, so
 * what is erased and what is kept is the first field's hint (the message text repeats it
 * for channels without forms).
 */
export function eraseForm(ctx: Ctx, customer: Pick<Customer, 'id' | 'phone'>): Form {
  const confirm: FormField = customer.phone
    ? {
        name: 'confirm',
        label: ctx.say(CRM.fEraseConfirm),
        kind: 'text',
        required: true,
        hint: ctx.say(CRM.fEraseConfirmHint, { phone: maskPhone(customer.phone) }),
      }
    : { name: 'confirm', label: ctx.say(CRM.fEraseConfirmWord), kind: 'text', required: true, hint: ctx.say(CRM.fEraseConfirmWordHint) };
  return {
    id: 'crm.erase',
    title: ctx.say(CRM.eraseTitle),
    submitLabel: ctx.say(CRM.eraseSubmit),
    meta: customer.id,
    fields: [
      {
        name: 'channel',
        label: ctx.say(CRM.fEraseChannel),
        kind: 'select',
        required: true,
        options: opts(ctx, ERASE_REQUEST_CHANNELS, CRM.eraseChannel),
        hint: ctx.say(CRM.fEraseWhat),
      },
      confirm,
    ],
  };
}
