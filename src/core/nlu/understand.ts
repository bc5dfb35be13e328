// One customer message → what it asks for and what it states, following conventions.md
// "Fields in the booking test files": only what this message says, nothing carried over
// from earlier turns; date and time only for booking, rescheduling and cancelling.
import type { CatalogModelData } from '../../store/seed/loadStoreData.js';
import { classifyIntent, type Intent } from './classifyIntent.js';
import { extractName, extractPhone } from './extractContact.js';
import { matchModel } from './matchModel.js';
import { normalizeText } from './normalizeText.js';
import { resolveDateTime, type DateTimeResult } from './resolveDateTime.js';

export interface UnderstandOptions {
  now: Date;
  timeZone: string;
  models: CatalogModelData[];
  /** the FAQ search's confidence (0–1) for the normalized text */
  faqScore?: (normalizedText: string) => number;
}

export interface Understanding extends DateTimeResult {
  /** never 'greeting': a bare greeting is 'other' with `greeting: true` */
  intent: Exclude<Intent, 'greeting'>;
  model: string | null;
  name: string | null;
  phone: string | null;
  invalidPhone?: string;
  /** the message is only a greeting ("你好", "hi"), so the bot can greet back */
  greeting?: boolean;
}

const INTENTS_WITH_SLOT: ReadonlySet<Intent> = new Set(['book_test_drive', 'reschedule', 'cancel']);

/** Where a reschedule names the new slot: after 改到 / "to" / "how about" … */
const NEW_SLOT_MARKERS = /改到|改成|改为|改在|改期到|改约到|换到|换成|换在|挪到|调到|推迟到|推到|延到|延期到|延后到|提前到|改|\bto\b|\binstead of\b|\binstead\b|\bhow about\b|\bwhat about\b/g;

/** The booking being moved, named by its old day: 明天的试驾, 周六那个预约, tomorrow's test drive. */
const OLD_BOOKING = /(?:的|那个|那次|'s)\s*(?:试驾|预约|test drive|booking|appointment)/;

export function understand(text: string, opts: UnderstandOptions): Understanding {
  const normalized = normalizeText(text);
  const dateTime = resolveDateTime(text, opts.now, opts.timeZone);
  const classified = classifyIntent(text, {
    faqScore: opts.faqScore?.(normalized),
    statesDate: Boolean(dateTime.date || dateTime.dateProblem),
    statesTime: Boolean(dateTime.time || dateTime.periodOnly),
  });
  const intent = classified === 'greeting' ? 'other' : classified;

  const slot: DateTimeResult = !INTENTS_WITH_SLOT.has(intent)
    ? { date: null, time: null }
    : intent === 'reschedule'
      ? resolveNewSlot(normalized, opts, dateTime)
      : dateTime;
  return {
    intent,
    model: matchModel(text, opts.models),
    ...slot,
    name: extractName(text),
    ...extractPhone(text),
    ...(classified === 'greeting' ? { greeting: true } : {}),
  };
}

/** "把我周四的试驾改到周五下午4点": the new slot is what follows the last marker that is
 * followed by a date or time. A new time alone keeps the day the message names before it
 * ("把明天的试驾改到下午4点" → tomorrow 16:00). */
function resolveNewSlot(normalized: string, opts: UnderstandOptions, whole: DateTimeResult): DateTimeResult {
  const markers = [...normalized.matchAll(NEW_SLOT_MARKERS)].reverse();
  for (const marker of markers) {
    // "Thursday instead of Wednesday", "make it 3 instead of 2 tomorrow": the new slot comes
    // first; a day named only after it is the day of both.
    if (marker[0] === 'instead of') {
      const before = resolveDateTime(normalized.slice(0, marker.index), opts.now, opts.timeZone);
      if (!before.date && !before.dateProblem && !before.time && !before.periodOnly) continue;
      if (before.date || before.dateProblem) return before;
      const after = resolveDateTime(normalized.slice(marker.index + marker[0].length), opts.now, opts.timeZone);
      return { ...before, date: after.date };
    }
    const cut = marker.index + marker[0].length;
    const after = resolveDateTime(normalized.slice(cut), opts.now, opts.timeZone);
    if (!after.date && !after.dateProblem && !after.time && !after.periodOnly) continue;
    if (after.date || after.dateProblem) return after;
    const before = resolveDateTime(normalized.slice(0, marker.index), opts.now, opts.timeZone);
    return { ...after, date: before.date };
  }
  // No marker: "周六的试驾，周日下午三点可以吗" or "Saturday 3pm works better". A day that
  // only names the booking being moved ("我明天的试驾要推迟一下") is not the new slot.
  const booking = normalized.match(OLD_BOOKING);
  if (booking) return resolveDateTime(normalized.slice(booking.index! + booking[0].length), opts.now, opts.timeZone);
  return whole;
}
