// The daily board (每日看板) and a consultant's call list as data: computed in sales/ from
// the store's records, rendered elsewhere (Slack blocks, text, PNG, the web dashboard).
// One shape for every renderer, so the digest a manager reads in Slack, the one
// `dealerbot digest` prints and the dashboard always show the same numbers.

export const TARGET_METRICS = ['orders', 'deliveries', 'revenue', 'test_drives', 'leads'] as const;
export type TargetMetric = (typeof TARGET_METRICS)[number];

export const FUNNEL_STAGES = ['leads', 'on_file', 'visits', 'test_drives', 'quotes', 'orders', 'deliveries'] as const;
export type FunnelStage = (typeof FUNNEL_STAGES)[number];

export interface Named {
  id: string;
  nameZh: string;
  nameEn: string;
}

export interface MetricProgress {
  metric: TargetMetric;
  /** the latest target for the period and scope; null when none is set */
  target: number | null;
  actual: number;
  /** actual / target, 0..n; null without a target */
  pct: number | null;
  /** what each remaining working day must bring to reach the target; null without a target or days left */
  runRateNeeded: number | null;
  /** target − actual (negative when ahead); null without a target */
  gap: number | null;
}

export interface FunnelRow {
  stage: FunnelStage;
  count: number;
  /** count / previous stage's count; null for the first stage or a previous count of 0 */
  conversion: number | null;
}

export interface RankingRow extends Named {
  teamId: string | null;
  orders: number;
  testDrives: number;
  leads: number;
  /** the staff member's orders target this month, null when none */
  ordersTarget: number | null;
  /** orders / target, null without one */
  pct: number | null;
  overdueFollowUps: number;
  /** role-play practice this week (issue 7): sessions and average score; null until practice exists */
  practice: { sessions: number; avgScore: number | null } | null;
}

export interface Forecast {
  metric: 'orders';
  /** month-end projection: done so far + run rate over the days left + grade-weighted pipeline share */
  projected: number;
  /** an honest range around it (e.g. 80% interval) */
  low: number;
  high: number;
  target: number | null;
  /** per-grade conversion probabilities used, calibrated on the store's own history */
  weights: Record<string, number>;
}

export interface Board {
  storeId: string;
  /** the board's day (store time), YYYY-MM-DD: "yesterday" is the day before */
  date: string;
  scope: { kind: 'store' } | ({ kind: 'team' } & Named);
  month: { period: string; workingDays: number; workingDaysElapsed: number; workingDaysLeft: number };
  progress: MetricProgress[];
  funnel: { yesterday: FunnelRow[]; monthToDate: FunnelRow[] };
  /** the stage with the weakest conversion this month against the same stage last month */
  bottleneck: { stage: FunnelStage; conversion: number; lastMonthConversion: number | null } | null;
  ranking: RankingRow[];
  overdueFollowUps: number;
  today: {
    testDrives: { at: string; customer: string; modelId: string; staff: string | null }[];
    deliveries: { customer: string; modelId: string; staff: string | null }[];
  };
  forecast: Forecast | null;
  /** true when the period has no data yet: renderers say so instead of dividing by zero */
  empty: boolean;
}

/** Why a customer is on today's call list. */
export type CallReason =
  | { kind: 'overdue'; days: number }
  | { kind: 'due_today' }
  | { kind: 'test_drive_today'; at: string }
  | { kind: 'test_drive_feedback' }
  | { kind: 'return_visit'; day: number }
  | { kind: 'maintenance'; due: string }
  | { kind: 'silent'; days: number }
  | { kind: 'lost_approval' };

export interface CallListItem {
  customerId: string;
  /** masked, ready to show */
  name: string;
  phone: string;
  grade: string;
  modelId: string | null;
  daysSinceContact: number | null;
  reasons: CallReason[];
  /** higher first */
  score: number;
  taskIds: string[];
}
