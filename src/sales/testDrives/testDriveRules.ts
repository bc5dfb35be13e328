// The store's test-drive booking rules (conventions.md "What can be booked"), as plain
// functions over the store data: booking window, slot starts, same-day lead time.
import { addDays, daysBetween, localParts, zonedInstant } from '../../infra/storeTime.js';

export interface TestDriveRules {
  slotStarts: string[]; // ["09:00", …, "17:00"]
  bookingWindowDays: number; // 14
  sameDayMinLeadMinutes: number; // 60
  /** upcoming booked test drives a customer, and a chat, may hold at once (2) */
  maxLiveBookings: number;
  timeZone: string;
}

export type SlotProblem =
  | 'past_date' // the date is before today
  | 'beyond_window' // more than bookingWindowDays ahead
  | 'not_slot_start' // 15:30, 08:00, 18:00 …
  | 'too_soon'; // today, but less than the lead time ahead (or already past)

interface SlotCheck {
  ok: boolean;
  problem?: SlotProblem;
  start?: Date;
}

export const DEFAULT_MAX_LIVE_BOOKINGS = 2;

export function rulesFromProfile(
  testDrive: { slot_starts: string[]; booking_window_days: number; same_day_min_lead_minutes: number; max_live_bookings_per_customer?: number },
  timeZone: string,
): TestDriveRules {
  return {
    slotStarts: [...testDrive.slot_starts].sort(),
    bookingWindowDays: testDrive.booking_window_days,
    sameDayMinLeadMinutes: testDrive.same_day_min_lead_minutes,
    maxLiveBookings: testDrive.max_live_bookings_per_customer ?? DEFAULT_MAX_LIVE_BOOKINGS,
    timeZone,
  };
}

/** Whether a local date and time is a bookable slot start now (cars aside). */
export function checkSlot(rules: TestDriveRules, date: string, time: string, now: Date): SlotCheck {
  const today = localParts(now, rules.timeZone).date;
  const ahead = daysBetween(today, date);
  if (ahead < 0) return { ok: false, problem: 'past_date' };
  if (ahead > rules.bookingWindowDays) return { ok: false, problem: 'beyond_window' };
  if (!rules.slotStarts.includes(time)) return { ok: false, problem: 'not_slot_start' };
  const start = zonedInstant(date, time, rules.timeZone);
  if (start.getTime() - now.getTime() < rules.sameDayMinLeadMinutes * 60_000) return { ok: false, problem: 'too_soon' };
  return { ok: true, start };
}

/**
 * Bookable slot starts ordered by closeness to what the customer asked for (the asked
 * date and time when given, else from now on), as local {date, time} pairs, up to `limit`
 * candidates from the whole window; the caller filters them by free cars.
 */
export function candidateSlots(rules: TestDriveRules, now: Date, near?: { date: string; time?: string | null }): { date: string; time: string; start: Date }[] {
  const today = localParts(now, rules.timeZone).date;
  const all: { date: string; time: string; start: Date }[] = [];
  for (let d = 0; d <= rules.bookingWindowDays; d++) {
    const date = addDays(today, d);
    for (const time of rules.slotStarts) {
      const c = checkSlot(rules, date, time, now);
      if (c.ok) all.push({ date, time, start: c.start! });
    }
  }
  if (!near) return all;
  const anchorDate = daysBetween(today, near.date) < 0 ? today : near.date;
  const anchor = zonedInstant(anchorDate, near.time ?? '12:00', rules.timeZone).getTime();
  // Same day first (the customer named a day), then by distance in time.
  return all.sort((a, b) => {
    const sameA = a.date === near.date ? 0 : 1;
    const sameB = b.date === near.date ? 0 : 1;
    return sameA - sameB || Math.abs(a.start.getTime() - anchor) - Math.abs(b.start.getTime() - anchor) || a.start.getTime() - b.start.getTime();
  });
}
