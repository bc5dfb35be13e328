// Dates written in digits only: 2026-12-05 (year first), 12/5, 29/12, 12.20 or 29.12
// before 号 or an hour, 12-09, 29-12-2026, 3-7-27. Which number is the month follows
// conventions.md "Dates": the month comes first, as Chinese writes it (年月日, 12/5, 12.5),
// unless the first number cannot be a month (13-31) and the second can: 29/12 has only one
// reading, and refusing it would be pedantic. An ambiguous 05/06 stays 6 May for Chinese
// and English customers alike; the booking summary spells the date out in words before
// anything is booked, so a British reading shows before it matters.
import type { CalendarDate } from './CalendarDate.js';
import type { WrittenDate } from './findFirstMonthNameDate.js';
import { NUMERAL } from './parseNumeral.js';

/** What may follow a dotted or dashed pair for it to be a date: 1.5T, 4.8升, 6.6 kW, 3-4点
 * and 10-15万 look the same without it. */
const DOTTED_DATE_AFTER = `(?=号|日|\\s*(?:上午|下午|中午|晚上|早上|傍晚|周|星期|礼拜|\\d{1,2}[:点]|${NUMERAL}点))`;
const NOT_A_COUNT_AFTER = '(?!\\s*(?:点|时|:|万|千|天|周|个|人|分|岁|年|月|小时|公里|km|%|元|块))';
const NOT_A_RANGE_AFTER = `(?![\\d/.-])${NOT_A_COUNT_AFTER}`;

/** A month 1-12 (01-12), and a day that cannot be a month (13-31). */
const MONTH = '1[0-2]|0?[1-9]';
const DAY_NOT_MONTH = '1[3-9]|2\\d|3[01]';

/** Every numeric date in the text, in no particular order (the caller sorts). */
export function findNumericDates(text: string, today: CalendarDate): WrittenDate[] {
  const found: WrittenDate[] = [];
  const push = (m: RegExpMatchArray, first: string, second: string, year?: number) =>
    found.push({ index: m.index!, text: m[0], year, ...orderDayMonth(Number(first), Number(second)) });

  const iso = /(?<![\d/.-])(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?![\d/.-])/g;
  for (const m of text.matchAll(iso)) {
    found.push({ index: m.index, text: m[0], year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) });
  }
  // The year last: 29-12-2026, 12/29/2026, 29.12.2026, 3-7-27. Not with a dot and a two-digit
  // year (1.2.10 is a version more often than a date), not inside a word (v1.2.2026), not
  // before a unit (1-2-10万).
  const yearLast = new RegExp(`(?<![\\w/.-])(\\d{1,2})([-/.])(\\d{1,2})\\2(\\d{4}|\\d{2})(?![\\w/.-])${NOT_A_COUNT_AFTER}`, 'g');
  for (const m of text.matchAll(yearLast)) {
    if (m[2] === '.' && m[4].length === 2) continue;
    push(m, m[1], m[3], m[4].length === 4 ? Number(m[4]) : nearestYear(Number(m[4]), today.year));
  }
  // 12.20 is a common way to write 20 December in Chinese chat, but 1.5T, 4.8升 and 6.6 kW
  // are not dates: a dotted date counts only before 号/日, a period word, a weekday or an hour.
  const dotted = new RegExp(`(?<![\\d.])(?:(${MONTH})\\.(3[01]|[12]\\d|0?[1-9])|(${DAY_NOT_MONTH})\\.(${MONTH}))(?![\\d.])${DOTTED_DATE_AFTER}`, 'g');
  for (const m of text.matchAll(dotted)) push(m, m[1] ?? m[3], m[2] ?? m[4]);
  // 12-09 (month-day, two-digit day) or 29-12 (day-month, two-digit month): not a range
  // such as 3-4点, 10-15万 or 2-3天.
  const dashed = new RegExp(`(?<![\\d/.-])(?:(${MONTH})-(3[01]|[012]\\d)|(${DAY_NOT_MONTH})-(0[1-9]|1[0-2]))${NOT_A_RANGE_AFTER}`, 'g');
  for (const m of text.matchAll(dashed)) push(m, m[1] ?? m[3], m[2] ?? m[4]);
  for (const m of text.matchAll(/(?<![\d/.-])(\d{1,2})\/(\d{1,2})(?![\d/])/g)) push(m, m[1], m[2]);
  return found;
}

/** Month first unless only the second number can be a month. Neither can (31/13): month
 * first, which the caller reports as a date that does not exist. */
function orderDayMonth(first: number, second: number): { month: number; day: number } {
  return first > 12 && second >= 1 && second <= 12 ? { month: second, day: first } : { month: first, day: second };
}

/** 27 → 2027, 89 → 1989: the century that puts a two-digit year nearest to this year. */
function nearestYear(twoDigits: number, thisYear: number): number {
  const century = Math.floor(thisYear / 100) * 100;
  const candidates = [century - 100, century, century + 100].map((c) => c + twoDigits);
  return candidates.reduce((best, y) => (Math.abs(y - thisYear) < Math.abs(best - thisYear) ? y : best));
}
