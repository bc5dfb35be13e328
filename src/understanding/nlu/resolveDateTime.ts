// Turns what a customer wrote into the date and time they asked for, by conventions.md.
// Only resolving happens here; whether the slot can be booked is the booking step's call.
// The time is found first because the weekday-alone rule depends on it (周六3点 said on a
// Saturday after 15:00 means next Saturday).
import { CalendarDate } from './CalendarDate.js';
import { findDate, type DateProblem } from './findDate.js';
import { findTime, type DayPeriod } from './findTime.js';
import { normalizeText } from './normalizeText.js';
import { toWallClock } from './toWallClock.js';

export interface DateTimeResult {
  /** YYYY-MM-DD in the store's calendar */
  date: string | null;
  /** HH:MM, 24-hour */
  time: string | null;
  dateProblem?: DateProblem;
  /** the impossible date as written, e.g. 2月30日 */
  invalidDate?: string;
  /** a period word with no hour (明天下午): ask for an hour, assume none */
  periodOnly?: DayPeriod;
}

/**
 * Every day or time findDate and findTime read is written with at least one of these: a
 * digit, a Latin letter (English words, month names), a Chinese numeral, or a Han
 * character of their words (月号日, 点时, 明后今, 周期拜, 午早晚晨夜, the lunar day 卅 (农历卅;
 * other lunar dates hold 月 or a numeral), and the holidays' 元春过除大国圣平中端清劳七情).
 * A stretch of normalized text without any of them names no
 * day and no time, so a caller may skip it without parsing; a new word made only of other
 * characters must add one here (test/understanding/nlu/longTexts.test.ts checks this on every phrase).
 */
export const DATE_TIME_CHARACTERS = /[0-9a-z零〇一二两三四五六七八九十卅月号日点时明后今周期拜午早晚晨夜元春过除大国圣平中端清劳七情]/g;

export function resolveDateTime(text: string, now: Date, timeZone: string): DateTimeResult {
  const normalized = normalizeText(text);
  const clock = toWallClock(now, timeZone);
  const today = CalendarDate.of(clock.year, clock.month, clock.day)!;
  const nowTime = `${String(clock.hour).padStart(2, '0')}:${String(clock.minute).padStart(2, '0')}`;

  const { time, periodOnly } = findTime(normalized);
  const found = findDate(normalized, { today, timeNotLaterThanNow: time !== null && time <= nowTime });

  const result: DateTimeResult = { date: found.date?.toString() ?? null, time };
  if (found.dateProblem) result.dateProblem = found.dateProblem;
  if (found.invalidDate) result.invalidDate = found.invalidDate;
  if (periodOnly) result.periodOnly = periodOnly;
  return result;
}
