// Long silence moves a customer one grade down (降级): silence of downgradeAfterCadences ×
// the grade's cadence since the last contact (or since the last silence downgrade, so one
// silence costs one grade per period, not several at once). C has nowhere to go: it stays
// C and is flagged instead.
import { gradeBelow } from './gradeRules.js';
import { DAY_MS, type SalesRules } from '../salesRules.js';

interface DowngradeSubject {
  grade: string;
  lastContactAt: Date | null;
  createdAt: Date;
  /** when the customer was last downgraded (or flagged) for silence, if ever */
  lastSilenceChangeAt?: Date | null;
}

interface Downgrade {
  from: string;
  to: string;
  /** C stays C: the consultant is told, the grade does not change */
  flagOnly: boolean;
  silentDays: number;
}

export function shouldDowngrade(
  c: DowngradeSubject,
  rules: Pick<SalesRules, 'grades' | 'downgradeAfterCadences' | 'downgradeOrder'>,
  now: Date,
): Downgrade | null {
  if (!rules.downgradeOrder.includes(c.grade as never)) return null;
  const cadence = rules.grades[c.grade as 'H']?.cadenceDays;
  if (!cadence) return null;
  const contact = c.lastContactAt ?? c.createdAt;
  const since = c.lastSilenceChangeAt && c.lastSilenceChangeAt > contact ? c.lastSilenceChangeAt : contact;
  const silentMs = now.getTime() - since.getTime();
  if (silentMs < rules.downgradeAfterCadences * cadence * DAY_MS) return null;
  const to = gradeBelow(c.grade, rules.downgradeOrder);
  return {
    from: c.grade,
    to: to ?? c.grade,
    flagOnly: to === null,
    silentDays: Math.floor((now.getTime() - contact.getTime()) / DAY_MS),
  };
}
