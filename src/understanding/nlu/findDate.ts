// The calendar date a message asks for, by the "Days" and "Dates" rules of
// conventions.md. Works on normalized text (simplified, half-width, lower case) and on
// the store's wall-clock today. Expressions are tried from the most to the least
// specific: a written month and day beats a day number, which beats 明天 or a weekday;
// 周末 and holiday names only matter when nothing else names a day.
import { CalendarDate } from './CalendarDate.js';
import { findFirstMonthNameDate, type WrittenDate } from './findFirstMonthNameDate.js';
import { findLunarDate } from './findLunarDate.js';
import { findNumericDates } from './findNumericDates.js';
import { NUMERAL, parseNumeral } from './parseNumeral.js';
import { resolveLunarDate } from './resolveLunarDate.js';

export type DateProblem = 'weekend' | 'holiday' | 'invalid';

interface FoundDate {
  date: CalendarDate | null;
  dateProblem?: DateProblem;
  /** the impossible date as the customer wrote it, e.g. 2月30日 */
  invalidDate?: string;
}

interface DateContext {
  today: CalendarDate;
  /** a clock time was stated and it is not later than now: a weekday alone that is
   * today then means next week's */
  timeNotLaterThanNow: boolean;
}

const RELATIVE_DAYS: [word: string, offset: number][] = [
  ['大后天', 3],
  ['大后儿', 3],
  ['后天', 2],
  ['后儿', 2],
  ['the day after tomorrow', 2],
  ['day after tomorrow', 2],
  ['明天', 1],
  ['明日', 1],
  ['明儿', 1],
  ['明早', 1],
  ['明晚', 1],
  ['明晨', 1],
  ['tomorrow', 1],
  // common misspellings and chat forms
  ['tomorow', 1],
  ['tommorow', 1],
  ['tommorrow', 1],
  ['tomorro', 1],
  ['2moro', 1],
  ['2morrow', 1],
  ['2mrw', 1],
  ['tmrrw', 1],
  ['tmrw', 1],
  ['tmr', 1],
  ['tmw', 1],
  ['今天', 0],
  ['今日', 0],
  ['今儿', 0],
  ['今早', 0],
  ['今晚', 0],
  ['今晨', 0],
  ['today', 0],
  ['tonight', 0],
  ['this morning', 0],
  ['this afternoon', 0],
  ['this evening', 0],
];

/** "in two days" */
const EN_DAY_COUNTS: Record<string, number> = { one: 1, a: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7 };

const ZH_WEEKDAYS: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 日: 7, 天: 7, '1': 1, '2': 2, '3': 3, '4': 4, '5': 5, '6': 6, '7': 7 };

const EN_WEEKDAYS: [pattern: string, weekday: number][] = [
  ['monday|mon', 1],
  ['tuesday|tues|tue', 2],
  ['wednesday|wed', 3],
  ['thursday|thurs|thur|thu', 4],
  ['friday|fri', 5],
  ['saturday|sat', 6],
  ['sunday|sun', 7],
];

/** Which week a weekday prefix points at: 'ahead' is the weekday-alone rule, a number is
 * weeks after the current Monday–Sunday week (这周六 may be in the past). */
type WeekRef = 'ahead' | number;

const ZH_WEEK_PREFIXES: Record<string, WeekRef> = {
  '': 'ahead',
  这: 0,
  这个: 0,
  本: 0,
  下: 1,
  下个: 1,
  下下: 2,
  下下个: 2,
  上: -1,
  上个: -1,
};

// "this Saturday" in English follows the weekday-alone rule, unlike 这周六.
const EN_WEEK_PREFIXES: Record<string, WeekRef> = { '': 'ahead', on: 'ahead', this: 'ahead', coming: 'ahead', 'this coming': 'ahead', next: 1, last: -1 };

const WEEKEND = /周末|礼拜末|星期末|\bweekend\b/;

