// Dates written in digits only: 2026-12-05 (year first), 12/5, 12.20 before 号 or an hour,
// 12-09. Split from findDate so the rules for which digit runs are dates, and which
// number is the month, sit together.
import type { WrittenDate } from './findFirstMonthNameDate.js';
import { NUMERAL } from './parseNumeral.js';

/** Every numeric date in the text, in no particular order (the caller sorts). */
export function findNumericDates(text: string): WrittenDate[] {
  const found: WrittenDate[] = [];
  const iso = /(?<![\d/.-])(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?![\d/.-])/g;
  for (const m of text.matchAll(iso)) {
    found.push({ index: m.index, text: m[0], year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) });
  }
  // 12.20 is a common way to write 20 December in Chinese chat, but 1.5T, 4.8升 and 6.6 kW
  // are not dates: a dotted date counts only before 号/日, a period word, a weekday or an hour.
  const dotted = new RegExp(
    `(?<![\\d.])(1[0-2]|0?[1-9])\\.(3[01]|[12]\\d|0?[1-9])(?=号|日|\\s*(?:上午|下午|中午|晚上|早上|傍晚|周|星期|礼拜|\\d{1,2}[:点]|${NUMERAL}点))`,
    'g',
  );
  for (const m of text.matchAll(dotted)) {
    found.push({ index: m.index, text: m[0], month: Number(m[1]), day: Number(m[2]) });
  }
  // 12-09 (month-day, two-digit day): not a range such as 3-4点, 10-15万 or 2-3天.
  for (const m of text.matchAll(/(?<![\d/.-])(1[0-2]|0?[1-9])-(3[01]|[012]\d)(?![\d/.-]|\s*(?:点|时|:|万|千|天|周|个|人|分|岁|年|月|小时|公里|km|%|元|块))/g)) {
    found.push({ index: m.index, text: m[0], month: Number(m[1]), day: Number(m[2]) });
  }
  for (const m of text.matchAll(/(?<![\d/.-])(\d{1,2})\/(\d{1,2})(?![\d/])/g)) {
    found.push({ index: m.index, text: m[0], month: Number(m[1]), day: Number(m[2]) });
  }
  return found;
}
