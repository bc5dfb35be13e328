// What every CRM handler shares: the bot's environment (the store data, its grade scheme,
// the test-drive rules, the models one may pick and the ones with a demo car), the scope
// check every customer's button and form goes through first (a refusal is audited and
// said), the routes built on it, and the wording of field errors.
import type { TurnContext } from '../../core/bot.js';
import type { OutboundMessage } from '../../core/message.js';
import { action, form, readAction, type ActionParams, type Route, type StaffTurn } from '../../core/turnRoutes.js';
import type { Customer } from '../../generated/prisma/client.js';
import { findCustomers } from '../../sales/customers/customerSearch.js';
import { maskName, maskPhone } from '../../sales/privacy/maskPersonalData.js';
import type { GradeScheme } from '../../sales/followUp/gradeRules.js';
import { loadCustomerInScope } from '../../sales/staffAccess.js';
import type { TestDriveRules } from '../../sales/testDrives/testDriveRules.js';
import type { StoreData } from '../../storeData/storeDataSchema.js';
import { CUSTOMER_BUTTONS, type CustomerButton } from './crmActions.js';
import { CRM } from './crmTexts.js';

export interface CrmDeps {
  data: StoreData;
  rules: TestDriveRules;
}

/** The CRM bot's deps and what it derives from them once, at start. */
export interface CrmEnv extends CrmDeps {
  /** the store's grades (sales-rules.yaml): meanings, cadences, suggestions */
  grades: GradeScheme;
  modelIds: string[];
  /** models with a demo car available */
  bookable: string[];
}

export const ERROR_TEXT: Record<string, { zh: string; en: string }> = {
  required: CRM.eRequired,
  too_long: CRM.eTooLong,
  invalid_phone: CRM.eInvalidPhone,
  on_file_elsewhere: CRM.eOnFileElsewhere,
  invalid_option: CRM.eInvalidOption,
  invalid_budget: CRM.eInvalidBudget,
  invalid_amount: CRM.eInvalidAmount,
  wrong_confirmation: CRM.eWrongConfirmation,
};

/** The customer if in the staff member's scope; otherwise the refusal is audited and said. */
export async function inScope(ctx: StaffTurn, customerId: string, action: string): Promise<Customer | null> {
  const c = await loadCustomerInScope(ctx.db, { staff: ctx.actor.staff, customerId, action, now: ctx.now, log: ctx.log });
  if (!c) ctx.reply({ text: ctx.say(CRM.denied) });
  return c;
}

export function fieldErrors(ctx: TurnContext, errors: Record<string, string>): OutboundMessage {
  const formErrors = Object.fromEntries(Object.entries(errors).map(([k, code]) => [k, ERROR_TEXT[code] ? ctx.say(ERROR_TEXT[code]) : code]));
  return { text: ctx.say(CRM.fixFields), formErrors };
}

/** A customer named in a form field: one match, or a field error. */
export async function resolveCustomerField(ctx: StaffTurn, query: string): Promise<{ customer: Customer } | { error: string }> {
  const q = query.trim();
  if (!q) return { error: ctx.say(CRM.eRequired) };
  const found = await findCustomers(ctx.db, { staff: ctx.actor.staff, query: q, limit: 5 });
  if (!found.length) return { error: ctx.say(CRM.eNoCustomer) };
  const exact = found.filter((c) => c.name === q || c.phone === q.replace(/\D/g, ''));
  if (found.length === 1 || exact.length === 1) return { customer: found.length === 1 ? found[0] : exact[0] };
  return { error: ctx.say(CRM.eSeveral, { list: found.map((c) => `${maskName(c.name)} ${maskPhone(c.phone)}`).join('、') }) };
}

/** A customer as a short label: masked name and grade. */
export const customerLabel = (c: Pick<Customer, 'name' | 'grade'>) => `${maskName(c.name)}（${c.grade}）`;

/** A customer's button (`crm:<verb>:<customer id>`): runs only for a customer in scope (audited as `button:<verb>`). */
export function customerAction<V extends CustomerButton>(
  verb: V,
  run: (ctx: StaffTurn, customer: Customer, params: ActionParams<(typeof CUSTOMER_BUTTONS)[V]>) => Promise<unknown> | unknown,
): Route<StaffTurn> {
  return action(CUSTOMER_BUTTONS[verb] as (typeof CUSTOMER_BUTTONS)[CustomerButton], async (ctx: StaffTurn, params) => {
    const customer = await inScope(ctx, params.customerId, `button:${verb}`);
    if (customer) await run(ctx, customer, params as ActionParams<(typeof CUSTOMER_BUTTONS)[V]>);
  });
}

/** A form about one customer (its meta is the customer id): runs only for a customer in scope (audited as the form id). */
export function customerForm(
  id: string,
  run: (ctx: StaffTurn, customer: Customer, values: Record<string, string>) => Promise<unknown> | unknown,
): Route<StaffTurn> {
  return form(id, async (ctx: StaffTurn, submitted) => {
    const customer = await inScope(ctx, submitted.meta ?? '', submitted.id);
    if (customer) await run(ctx, customer, submitted.values);
  });
}

/**
 * Any other `crm:` button value (stale, mistyped or forged) is still the CRM's: the customer
 * it names is scope-checked, so a value about someone out of scope is refused on record.
 */
export function otherCrmButton(): Route<StaffTurn> {
  return {
    match(ctx) {
      const value = ctx.msg.action;
      if (!value?.startsWith('crm:')) return null;
      const named: { verb?: string; customerId?: string } =
        readAction('crm:{verb}:{customerId}:{rest*}', value) ?? readAction('crm:{verb?}:{customerId?}', value) ?? {};
      return async () => void (await inScope(ctx, named.customerId ?? '', `button:${named.verb ?? ''}`));
    },
  };
}

/** Any other `crm.` form is still the CRM's: the customer its meta names is scope-checked, as for the forms above. */
export function otherCrmForm(): Route<StaffTurn> {
  return {
    match(ctx) {
      const submitted = ctx.msg.kind === 'form' ? ctx.msg.form : undefined;
      if (!submitted?.id.startsWith('crm.')) return null;
      return async () => void (await inScope(ctx, submitted.meta ?? '', submitted.id));
    },
  };
}
