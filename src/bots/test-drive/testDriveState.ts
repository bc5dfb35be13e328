// The test-drive bot's part of the conversation state, under 'td': the booking being
// drafted, the booking being moved, or a rated drive that may still get a comment. One
// type for the three flows, so each reads what the others wrote without guessing.
import { stateSlot } from '../../core/stateSlot.js';

/**
 * `phone` is only a phone given in this flow (typed, or a proven contact: `phoneProven`);
 * a phone already on file is read from the record and shown masked.
 */
export type Draft = { kind: 'book'; step?: string; modelId?: string; date?: string; time?: string; name?: string; phone?: string; phoneProven?: boolean };
export type Move = { kind: 'move'; bookingId: string };
export type Feedback = { kind: 'feedback'; bookingId: string };
export type TdState = Draft | Move | Feedback;

/** How long a flow waits for the customer's next answer. */
export const FLOW_TTL_MS = 2 * 3_600_000;

/** The key and the stored shape are those of before: a flow in progress survives a deploy. */
export const draftSlot = stateSlot<TdState>('td');
