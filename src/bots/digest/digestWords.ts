// The words and number formats of the morning digest, in Chinese and English. Every number
// goes through a formatter that shows "—" for a missing or non-finite value, so a board
// without targets (or an empty month) never prints NaN, Infinity or undefined.
import type { Lang } from '../../core/message.js';
import { localParts } from '../../infra/storeTime.js';
import { FUNNEL_STAGES, type Board, type CallReason, type FunnelStage, type Named, type TargetMetric } from '../../sales/board/boardTypes.js';

export const NONE = '—';

export const METRIC_NAMES: Record<TargetMetric, Record<Lang, string>> = {
  orders: { zh: '订单', en: 'Orders' },
  deliveries: { zh: '交车', en: 'Deliveries' },
  revenue: { zh: '销售额', en: 'Revenue' },
  test_drives: { zh: '试驾', en: 'Test drives' },
  leads: { zh: '线索', en: 'Leads' },
};

export const STAGE_NAMES: Record<FunnelStage, Record<Lang, string>> = {
  leads: { zh: '线索', en: 'Leads' },
  on_file: { zh: '留档', en: 'On file' },
  visits: { zh: '到店', en: 'Visits' },
  test_drives: { zh: '试驾', en: 'Test drives' },
  quotes: { zh: '报价', en: 'Quotes' },
  orders: { zh: '订单', en: 'Orders' },
  deliveries: { zh: '交车', en: 'Deliveries' },
};

export const W = {
  title: { zh: '每日看板', en: 'Daily board' },
  store: { zh: '全店', en: 'Whole store' },
  days: {
    zh: (b: Board['month']) => `本月已过 ${b.workingDaysElapsed}/${b.workingDays} 个工作日，剩 ${b.workingDaysLeft} 天`,
    en: (b: Board['month']) => `${b.workingDaysElapsed} of ${b.workingDays} working days done, ${b.workingDaysLeft} left`,
  },
  empty: {
    zh: (period: string) => `本期（${period}）还没有数据：有了线索、试驾和订单后，这里会显示目标进度、漏斗和排名。`,
    en: (period: string) => `No data yet for this period (${period}): targets, funnel and ranking show here once there are leads, test drives and orders.`,
  },
  progress: { zh: '目标进度', en: 'Targets and progress' },
  noTarget: { zh: '未设目标', en: 'no target' },
  reached: { zh: '已达成', en: 'target reached' },
  toGo: { zh: (n: string) => `还差 ${n}`, en: (n: string) => `${n} to go` },
  perDay: { zh: (n: string) => `需每个工作日 ${n}`, en: (n: string) => `need ${n} per working day` },
  funnel: { zh: '漏斗', en: 'Funnel' },
  yesterday: { zh: '昨日', en: 'Yesterday' },
  monthToDate: { zh: '本月', en: 'Month to date' },
  bottleneck: { zh: '瓶颈', en: 'Bottleneck' },
  lastMonth: { zh: (p: string) => `上月 ${p}`, en: (p: string) => `last month ${p}` },
  noLastMonth: { zh: '上月无数据', en: 'no data last month' },
  ranking: { zh: '排名', en: 'Ranking' },
  overdue: { zh: '逾期跟进', en: 'Overdue follow-ups' },
  practice: {
    zh: (n: number, avg: string) => `练习 ${n} 次（均分 ${avg}）`,
    en: (n: number, avg: string) => `practice ${n}× (avg ${avg})`,
  },
  today: { zh: '今日', en: 'Today' },
  testDrives: { zh: '试驾', en: 'Test drives' },
  deliveries: { zh: '交车', en: 'Deliveries' },
  noneToday: { zh: '无', en: 'none' },
  more: { zh: (n: number) => `…另有 ${n} 项`, en: (n: number) => `… and ${n} more` },
  forecast: { zh: '月底预测', en: 'Month-end forecast' },
  forecastLine: {
    zh: (p: string, lo: string, hi: string) => `订单 ${p}（区间 ${lo}–${hi}）`,
    en: (p: string, lo: string, hi: string) => `${p} orders (range ${lo}–${hi})`,
  },
  target: { zh: (t: string) => `目标 ${t}`, en: (t: string) => `target ${t}` },
  greeting: {
    zh: (name: string, date: string) => `早上好，${name}！${date} 的工作`,
    en: (name: string, date: string) => `Good morning, ${name}! Your day, ${date}`,
  },
  myOrders: { zh: '本月订单', en: 'Orders this month' },
  callList: { zh: '今天要联系（按优先级）', en: "Today's calls, most important first" },
  noCalls: { zh: '今天没有必须联系的客户。', en: 'No calls due today.' },
  open: { zh: '打开', en: 'Open' },
  sep: { zh: '：', en: ': ' },
  head: { zh: '：', en: ':' },
  comma: { zh: '，', en: ', ' },
} as const;

