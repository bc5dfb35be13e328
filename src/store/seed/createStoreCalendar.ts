// Store-local time for generated history. Events are planned on a local timeline in
// minutes (0 = local midnight today, negative = earlier days), where business hours are
// plain numbers, and turned into UTC instants only when written. Offsets come from Intl,
// so any IANA zone works, DST included.

import type { Random } from './createRandom.js';

const MINUTE = 60_000;
export const MINUTES_PER_DAY = 1440;

export interface StoreCalendar {
  readonly timeZone: string;
  /** `now` on the local timeline (minutes since local midnight today, with fractions) */
  readonly nowMinute: number;
  /** local 'YYYY-MM' of today */
  readonly period: string;
  /** day offset of the first day of the current local month (0 or negative) */
  readonly monthStartDay: number;
  /** the UTC instant of a point on the local timeline */
  toUtc(localMinute: number): Date;
  /** 0 = Sunday ... 6 = Saturday, for a day offset from today */
  dayOfWeek(day: number): number;
  /** local date 'YYYY-MM-DD' of a day offset from today */
  isoDate(day: number): string;
}

export function createStoreCalendar(now: Date, timeZone: string): StoreCalendar {
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  });
  /** local wall-clock time of an instant, as milliseconds of a UTC date with the same fields */
  const wallTime = (instant: number): number => {
    const p: Record<string, number> = {};
    for (const part of format.formatToParts(new Date(instant))) {
      if (part.type !== 'literal') p[part.type] = Number(part.value);
    }
    return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  };
  const offsetAt = (instant: number): number => {
    const whole = Math.floor(instant / 1000) * 1000;
    return wallTime(whole) - whole;
  };

  const nowWall = wallTime(now.getTime()) + (now.getTime() % 1000);
  const today = new Date(nowWall);
  const y = today.getUTCFullYear();
  const m = today.getUTCMonth();
  const d = today.getUTCDate();
  const todayWall = Date.UTC(y, m, d);
  const nowMinute = (nowWall - todayWall) / MINUTE;

  // One offset per local day covers every day without a DST change in it.
  const dayOffsets = new Map<number, { start: number; end: number }>();
  const offsetsOfDay = (day: number) => {
    let cached = dayOffsets.get(day);
    if (!cached) {
      const startWall = Date.UTC(y, m, d + day);
      cached = { start: offsetAt(startWall - offsetAt(startWall)), end: offsetAt(startWall + 86_400_000 - offsetAt(startWall)) };
      dayOffsets.set(day, cached);
    }
    return cached;
  };
  const wallToUtc = (wall: number, day: number): number => {
    const { start, end } = offsetsOfDay(day);
    if (start === end) return wall - start;
    const first = offsetAt(wall - start);
    return wall - offsetAt(wall - first);
  };

  return {
    timeZone,
    nowMinute,
    period: `${y}-${String(m + 1).padStart(2, '0')}`,
    monthStartDay: 1 - d,
    toUtc(localMinute) {
      const day = Math.floor(localMinute / MINUTES_PER_DAY);
      return new Date(wallToUtc(todayWall + localMinute * MINUTE, day));
    },
    dayOfWeek: (day) => new Date(Date.UTC(y, m, d + day)).getUTCDay(),
    isoDate: (day) => new Date(Date.UTC(y, m, d + day)).toISOString().slice(0, 10),
  };
}

export function dayOf(localMinute: number): number {
  return Math.floor(localMinute / MINUTES_PER_DAY);
}

/** a time in showroom hours (09:30–17:30) on a day */
export function showroomTime(day: number, rnd: Random): number {
  return day * MINUTES_PER_DAY + rnd.int(9 * 60 + 30, 17 * 60 + 30);
}

/** moves a call into calling hours (09:30–20:00), to the next morning if need be */
export function callTime(at: number, rnd: Random): number {
  const day = dayOf(at);
  const minute = Math.round(at - day * MINUTES_PER_DAY);
  if (minute < 9 * 60 + 30) return day * MINUTES_PER_DAY + 9 * 60 + 30 + rnd.int(0, 90);
  if (minute >= 20 * 60) return (day + 1) * MINUTES_PER_DAY + 9 * 60 + 30 + rnd.int(0, 120);
  return day * MINUTES_PER_DAY + minute;
}
