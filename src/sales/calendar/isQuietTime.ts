// Quiet hours (免打扰): nobody is nudged then. A range may wrap midnight (21:00–08:00).
import { localParts } from '../../infra/storeTime.js';
import type { SalesRules } from '../salesRules.js';

export function isQuietTime(now: Date, rules: Pick<SalesRules, 'nudges'>, timeZone: string): boolean {
  return inLocalRange(localParts(now, timeZone).time, rules.nudges.quietHours);
}

/** start ≤ t < end, wrapping midnight when end ≤ start. */
export function inLocalRange(time: string, range: { start: string; end: string }): boolean {
  if (range.start === range.end) return false;
  return range.start < range.end ? time >= range.start && time < range.end : time >= range.start || time < range.end;
}
