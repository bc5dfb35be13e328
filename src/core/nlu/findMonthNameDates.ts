// English month-name dates ("Dec 5", "December 5th", "5 Dec", "5th of December",
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

export function findMonthNameDates(normalized: string, today: CalendarDate): WrittenDate[] {
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
