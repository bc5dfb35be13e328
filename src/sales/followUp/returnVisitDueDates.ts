// Return visits after delivery (售后回访): day N after the delivery's store-local date, at a
// fixed local time (10:00 by default), so "day 1" is the next calendar day in the store.
import { addDays, localParts, zonedInstant } from '../../infra/storeTime.js';

export function returnVisitDueDates(deliveredAt: Date, days: readonly number[], timeZone: string, at = '10:00'): { day: number; dueAt: Date }[] {
  const date = localParts(deliveredAt, timeZone).date;
  return days.map((day) => ({ day, dueAt: zonedInstant(addDays(date, day), at, timeZone) }));
}
