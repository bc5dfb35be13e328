// The store's follow-up rules as plain functions with an injected clock.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { escalationDue } from '../../../src/sales/followUp/escalationDue.js';
import { DEFAULT_GRADE_SCHEME, gradeRulesFrom, nextFollowUpDue } from '../../../src/sales/followUp/gradeRules.js';
import { isQuietTime } from '../../../src/sales/calendar/isQuietTime.js';
import { isWorkingTime } from '../../../src/sales/calendar/isWorkingTime.js';
import { nextMaintenanceDue } from '../../../src/sales/followUp/nextMaintenanceDue.js';
import { returnVisitDueDates } from '../../../src/sales/followUp/returnVisitDueDates.js';
import { DEFAULT_SALES_RULES as R } from '../../../src/sales/salesRules.js';
import { shouldDowngrade } from '../../../src/sales/followUp/shouldDowngrade.js';
import { loadStoreData, StoreDataError } from '../../../src/storeData/loadStoreData.js';
import { DEMO_DIR } from '../../helpers/demoStore.js';

const TZ = 'Asia/Shanghai';
const DAY = 86_400_000;
const NOW = new Date('2026-12-03T10:00:00+08:00');

describe('sales-rules.yaml', () => {
  it("loads the demo store's rules and falls back to the defaults without the file", () => {
    const data = loadStoreData(DEMO_DIR);
    expect(data.salesRules.grades.H.cadenceDays).toBe(2);
    expect(data.salesRules.grades.F.cadenceDays).toBeNull();
    expect(data.salesRules.returnVisitDays).toEqual([1, 3, 7, 30]);
    expect(data.salesRules.maintenance).toEqual({ first: { km: 5000, months: 6 }, then: { km: 10000, months: 12 } });
    expect(data.salesRules.nudges).toEqual({
      workingHours: { start: '09:00', end: '20:00' },
      quietHours: { start: '21:00', end: '08:00' },
      sweepEveryMinutes: 60,
      maxItemsPerMessage: 8,
    });
    expect(data.salesRules.digest).toEqual({ time: '08:30', catchUpHours: 2 });
    expect(data.salesRules.targetWeights).toBe('recent_share');
    expect(data.salesRules.lostReasons.bought_used.zh).toBe('购买二手车');

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rules-'));
    for (const f of ['store.yaml', 'catalog.yaml', 'faq.yaml', 'objections.yaml']) fs.copyFileSync(path.join(DEMO_DIR, f), path.join(dir, f));
    expect(loadStoreData(dir).salesRules).toEqual(R);

    fs.writeFileSync(path.join(dir, 'sales-rules.yaml'), 'grades:\n  H: { meaning: { zh: 热, en: hot }, cadenceDays: 1 }\n');
    expect(() => loadStoreData(dir)).toThrow(/sales-rules\.yaml[\s\S]*grades\.A/);
    fs.writeFileSync(path.join(dir, 'sales-rules.yaml'), 'nudges:\n  quietHours: { start: "25:00", end: "08:00" }\n');
    let err: unknown;
    try {
      loadStoreData(dir);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(StoreDataError);
    expect(String(err)).toMatch(/sales-rules\.yaml[\s\S]*nudges\.quietHours\.start: expected a time HH:MM/);
    fs.writeFileSync(path.join(dir, 'sales-rules.yaml'), 'escalateAfterHours: 12\n');
    const tuned = loadStoreData(dir).salesRules;
    expect(tuned.escalateAfterHours).toBe(12);
    expect(tuned.grades.B.cadenceDays).toBe(7);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe('cadences and downgrades', () => {
  it("follows up by the grade's cadence, configured per store", () => {
    const rules = gradeRulesFrom(R);
    expect(nextFollowUpDue('H', NOW, rules)!.getTime() - NOW.getTime()).toBe(2 * DAY);
    expect(nextFollowUpDue('A', NOW, rules)!.getTime() - NOW.getTime()).toBe(3 * DAY);
    expect(nextFollowUpDue('B', NOW, rules)!.getTime() - NOW.getTime()).toBe(7 * DAY);
    expect(nextFollowUpDue('C', NOW, rules)!.getTime() - NOW.getTime()).toBe(14 * DAY);
    expect(nextFollowUpDue('O', NOW, rules)!.getTime() - NOW.getTime()).toBe(7 * DAY);
    expect(nextFollowUpDue('F', NOW, rules)).toBeNull();
    const fast = gradeRulesFrom({ grades: { ...R.grades, H: { ...R.grades.H, cadenceDays: 1 } } });
    expect(nextFollowUpDue('H', NOW, fast)!.getTime() - NOW.getTime()).toBe(DAY);
    expect(DEFAULT_GRADE_SCHEME.rules.C.cadenceDays).toBe(14);
  });

  it('downgrades after 2 × the cadence of silence, one grade per silence; C is only flagged', () => {
    const created = new Date(NOW.getTime() - 100 * DAY);
    const at = (days: number) => new Date(NOW.getTime() - days * DAY);
    expect(shouldDowngrade({ grade: 'H', lastContactAt: at(3.9), createdAt: created }, R, NOW)).toBeNull();
    expect(shouldDowngrade({ grade: 'H', lastContactAt: at(4), createdAt: created }, R, NOW)).toMatchObject({
      from: 'H',
      to: 'A',
      flagOnly: false,
      silentDays: 4,
    });
    expect(shouldDowngrade({ grade: 'A', lastContactAt: at(5), createdAt: created }, R, NOW)).toBeNull();
    expect(shouldDowngrade({ grade: 'A', lastContactAt: at(6), createdAt: created }, R, NOW)).toMatchObject({ to: 'B' });
    expect(shouldDowngrade({ grade: 'B', lastContactAt: at(14), createdAt: created }, R, NOW)).toMatchObject({ to: 'C' });
    expect(shouldDowngrade({ grade: 'C', lastContactAt: at(28), createdAt: created }, R, NOW)).toMatchObject({ from: 'C', to: 'C', flagOnly: true });
    // never contacted: counts from the lead's creation
    expect(shouldDowngrade({ grade: 'B', lastContactAt: null, createdAt: at(15) }, R, NOW)).toMatchObject({ to: 'C' });
    // downgraded 2 days ago for this silence: A's clock restarted then
    expect(shouldDowngrade({ grade: 'A', lastContactAt: at(10), createdAt: created, lastSilenceChangeAt: at(2) }, R, NOW)).toBeNull();
    expect(shouldDowngrade({ grade: 'A', lastContactAt: at(10), createdAt: created, lastSilenceChangeAt: at(6) }, R, NOW)).toMatchObject({
      to: 'B',
      silentDays: 10,
    });
    expect(shouldDowngrade({ grade: 'O', lastContactAt: at(60), createdAt: created }, R, NOW)).toBeNull();
    expect(shouldDowngrade({ grade: 'F', lastContactAt: at(60), createdAt: created }, R, NOW)).toBeNull();
  });
});

describe('after the delivery', () => {
  it("puts return visits on days 1, 3, 7 and 30 of the store's calendar", () => {
    // delivered late in the evening store time (still the 1st in Shanghai)
    const delivered = new Date('2026-12-01T14:30:00Z'); // 22:30 local
    const due = returnVisitDueDates(delivered, [1, 3, 7, 30], TZ);
    expect(due.map((d) => [d.day, d.dueAt.toISOString()])).toEqual([
      [1, '2026-12-02T02:00:00.000Z'],
      [3, '2026-12-04T02:00:00.000Z'],
      [7, '2026-12-08T02:00:00.000Z'],
      [30, '2026-12-31T02:00:00.000Z'],
    ]);
  });

  it('is due for maintenance by time when the car is driven little', () => {
    const car = { deliveredAt: new Date('2026-01-31T03:00:00Z'), mileageKm: 900, mileageAt: new Date('2026-03-02T03:00:00Z') };
    const first = nextMaintenanceDue(car, R, NOW, { timeZone: TZ });
    // 30 km/day → 5,000 km after ~167 days (mid July) is later than 6 months (31 July → 31st clamps? no: July has 31)
    expect(first.reason).toBe('mileage');
    const slow = { ...car, mileageKm: 300 }; // 10 km/day: 500 days for 5,000 km
    const byTime = nextMaintenanceDue(slow, R, NOW, { timeZone: TZ });
    expect(byTime).toMatchObject({ reason: 'time', n: 1 });
    expect(byTime.dueAt.toISOString()).toBe('2026-07-31T02:00:00.000Z');
    // no mileage report: time only; August 31st + 6 months clamps to the end of February
    const noReport = nextMaintenanceDue({ deliveredAt: new Date('2026-08-31T03:00:00Z'), mileageKm: null, mileageAt: null }, R, NOW, { timeZone: TZ });
    expect(noReport).toMatchObject({ reason: 'time' });
    expect(noReport.dueAt.toISOString()).toBe('2027-02-28T02:00:00.000Z');
  });

  it('is due for maintenance by mileage when the car is driven a lot, then every 10,000 km', () => {
    const delivered = new Date('2026-06-01T02:00:00Z');
    // 2,000 km in the first 20 days: 100 km/day → 5,000 km on day 50
    const car = { deliveredAt: delivered, mileageKm: 2000, mileageAt: new Date(delivered.getTime() + 20 * DAY) };
    const first = nextMaintenanceDue(car, R, NOW, { timeZone: TZ });
    expect(first).toMatchObject({ reason: 'mileage', km: 5000, n: 1 });
    expect(first.dueAt.getTime()).toBe(delivered.getTime() + 50 * DAY);
    // serviced on day 50 (≈5,000 km): the next at ≈15,000 km, day 150, before 12 months
    const second = nextMaintenanceDue({ ...car, lastServiceAt: new Date(delivered.getTime() + 50 * DAY) }, R, NOW, { timeZone: TZ, servicesDone: 1 });
    expect(second).toMatchObject({ reason: 'mileage', km: 15000, n: 2 });
    expect(second.dueAt.getTime()).toBe(delivered.getTime() + 150 * DAY);
  });
});

describe('escalation and hours', () => {
  const task = {
    kind: 'follow_up',
    status: 'open',
    dueAt: new Date(NOW.getTime() - 25 * 3_600_000),
    createdAt: new Date(NOW.getTime() - 40 * DAY),
    escalatedAt: null,
  };
  it('escalates a follow-up overdue by more than 24 hours, once', () => {
    expect(escalationDue(task, R, NOW)).toBe(true);
    expect(escalationDue({ ...task, dueAt: new Date(NOW.getTime() - 23 * 3_600_000) }, R, NOW)).toBe(false);
    expect(escalationDue({ ...task, escalatedAt: NOW }, R, NOW)).toBe(false);
    expect(escalationDue({ ...task, status: 'done' }, R, NOW)).toBe(false);
    expect(escalationDue({ ...task, kind: 'return_visit' }, R, NOW)).toBe(false);
    // created by a sweep an hour ago for a long-silent customer: not yet
    expect(escalationDue({ ...task, createdAt: new Date(NOW.getTime() - 3_600_000) }, R, NOW)).toBe(false);
    expect(escalationDue(task, { escalateAfterHours: 48, escalateWithinDays: 7 }, NOW)).toBe(false);
    // missed more than a week ago: left to the overdue counts, not escalated one by one
    expect(escalationDue({ ...task, dueAt: new Date(NOW.getTime() - 9 * DAY) }, R, NOW)).toBe(false);
    expect(escalationDue({ ...task, dueAt: new Date(NOW.getTime() - 7 * DAY) }, R, NOW)).toBe(true);
  });

  it("knows quiet hours (wrapping midnight) and working hours in the store's time", () => {
    const at = (hhmm: string) => new Date(`2026-12-03T${hhmm}:00+08:00`);
    expect(isQuietTime(at('21:00'), R, TZ)).toBe(true);
    expect(isQuietTime(at('23:59'), R, TZ)).toBe(true);
    expect(isQuietTime(at('03:00'), R, TZ)).toBe(true);
    expect(isQuietTime(at('07:59'), R, TZ)).toBe(true);
    expect(isQuietTime(at('08:00'), R, TZ)).toBe(false);
    expect(isQuietTime(at('20:30'), R, TZ)).toBe(false);
    expect(isWorkingTime(at('08:30'), R, TZ)).toBe(false);
    expect(isWorkingTime(at('09:00'), R, TZ)).toBe(true);
    expect(isWorkingTime(at('19:59'), R, TZ)).toBe(true);
    expect(isWorkingTime(at('20:00'), R, TZ)).toBe(false);
    // working hours that overlap quiet hours: quiet wins
    const late = { nudges: { ...R.nudges, workingHours: { start: '09:00', end: '23:00' } } };
    expect(isWorkingTime(at('22:00'), late, TZ)).toBe(false);
  });
});
