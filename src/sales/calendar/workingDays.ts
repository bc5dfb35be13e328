// Months, days and working days in the store's time. A working day is a day the sales
// showroom opens (store.yaml `hours.sales.days`; every day when the profile says nothing).
// Targets are per month ('YYYY-MM'); a period [from, to) of instants is built from
// store-local midnights, so every count in sales/ uses the same day boundaries.
import { addDays, daysBetween, weekdayOf, zonedInstant } from '../../infra/storeTime.js';

const WEEKDAY_NAMES: Record<string, number> = { mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6, sun: 7 };
export const EVERY_DAY: ReadonlySet<number> = new Set([1, 2, 3, 4, 5, 6, 7]);
const PERIOD = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function isPeriod(s: string): boolean {
  return PERIOD.test(s);
}

/** The weekdays (1 = Monday … 7 = Sunday) the sales showroom opens, from a Store.profile. */
export function salesDaysOf(profile: unknown): Set<number> {
  const days = (profile as { hours?: { sales?: { days?: unknown } } } | null)?.hours?.sales?.days;
  if (!Array.isArray(days)) return new Set(EVERY_DAY);
  const set = new Set(days.map((d) => WEEKDAY_NAMES[String(d).toLowerCase().slice(0, 3)]).filter((n): n is number => !!n));
  return set.size ? set : new Set(EVERY_DAY);
}

export const periodOf = (date: string): string => date.slice(0, 7);
export const monthStart = (period: string): string => `${period}-01`;
export function nextPeriod(period: string): string {
  const [y, m] = period.split('-').map(Number);
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}
export function previousPeriod(period: string, n = 1): string {
  const [y, m] = period.split('-').map(Number);
  const idx = y * 12 + (m - 1) - n;
  return `${Math.floor(idx / 12)}-${String((idx % 12) + 1).padStart(2, '0')}`;
}
export const monthEnd = (period: string): string => addDays(monthStart(nextPeriod(period)), -1);

/** The dates from `from` up to but not including `to`. */
export function datesBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d < to; d = addDays(d, 1)) out.push(d);
  return out;
}

export function workingDatesBetween(from: string, to: string, days: ReadonlySet<number>): string[] {
  return datesBetween(from, to).filter((d) => days.has(weekdayOf(d)));
}

export function workingDatesOfMonth(period: string, days: ReadonlySet<number>): string[] {
  return workingDatesBetween(monthStart(period), monthStart(nextPeriod(period)), days);
}

/**
 * A month seen from a board day: the days before `date` have elapsed (the 08:30 board
 * shows yesterday's close), `date` itself and the rest of the month are left.
 */
export function monthProgress(period: string, date: string, days: ReadonlySet<number>) {
  const all = workingDatesOfMonth(period, days);
  const elapsed = all.filter((d) => d < date).length;
  return { period, workingDays: all.length, workingDaysElapsed: elapsed, workingDaysLeft: all.length - elapsed };
}

/** [from, to) instants of local dates [fromDate, toDate). */
export function instantRange(fromDate: string, toDate: string, timeZone: string): { from: Date; to: Date } {
  return { from: zonedInstant(fromDate, '00:00', timeZone), to: zonedInstant(toDate, '00:00', timeZone) };
}

export function monthRange(period: string, timeZone: string): { from: Date; to: Date } {
  return instantRange(monthStart(period), monthStart(nextPeriod(period)), timeZone);
}

/** The same day of month in another period, clipped to its length ("the comparable day"). */
export function sameDayIn(period: string, date: string): string {
  const day = Math.min(Number(date.slice(8, 10)), Number(monthEnd(period).slice(8, 10)));
  return `${period}-${String(day).padStart(2, '0')}`;
}

export { daysBetween };

export function addDaysToInstant(at: Date, days: number): Date {
  return new Date(at.getTime() + days * 86_400_000);
}
