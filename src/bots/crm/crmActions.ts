// The CRM's button values, one pattern each: the bot reads a pressed value with the
// pattern (`action(...)` in crmBot.ts) and every card, list and notice builds its value from
// the same pattern (`actionValue(...)`), so what a button offers and what the bot reads
// cannot drift apart. The verbs are the keys; a value is `crm:<verb>:<customer id>...`.
// Other bots still write some of these values by hand (`crm:open:<id>`, `crm:log:<id>`).
import { actionValue, type ActionParams } from '../../core/turnRoutes.js';

/** The buttons about one customer: the customer's scope is checked before anything else. */
export const CUSTOMER_BUTTONS = {
  open: 'crm:open:{customerId}',
  log: 'crm:log:{customerId}',
  /** the grade an outcome suggested, preselected in the form */
  regrade: 'crm:regrade:{customerId}:{grade?}',
  followup: 'crm:followup:{customerId}',
  book: 'crm:book:{customerId}',
  assign: 'crm:assign:{customerId}',
  reveal: 'crm:reveal:{customerId}',
  erase: 'crm:erase:{customerId}',
  dupmerge: 'crm:dupmerge:{customerId}',
  dupdistinct: 'crm:dupdistinct:{customerId}',
} as const;
export type CustomerButton = keyof typeof CUSTOMER_BUTTONS;

/** A manager's answer to a lost request: `approve`, anything else rejects. */
export const LOST_DECISION_BUTTON = 'crm:lost:{decision}:{taskId}';

/** "My day" from the help menu (the greeting bot's button). */
export const MY_DAY_BUTTON = 'followups';

/** The value of a customer's button: `customerButton('open', { customerId })`. */
export function customerButton<V extends CustomerButton>(verb: V, params: ActionParams<(typeof CUSTOMER_BUTTONS)[V]>): string {
  return actionValue(CUSTOMER_BUTTONS[verb], params);
}

/** The button that opens a customer's card, labelled with the (masked) name. */
export function openButton(label: string, customerId: string): { label: string; value: string } {
  return { label, value: customerButton('open', { customerId }) };
}

export function lostDecisionButton(label: string, decision: 'approve' | 'reject', taskId: string): { label: string; value: string } {
  return { label, value: actionValue(LOST_DECISION_BUTTON, { decision, taskId }) };
}