export function nameOf(n: Named, lang: Lang): string {
  return lang === 'zh' ? n.nameZh || n.nameEn : n.nameEn || n.nameZh;
}

export function scopeName(board: Board, lang: Lang): string {
  return board.scope.kind === 'store' ? W.store[lang] : nameOf(board.scope, lang);
}

export function isNum(x: number | null | undefined): x is number {
  return typeof x === 'number' && Number.isFinite(x);
}

/** 0.4 → "40%"; null or non-finite → "—". */
export function fmtPct(x: number | null | undefined): string {
  return isNum(x) ? `${Math.round(x * 100)}%` : NONE;
}

/** Whole numbers as they are, others with one decimal; null or non-finite → "—". */
export function fmtNum(x: number | null | undefined): string {
  if (!isNum(x)) return NONE;
  return Number.isInteger(x) ? String(x) : (Math.round(x * 10) / 10).toFixed(1);
}

/** A metric's value: revenue in 万 / M yuan, the rest as counts. */
export function fmtMetric(metric: TargetMetric, x: number | null | undefined, lang: Lang): string {
  if (!isNum(x)) return NONE;
  if (metric !== 'revenue') return fmtNum(x);
  if (lang === 'zh') return Math.abs(x) >= 10_000 ? `¥${(x / 10_000).toFixed(1)}万` : `¥${Math.round(x)}`;
  return Math.abs(x) >= 1_000_000 ? `¥${(x / 1_000_000).toFixed(2)}M` : `¥${Math.round(x).toLocaleString('en-US')}`;
}

/** The stage before `stage` in the funnel (the one a conversion is measured from). */
export function previousStage(stage: FunnelStage): FunnelStage | null {
  const i = FUNNEL_STAGES.indexOf(stage);
  return i > 0 ? FUNNEL_STAGES[i - 1] : null;
}

/** "14:00" from an "HH:MM" or an instant (shown in the store's timezone). */
export function clockTime(at: string, timeZone = 'Asia/Shanghai'): string {
  if (/^\d{1,2}:\d{2}$/.test(at)) return at;
  const d = new Date(at);
  return Number.isNaN(d.getTime()) ? at : localParts(d, timeZone).time;
}

/** Why a customer is on the call list, in words. */
export function reasonWords(r: CallReason, lang: Lang, timeZone?: string): string {
  const zh = lang === 'zh';
  switch (r.kind) {
    case 'overdue':
      return zh ? `跟进逾期${r.days}天` : `follow-up ${r.days}d overdue`;
    case 'due_today':
      return zh ? '今天应跟进' : 'follow-up due today';
    case 'test_drive_today':
      return zh ? `今天 ${clockTime(r.at, timeZone)} 试驾` : `test drive today ${clockTime(r.at, timeZone)}`;
    case 'test_drive_feedback':
      return zh ? '试驾后回访' : 'test-drive feedback call';
    case 'return_visit':
      return zh ? `第${r.day}天回访` : `day-${r.day} follow-up call`;
    case 'maintenance':
      return zh ? `保养到期 ${r.due}` : `service due ${r.due}`;
    case 'silent':
      return zh ? `${r.days}天未联系` : `no contact for ${r.days} days`;
    case 'lost_approval':
      return zh ? '战败待审批' : 'lost-deal approval pending';
    default:
      return '';
  }
}

export function gradeWords(grade: string, lang: Lang): string {
  return lang === 'zh' && /^[A-Z]$/.test(grade) ? `${grade}级` : grade;
}

/** The first `max` lines and a "… and N more" line. */
export function capLines(lines: string[], max: number, lang: Lang): string[] {
  return lines.length <= max ? lines : [...lines.slice(0, max), W.more[lang](lines.length - max)];
}
