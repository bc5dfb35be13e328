// Working hours: nudges and customer reminders go out only then, and never in quiet hours.
import { localParts } from '../../infra/storeTime.js';
import { inLocalRange, isQuietTime } from './isQuietTime.js';
import type { SalesRules } from '../salesRules.js';

export function isWorkingTime(now: Date, rules: Pick<SalesRules, 'nudges'>, timeZone: string): boolean {
  return inLocalRange(localParts(now, timeZone).time, rules.nudges.workingHours) && !isQuietTime(now, rules, timeZone);
}
