// The first English month-name date ("Dec 5", "December 5th", "5 Dec", "5th of December",
// "Jan 2nd, 2027") through chrono-node's English month-name parsers.
//
// Only chrono's components are read (month, day, a written year); year rollover and
// validity follow conventions.md in findDate. The instance keeps just the two month-name
// parsers and no refiners: the stock refiners drop impossible dates ("Feb 30") silently,
// and the customer must be told instead. Relative words, weekdays and times are parsed
// by the project's own rules, which chrono reads differently.
import * as chrono from 'chrono-node';
import type { CalendarDate } from './CalendarDate.js';

export interface WrittenDate {
  index: number;
  text: string;
  year?: number;
  month: number;
  day: number;
}

const MONTH_NAME_PARSERS = new Set(['ENMonthNameLittleEndianParser', 'ENMonthNameMiddleEndianParser']);

const monthNameParser = new chrono.Chrono({
  parsers: chrono.en.casual.parsers.filter((parser) => MONTH_NAME_PARSERS.has(parser.constructor.name)),
  refiners: [],
});
if (monthNameParser.parsers.length !== MONTH_NAME_PARSERS.size) {
  // A chrono upgrade renamed its parsers: fail loudly rather than stop reading "Dec 5".
  throw new Error('chrono-node month-name parsers not found; check findMonthNameDates.ts against the installed chrono-node');
}

/** Every month name chrono reads begins with one of these (january, jan., sept …). */
const MONTH_WORD = /jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec/i;

/** More than the longest month-name date chrono matches, with what its pattern looks at
 * around it ("on twenty-first to thirty-first of september 2027": under 90 characters of
 * normalized text, whose spaces are single). */
const MATCH_REACH = 128;

/**
 * The month-name date written first (the caller wants the earliest written date), or null.
 * chrono builds a result for every date in the text it is given and copies the rest of the
 * text after each, so a text of 700 "dec 5" cost 15 ms per parse; it is given a prefix
 * instead, doubled until its first result ends far enough before the prefix's end that
 * the rest of the text cannot change it. A text without a month word is not parsed.
 */
export function findFirstMonthNameDate(normalized: string, today: CalendarDate): WrittenDate | null {
  const month = MONTH_WORD.exec(normalized);
  if (!month) return null;
  for (let end = month.index + 2 * MATCH_REACH; ; end *= 2) {
    const whole = end >= normalized.length;
    const first = parseMonthNameDates(whole ? normalized : normalized.slice(0, end), today)[0];
    if (whole || (first && first.index + MATCH_REACH <= end)) return first ?? null;
  }
}

/** Every month-name date chrono reads in the whole text, in order: what the windowed
 * reading above must agree with on the first. */
export function parseMonthNameDates(normalized: string, today: CalendarDate): WrittenDate[] {
  // chrono wants a reference Date; give it the store's wall-clock day so nothing it
  // implies can drift by the server's timezone (only stated components are read anyway).
  const reference = new Date(today.year, today.month - 1, today.day, 12);
  return monthNameParser.parse(normalized, reference).map((result) => ({
    index: result.index,
    text: result.text,
    year: result.start.isCertain('year') ? (result.start.get('year') ?? undefined) : undefined,
    month: result.start.get('month')!,
    day: result.start.get('day')!,
  }));
}
