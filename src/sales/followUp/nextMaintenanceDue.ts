// The next maintenance (保养) of a delivered car: the first at first.km or first.months
// after delivery, then every then.km or then.months after the last service, whichever
// comes first. Mileage is projected at the car's own km/day (last reported mileage over
// the days since delivery); without a report only time counts.
import { addDays, localParts, zonedInstant } from '../../infra/storeTime.js';
import { DAY_MS, type SalesRules } from '../salesRules.js';

interface MaintenanceSubject {
  deliveredAt: Date;
  mileageKm: number | null;
  mileageAt: Date | null;
  /** the last maintenance done (its date); none: the first service is next */
  lastServiceAt?: Date | null;
}

interface MaintenanceDue {
  dueAt: Date;
  reason: 'time' | 'mileage';
  /** the odometer reading the service is due at (the mileage rule's threshold) */
  km?: number;
  /** which service this is: 1 = the first */
  n: number;
}

export function nextMaintenanceDue(
  car: MaintenanceSubject,
  rules: Pick<SalesRules, 'maintenance'>,
  now: Date,
  opts: { timeZone?: string; servicesDone?: number } = {},
): MaintenanceDue {
  void now; // the due date does not depend on today; kept for the rule functions' shared shape
  const timeZone = opts.timeZone ?? 'Asia/Shanghai';
  const first = !car.lastServiceAt;
  const step = first ? rules.maintenance.first : rules.maintenance.then;
  const base = car.lastServiceAt ?? car.deliveredAt;
  const n = first ? 1 : Math.max(2, (opts.servicesDone ?? 1) + 1);

  const byTime = addMonthsLocal(base, step.months, timeZone);
  const kmPerDay = projectKmPerDay(car);
  if (kmPerDay === null || kmPerDay <= 0) return { dueAt: byTime, reason: 'time', n };
  const kmAtBase = first ? 0 : kmPerDay * ((base.getTime() - car.deliveredAt.getTime()) / DAY_MS);
  const targetKm = Math.round(kmAtBase + step.km);
  // from the last report onwards at the same pace
  const daysFromReport = (targetKm - car.mileageKm!) / kmPerDay;
  const byMileage = new Date(car.mileageAt!.getTime() + daysFromReport * DAY_MS);
  return byMileage < byTime ? { dueAt: byMileage, reason: 'mileage', km: targetKm, n } : { dueAt: byTime, reason: 'time', n };
}

/** km per day from the last mileage report, or null without a usable one. */
export function projectKmPerDay(car: Pick<MaintenanceSubject, 'deliveredAt' | 'mileageKm' | 'mileageAt'>): number | null {
  if (car.mileageKm === null || car.mileageAt === null) return null;
  const days = (car.mileageAt.getTime() - car.deliveredAt.getTime()) / DAY_MS;
  if (days < 1) return null;
  return car.mileageKm / days;
}

/** The same local date n months later (the 31st clamps to the month's end), at 10:00 store time. */
function addMonthsLocal(at: Date, months: number, timeZone: string): Date {
  const date = localParts(at, timeZone).date;
  const [y, m, d] = date.split('-').map(Number);
  const total = y * 12 + (m - 1) + months;
  const ty = Math.floor(total / 12);
  const tm = (total % 12) + 1;
  const lastDay = new Date(Date.UTC(ty, tm, 0)).getUTCDate();
  const target = `${ty}-${String(tm).padStart(2, '0')}-01`;
  return zonedInstant(addDays(target, Math.min(d, lastDay) - 1), '10:00', timeZone);
}
