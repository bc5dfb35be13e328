// Ids of generated history rows: a fixed prefix per table plus a zero-padded sequence
// number, drawn in a fixed order so a seed always gives the same ids. None of these
// prefixes can match a cuid (cuids have no '-'), so generated rows are easy to find
// and remove without touching rows the running app created.

export const HISTORY_ID_PREFIXES = {
  campaign: 'cmp-',
  customer: 'c-',
  interaction: 'i-',
  booking: 'tdb-',
  order: 'o-',
  task: 'ft-',
  complaint: 'cpl-',
  referral: 'rf-',
  target: 'tg-',
} as const;

type HistoryTable = keyof typeof HISTORY_ID_PREFIXES;

// Widths keep ids sorting in creation order up to these counts.
const WIDTHS: Record<HistoryTable, number> = {
  campaign: 2,
  customer: 6,
  interaction: 7,
  booking: 6,
  order: 6,
  task: 7,
  complaint: 5,
  referral: 5,
  target: 4,
};

export function historyId(table: HistoryTable, n: number): string {
  return HISTORY_ID_PREFIXES[table] + String(n).padStart(WIDTHS[table], '0');
}
