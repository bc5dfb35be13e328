// Every button value the test-drive bot offers and reads, as a pattern (core/turnRoutes).
// A flow builds a value with actionValue and a route reads it with action, from the same
// constant, so a button and the route behind it cannot drift apart. The values are those
// of before byte for byte: stored transcripts and queued feedback questions carry them.

export const BOOK_TEST_DRIVE = 'book_test_drive';
export const PICK_MODEL = 'td:model:{modelId}';
/** The slot is `2026-12-04T14:00` (slotValue): the rest of the value, colon and all. */
export const PICK_SLOT = 'td:slot:{slot*}';
export const CONFIRM_BOOKING = 'td:confirm';
/** Without a field: the menu of what can be changed. */
export const CHANGE_BOOKING = 'td:change:{field?}';
export const MOVE_BOOKING = 'td:move:{bookingId}:{slot*}';
export const CANCEL_BOOKING = 'td:cancel:{bookingId}';
/** From the cap's list (replyTooMany): ask for the new time, or whether to cancel. */
export const ASK_MOVE = 'td:askmove:{bookingId}';
export const ASK_CANCEL = 'td:askcancel:{bookingId}';
export const KEEP_BOOKING = 'td:keep';
export const RATE_DRIVE = 'td:fb:{bookingId}:{score}';

/** A slot as a button carries it; read back with `slot.split('T')`. */
export const slotValue = (date: string, time: string): string => `${date}T${time}`;
