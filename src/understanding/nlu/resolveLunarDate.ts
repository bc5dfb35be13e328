// A lunar date as written (findLunarDate) → the solar date, through lunar-typescript's
// tables. The rules mirror the Gregorian ones of conventions.md so a customer meets one
// logic: a month and day without a year is the next one on or after today (this lunar
// year's, else next lunar year's); a day alone (农历初八) is this lunar month's if still
// ahead, else next lunar month's; a stated year is kept even if past. A date the calendar
// does not have (腊月三十 in a year whose 腊月 has 29 days, 闰 of a month that is not
// doubled in this lunar year or the next) is not moved to another year: it is null, and
// the customer is asked, as for 2月30日.
import { Lunar, LunarMonth, Solar } from 'lunar-typescript';
import { CalendarDate } from './CalendarDate.js';
import type { LunarWrittenDate } from './findLunarDate.js';

interface LunarContext {
  today: CalendarDate;
  /** a time is stated and not later than now: today's day alone then means next month's */
  timeNotLaterThanNow: boolean;
}

/** The solar date, or null when that lunar date does not exist. */
export function resolveLunarDate(found: LunarWrittenDate, ctx: LunarContext): CalendarDate | null {
  try {
    return found.month === undefined ? resolveLunarDay(found.day, ctx) : resolveLunarMonthDay(found, found.month, ctx.today);
  } catch {
    // lunar-typescript throws on dates outside its tables; a customer's text must not.
    return null;
  }
}

function resolveLunarMonthDay(found: LunarWrittenDate, month: number, today: CalendarDate): CalendarDate | null {
  const signedMonth = found.leap ? -month : month; // lunar-typescript's leap months are negative
  if (found.year !== undefined) {
    const lunarMonth = LunarMonth.fromYm(found.year, signedMonth);
    return lunarMonth && found.day <= lunarMonth.getDayCount() ? toSolar(found.year, signedMonth, found.day) : null;
  }
  const thisLunarYear = Solar.fromYmd(today.year, today.month, today.day).getLunar().getYear();
  for (const year of [thisLunarYear, thisLunarYear + 1]) {
    const lunarMonth = LunarMonth.fromYm(year, signedMonth);
    if (!lunarMonth) continue; // no such leap month that year
    if (found.day > lunarMonth.getDayCount()) {
      // The month still to come lacks the day: ask, rather than jump a year.
      if (toSolar(year, signedMonth, lunarMonth.getDayCount()).compare(today) >= 0) return null;
      continue;
    }
    const date = toSolar(year, signedMonth, found.day);
    if (date.compare(today) >= 0) return date;
  }
  return null;
}

function resolveLunarDay(day: number, ctx: LunarContext): CalendarDate | null {
  const { today } = ctx;
  const lunarToday = Solar.fromYmd(today.year, today.month, today.day).getLunar();
  const thisMonth = LunarMonth.fromYm(lunarToday.getYear(), lunarToday.getMonth())!;
  if (day <= thisMonth.getDayCount()) {
    const date = toSolar(thisMonth.getYear(), thisMonth.getMonth(), day);
    const todayRuledOut = date.compare(today) === 0 && ctx.timeNotLaterThanNow;
    if (date.compare(today) >= 0 && !todayRuledOut) return date;
  }
  const next = thisMonth.next(1);
  if (next && day <= next.getDayCount()) return toSolar(next.getYear(), next.getMonth(), day);
  // As for 31号: today, hour passed, rather than ask about a day next month lacks.
  return day === lunarToday.getDay() ? today : null;
}

function toSolar(year: number, signedMonth: number, day: number): CalendarDate {
  const solar = Lunar.fromYmd(year, signedMonth, day).getSolar();
  return CalendarDate.of(solar.getYear(), solar.getMonth(), solar.getDay())!;
}
