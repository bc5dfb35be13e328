// What staff wrote about a customer in their own words, taken out of the rows a deletion
// request keeps: the sales events stay for the funnel and the boards (a lead came, a
// test drive was booked, a deal was lost for a budget reason), the words go. Pure
// functions over the stored values; anonymiseCustomer writes the results.
import { LOST_REASONS } from '../../storeData/storeDataSchema.js';
import { redactWords } from './redactPersonalText.js';

/**
 * Keys of Interaction.detail that hold free text: a note's `text` (customerNotes,
 * outcomes), and `comment`/`note` should a writer add one. Every other key the writers
 * use is a code, a number, an id or a date (source, grade, from/to, outcome, amountCny,
 * bookingId, slotStart, complaintId, ref, handoff, satisfaction, answer, orderId, day…).
 */
const FREE_TEXT_KEYS = new Set(['text', 'comment', 'note']);
/** grade_change.reason is a code when the sweep writes it, and a staff member's words when they regrade (regradeCustomer). */
const GRADE_CHANGE_REASON_CODES = new Set(['silence']);

/**
 * An interaction's detail without free text: null when there is nothing to change. A
 * string that quotes their name or phone goes too, whatever its key. What was
 * dropped is marked `deleted: true`, so the history says something was there.
 */
export function stripInteractionDetail(type: string, detail: unknown, person: { words: string[]; phones: string[] }): Record<string, unknown> | null {
  if (!detail || typeof detail !== 'object' || Array.isArray(detail)) return null;
  const kept: Record<string, unknown> = {};
  let dropped = false;
  for (const [key, value] of Object.entries(detail)) {
    const freeText =
      FREE_TEXT_KEYS.has(key) ||
      (type === 'grade_change' && key === 'reason' && typeof value === 'string' && !GRADE_CHANGE_REASON_CODES.has(value)) ||
      (typeof value === 'string' && redactWords(value, person.words, person.phones).changed);
    if (freeText) dropped = true;
    else kept[key] = value;
  }
  return dropped ? { ...kept, deleted: true } : null;
}

/**
 * The reasons the code itself gives a task (followUpSweeps, leads, outcomes, complaints,
 * test drives, after-sale); anything else was typed by a staff member (the CRM's
 * follow-up note) and goes.
 */
const MACHINE_REASONS = [
  /^(new_lead|planned|delivery_update|time)$/,
  /^after_[a-z_]+$/,
  /^grade_[A-Z]_cadence$/,
  /^day_\d+$/,
  /^mileage_\d+$/,
  /^TS-\d{8}-\d{4}$/,
  /^test drive [\w.-]+$/,
];

/** A task's reason without free text: kept when the code wrote it, else null; a lost request keeps its reason code. */
export function stripTaskReason(kind: string, reason: string | null): string | null {
  if (reason === null) return null;
  if (MACHINE_REASONS.some((r) => r.test(reason))) return reason;
  // sendAfterSaleMessages: call_instead:<kind>:<the original task's reason>
  const call = /^call_instead:([a-z_]+):(.*)$/s.exec(reason);
  if (call) return `call_instead:${call[1]}:${stripTaskReason(call[1], call[2] || null) ?? ''}`;
  if (kind === 'lost_approval') {
    // lostApproval's request: { reason, text, requestedBy }; the text is the consultant's words
    try {
      const r = JSON.parse(reason) as Record<string, unknown>;
      if (r && typeof r.reason === 'string') return JSON.stringify({ ...r, text: null });
    } catch {
      // not a request: typed text
    }
  }
  return null;
}

/** Customer.lostReason is "<code>" or "<code>: <the consultant's words>" (lostApproval): the code stays. */
export function stripLostReason(lostReason: string | null): string | null {
  if (lostReason === null) return null;
  const code = lostReason.split(':')[0].trim();
  return (LOST_REASONS as readonly string[]).includes(code) ? code : null;
}