// 元旦 is the only holiday the convention resolves; the others (and their dates moving with
// the lunar calendar) are asked about.
const NEW_YEARS_DAY = /元旦|(?<!chinese |lunar )\bnew year'?s day\b/;
const OTHER_HOLIDAYS =
  /春节|过年|除夕|大年|国庆|十一长假|十一假期|圣诞|平安夜|中秋|端午|清明|五一|劳动节|元宵|七夕|情人节|\b(?:christmas|xmas|easter|thanksgiving|national day|spring festival|chinese new year|lunar new year|mid-autumn|dragon boat|labou?r day|valentine'?s?)\b/;

export function findDate(normalized: string, ctx: DateContext): FoundDate {
  const explicit = findWrittenDates(normalized, ctx.today)[0];
  // A lunar date is a written date too: the one written first wins (农历十月十五 holds the
  // Gregorian-looking 十月十五, which starts later).
  const lunar = findLunarDate(normalized);
  if (lunar && (!explicit || lunar.index <= explicit.index)) {
    const date = resolveLunarDate(lunar, ctx);
    return date ? { date } : { date: null, dateProblem: 'invalid', invalidDate: lunar.text };
  }
  if (explicit) return resolveWrittenDate(explicit, ctx.today);

  const dayOnly = findDayOfMonth(normalized);
  if (dayOnly) return resolveDayOfMonth(dayOnly, ctx);

  const relative = findRelativeDay(normalized);
  if (relative !== null) return { date: ctx.today.addDays(relative) };

  const weekday = findWeekday(normalized);
  if (weekday) return { date: resolveWeekday(weekday.weekday, weekday.week, ctx) };

  if (NEW_YEARS_DAY.test(normalized)) {
    const thisYear = CalendarDate.of(ctx.today.year, 1, 1)!;
    return { date: thisYear.compare(ctx.today) >= 0 ? thisYear : CalendarDate.of(ctx.today.year + 1, 1, 1) };
  }
  if (WEEKEND.test(normalized)) return { date: null, dateProblem: 'weekend' };
  if (OTHER_HOLIDAYS.test(normalized)) return { date: null, dateProblem: 'holiday' };
  return { date: null };
}

/** 12月5号, 2027年1月3日, 12/5 (month/day unless only day/month fits), 12.5号, 2026-12-05, Dec 5, 5th December:
 * in the order written (only the first is read), of the month-name dates only the first. */
function findWrittenDates(text: string, today: CalendarDate): WrittenDate[] {
  const found: WrittenDate[] = [];
  const zh = new RegExp(`(?:(\\d{4})年)?(${NUMERAL}|元)月(${NUMERAL})(?:号|日)?`, 'g');
  for (const m of text.matchAll(zh)) {
    const month = m[2] === '元' ? 1 : parseNumeral(m[2]); // 元月 = January
    const day = parseNumeral(m[3]);
    if (month !== null && day !== null) found.push({ index: m.index, text: m[0], year: optionalYear(m[1]), month, day });
  }
  // 下个月5号 / 本月20号: the month is named relative to today's, so no rollover applies.
  for (const m of text.matchAll(new RegExp(`(下个?|这个|本)月(${NUMERAL})(?:号|日)`, 'g'))) {
    const day = parseNumeral(m[2]);
    const month = firstOfMonth(today, m[1].startsWith('下') ? 1 : 0);
    if (day !== null) found.push({ index: m.index, text: m[0], year: month.year, month: month.month, day });
  }
  found.push(...findNumericDates(text, today));
  // Only the first month-name date: the caller reads the earliest written date of all.
  const monthName = findFirstMonthNameDate(text, today);
  if (monthName) found.push(monthName);
  return found.sort((a, b) => a.index - b.index);
}

function optionalYear(digits: string | undefined): number | undefined {
  return digits === undefined ? undefined : Number(digits);
}

/** Without a year: this year's date if on or after today, otherwise next year's. */
function resolveWrittenDate(found: WrittenDate, today: CalendarDate): FoundDate {
  const sameYearAhead = found.month > today.month || (found.month === today.month && found.day >= today.day);
  const year = found.year ?? (sameYearAhead ? today.year : today.year + 1);
  const date = CalendarDate.of(year, found.month, found.day);
  return date ? { date } : { date: null, dateProblem: 'invalid', invalidDate: found.text.trim() };
}

/** 8号, 8日, the 8th, on 8th — but not 8号线 (metro line 8), 3号门 (gate 3) or 周六日. */
function findDayOfMonth(text: string): { text: string; day: number } | null {
  const zh = new RegExp(`(?<![月\\d周期拜])(${NUMERAL})(?:号|日)(?![线楼门口车位座房厅馆店码])`);
  const zhMatch = text.match(zh);
  const zhDay = zhMatch ? parseNumeral(zhMatch[1]) : null;
  if (zhMatch && zhDay !== null) return { text: zhMatch[0], day: zhDay };
  const en = text.match(
    new RegExp(`\\b(?:on\\s+)?the\\s+(\\d{1,2})(?:st|nd|rd|th)\\b${NOT_A_DAY_AFTER}|\\bon\\s+(\\d{1,2})(?:st|nd|rd|th)\\b${NOT_A_DAY_AFTER}`),
  );
  if (en) return { text: en[0], day: Number(en[1] ?? en[2]) };
  // a bare ordinal ("e6 12th 3pm")
  const ordinal = text.match(new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th)\\b${NOT_A_DAY_AFTER}`));
  return ordinal ? { text: ordinal[0], day: Number(ordinal[1]) } : null;
}

/** Ordinals that count other things: "4th floor", "2nd row", "3rd time". */
const NOT_A_DAY_AFTER = '(?!\\s*(?:floor|row|gen|generation|seat|time|place|car|one|option|trim|level|anniversary|birthday))';

/**
 * That day of the current month if still ahead, otherwise of the next month; today counts
 * unless a time is stated that is not later than now (the weekday-alone rule: 3号上午9点
 * said on the 3rd at 10:00 is next month's 3rd, when it has one). Only one month ahead is
 * looked at: when the next month has no such day (30号 said on 31 January), the customer
 * is asked, told which month lacks it, rather than sent to a date two months on that they
 * cannot have meant.
 */
function resolveDayOfMonth(found: { text: string; day: number }, ctx: DateContext): FoundDate {
  const { today } = ctx;
  const thisMonth = CalendarDate.of(today.year, today.month, found.day);
  const todayRuledOut = thisMonth !== null && thisMonth.compare(today) === 0 && ctx.timeNotLaterThanNow;
  if (thisMonth && thisMonth.compare(today) >= 0 && !todayRuledOut) return { date: thisMonth };
  const nextMonth = firstOfMonth(today, 1);
  const date = CalendarDate.of(nextMonth.year, nextMonth.month, found.day);
  if (date) return { date };
  // Today's number at an hour already past, and next month has no such day: today, whose
  // hour the booking step says has passed, beats telling them 2月31号 does not exist.
  if (todayRuledOut) return { date: thisMonth };
  const written = found.text.trim();
  // 32号 is no day of any month; 30号 in February is one of a month that has none.
  const invalidDate = found.day > 31 ? written : withMonth(written, nextMonth.month);
  return { date: null, dateProblem: 'invalid', invalidDate };
}

const EN_MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** 30号 → 2月30号, "the 30th" → "the 30th of February": the reply names the date that does not exist. */
function withMonth(written: string, month: number): string {
  return /^[a-z]/.test(written) ? `${written.replace(/^on\s+/, '')} of ${EN_MONTH_NAMES[month - 1]}` : `${month}月${written}`;
}

function firstOfMonth(today: CalendarDate, monthsAhead: number): CalendarDate {
  const months = today.year * 12 + (today.month - 1) + monthsAhead;
  return CalendarDate.of(Math.floor(months / 12), (months % 12) + 1, 1)!;
}

function findRelativeDay(text: string): number | null {
  const words = [...RELATIVE_DAYS].sort((a, b) => b[0].length - a[0].length);
  const source = words.map(([word]) => (/^[a-z]/.test(word) ? `\\b${word}\\b` : word)).join('|');
  const m = text.match(new RegExp(source));
  if (m) return words.find(([word]) => word === m[0])![1];
  // 两天后, 3天以后, in 3 days
  const later = text.match(new RegExp(`(${NUMERAL})天(?:后|以后|之后)|\\bin (\\d{1,2}|${Object.keys(EN_DAY_COUNTS).join('|')}) days?\\b`));
  if (!later) return null;
  return later[1] !== undefined ? parseNumeral(later[1]) : (EN_DAY_COUNTS[later[2]] ?? Number(later[2]));
}

function findWeekday(text: string): { weekday: number; week: WeekRef } | null {
  const zhPrefixes = Object.keys(ZH_WEEK_PREFIXES)
    .filter(Boolean)
    .sort((a, b) => b.length - a.length)
    .join('|');
  // 周一 but not 一周一次 ("once a week").
  const zh = text.match(new RegExp(`(${zhPrefixes})?(?:周|星期|礼拜)([一二三四五六日天1-7])(?![次遍回])`));
  if (zh) return { weekday: ZH_WEEKDAYS[zh[2]], week: ZH_WEEK_PREFIXES[zh[1] ?? ''] };

  const names = EN_WEEKDAYS.map(([pattern]) => pattern).join('|');
  const enPrefixes = Object.keys(EN_WEEK_PREFIXES)
    .filter(Boolean)
    .sort((a, b) => b.length - a.length)
    .join('|');
  const en = text.match(new RegExp(`(?:\\b(${enPrefixes})\\s+)?\\b(${names})\\b(\\s+(?:next week|after next))?`));
  if (en) {
    const weekday = EN_WEEKDAYS.find(([pattern]) => new RegExp(`^(?:${pattern})$`).test(en[2]))![1];
    // "Saturday next week" and "next week Saturday" are both next week's.
    const nextWeek = en[3] !== undefined || new RegExp(`\\bnext week\\s+(?:on\\s+)?${en[2]}\\b`).test(text);
    return { weekday, week: nextWeek ? (en[3]?.includes('after') ? 2 : 1) : EN_WEEK_PREFIXES[en[1] ?? ''] };
  }
  return null;
}

function resolveWeekday(weekday: number, week: WeekRef, ctx: DateContext): CalendarDate {
  const { today } = ctx;
  if (week === 'ahead') {
    const ahead = (weekday - today.isoWeekday + 7) % 7;
    return today.addDays(ahead === 0 && ctx.timeNotLaterThanNow ? 7 : ahead);
  }
  const monday = today.addDays(1 - today.isoWeekday);
  return monday.addDays(week * 7 + weekday - 1);
}
