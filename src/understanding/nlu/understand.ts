// One customer message → what it asks for and what it states, following conventions.md
// "Fields in the booking test files": only what this message says, nothing carried over
// from earlier turns; date and time only for booking, rescheduling and cancelling.
import type { CatalogModelData } from '../../storeData/storeDataSchema.js';
import { buildModelMatcher } from './buildModelMatcher.js';
import { classifyIntent, type Intent } from './classifyIntent.js';
import { extractName, extractPhone } from './extractContact.js';
import { normalizeText } from './normalizeText.js';
import { DATE_TIME_CHARACTERS, resolveDateTime, type DateTimeResult } from './resolveDateTime.js';

/** what understand needs of a learned classifier: intents with their posteriors, best first */
interface IntentScorer {
  score(text: string): { ranked: { id: string; posterior: number }[] } | null;
}

interface UnderstandOptions {
  now: Date;
  timeZone: string;
  models: CatalogModelData[];
  /** the FAQ search's confidence (0–1) for the normalized text */
  faqScore?: (normalizedText: string) => number;
  /**
   * The learned intent classifier (classify/trainIntentClassifier): it decides the intent,
   * reading the keyword rules' verdict among its signals; without it the rules decide alone.
   */
  intents?: IntentScorer;
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

/** the classifier's posterior from which its intent stands over the rules': on intent phrasings A (tuned on), the highest within one answer of the best (0.4–0.5: 194/200, 0.6: 193), since the rules also ask the FAQ */
const LEARNED_INTENT_MIN = 0.6;

/** the classifier reads a message up to here: what it wants is said early, and a 4,096-character text is no chat message of its kind */
const MAX_CLASSIFIED_CHARS = 300;

const INTENTS_WITH_SLOT: ReadonlySet<Intent> = new Set(['book_test_drive', 'reschedule', 'cancel']);

/** Where a reschedule names the new slot: after 改到 / "to" / "how about" … */
const NEW_SLOT_MARKERS =
  /改到|改成|改为|改在|改期到|改约到|换到|换成|换在|挪到|调到|推迟到|推到|延到|延期到|延后到|提前到|改|\bto\b|\binstead of\b|\binstead\b|\bhow about\b|\bwhat about\b/g;

/** The booking being moved, named by its old day: 明天的试驾, 周六那个预约, tomorrow's test drive. */
const OLD_BOOKING = /(?:的|那个|那次|'s)\s*(?:试驾|预约|test drive|booking|appointment)/;

export function understand(text: string, opts: UnderstandOptions): Understanding {
  const normalized = normalizeText(text);
  const dateTime = resolveDateTime(text, opts.now, opts.timeZone);
  const { faqScore } = opts;
  const classified = classifyIntent(text, {
    // The FAQ search costs more than the rest of understanding: asked only when it decides.
    faqScore: faqScore && (() => faqScore(normalized)),
    statesDate: Boolean(dateTime.date || dateTime.dateProblem),
    statesTime: Boolean(dateTime.time || dateTime.periodOnly),
  });
  // A bare greeting is the rules' to say (a closed list); the rest is the classifier's when it
  // is sure enough: on words unlike any of its examples ("顾问很专业", the weather) it guesses,
  // and the rules, which also ask the FAQ search, know better.
  const top = classified === 'greeting' ? undefined : opts.intents?.score([...text].slice(0, MAX_CLASSIFIED_CHARS).join(''))?.ranked[0];
  // (a greeting the rules' list lacks, "nihao", "下午好呀", only where the rules saw nothing else)
  const learned = top && (top.id !== 'greeting' || classified === 'other') && top.posterior >= LEARNED_INTENT_MIN ? (top.id as Intent) : undefined;
  const decided = learned ?? classified;
  const intent = decided === 'greeting' ? 'other' : decided;

  const slot: DateTimeResult = !INTENTS_WITH_SLOT.has(intent)
    ? { date: null, time: null }
    : intent === 'reschedule'
      ? resolveNewSlot(normalized, opts, dateTime)
      : dateTime;
  const models = buildModelMatcher(opts.models)(normalized);
  return {
    intent,
    // the model named first, else the one model the words describe (纯电, 插混SUV)
    model: models.modelIds[0] ?? models.describedId,
    ...slot,
    name: extractName(text),
    ...extractPhone(text),
    ...(decided === 'greeting' ? { greeting: true } : {}),
  };
}

/** A reschedule names its new slot after one of its last markers. The text after a marker
 * is read at most this many times per message: reading it once per marker made a text of
 * many markers quadratic (2,000 characters of 改 took half a second). A message whose last
 * markers name nothing within the budget reads as one without markers. */
const MAX_SLOT_READINGS = 8;

/** "把我周四的试驾改到周五下午4点": the new slot is what follows the last marker that is
 * followed by a date or time. A new time alone keeps the day the message names before it
 * ("把明天的试驾改到下午4点" → tomorrow 16:00). */
function resolveNewSlot(normalized: string, opts: UnderstandOptions, whole: DateTimeResult): DateTimeResult {
  const resolve = (text: string) => resolveDateTime(text, opts.now, opts.timeZone);
  // Where a day or time can be written at all: a marker with none of its characters after
  // it (or, for "instead of", before it) is skipped without reading.
  const stated = dateTimeCharacterSpan(normalized);
  const markers = [...normalized.matchAll(NEW_SLOT_MARKERS)];
  let readings = 0;
  for (let i = markers.length - 1; i >= 0 && readings < MAX_SLOT_READINGS; i--) {
    const marker = markers[i];
    // "Thursday instead of Wednesday", "make it 3 instead of 2 tomorrow": the new slot comes
    // first; a day named only after it is the day of both.
    if (marker[0] === 'instead of') {
      if (!stated || stated.first >= marker.index) continue;
      readings++;
      const before = resolve(normalized.slice(0, marker.index));
      if (!before.date && !before.dateProblem && !before.time && !before.periodOnly) continue;
      if (before.date || before.dateProblem) return before;
      const after = resolve(normalized.slice(marker.index + marker[0].length));
      return { ...before, date: after.date };
    }
    const cut = marker.index + marker[0].length;
    if (!stated || stated.last < cut) continue;
    readings++;
    const after = resolve(normalized.slice(cut));
    if (!after.date && !after.dateProblem && !after.time && !after.periodOnly) continue;
    if (after.date || after.dateProblem) return after;
    const before = resolve(normalized.slice(0, marker.index));
    return { ...after, date: before.date };
  }
  // No marker (or none within the budget): "周六的试驾，周日下午三点可以吗" or "Saturday 3pm
  // works better". A day that only names the booking being moved ("我明天的试驾要推迟一下")
  // is not the new slot.
  const booking = normalized.match(OLD_BOOKING);
  if (booking) return resolve(normalized.slice(booking.index! + booking[0].length));
  return whole;
}

/** The first and last index of a character a day or time can be written with, or null. */
function dateTimeCharacterSpan(text: string): { first: number; last: number } | null {
  let first = -1;
  let last = -1;
  for (const m of text.matchAll(DATE_TIME_CHARACTERS)) {
    if (first < 0) first = m.index;
    last = m.index;
  }
  return first < 0 ? null : { first, last };
}
