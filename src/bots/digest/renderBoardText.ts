// The daily board (每日看板) as plain text: what `dealerbot digest` prints and what a channel
// without rich layout shows. The pieces are shared with the Slack message (renderBoardMessage)
// so both always say the same thing.
import type { Lang } from '../../core/message.js';
import type { Board, FunnelRow, MetricProgress, RankingRow } from '../../sales/board/boardTypes.js';
import { METRIC_NAMES, STAGE_NAMES, W, capLines, clockTime, fmtMetric, fmtNum, fmtPct, isNum, nameOf, previousStage, scopeName } from './digestWords.js';

export interface BoardRenderOptions {
  /** The store's timezone, for test-drive times given as instants (default Asia/Shanghai). */
  timeZone?: string;
  /** Lines a list (ranking, today's test drives) shows before "… and N more". */
  maxListLines?: number;
}

export function boardTitle(board: Board, lang: Lang): string {
  return `${W.title[lang]} · ${scopeName(board, lang)} · ${board.date}`;
}

/** "Orders: 12 / 30 (40%), 18 to go, need 1.5 per working day". */
export function progressValue(p: MetricProgress, lang: Lang): string {
  const actual = fmtMetric(p.metric, p.actual, lang);
  if (!isNum(p.target)) return lang === 'zh' ? `${actual}（${W.noTarget.zh}）` : `${actual} (${W.noTarget.en})`;
  const parts = [`${actual} / ${fmtMetric(p.metric, p.target, lang)}${lang === 'zh' ? `（${fmtPct(p.pct)}）` : ` (${fmtPct(p.pct)})`}`];
  if (isNum(p.gap) && p.gap <= 0) parts.push(W.reached[lang]);
  else {
    if (isNum(p.gap)) parts.push(W.toGo[lang](fmtMetric(p.metric, p.gap, lang)));
    if (isNum(p.runRateNeeded)) parts.push(W.perDay[lang](fmtMetric(p.metric, p.runRateNeeded, lang)));
  }
  return parts.join(W.comma[lang]);
}

export function progressLine(p: MetricProgress, lang: Lang): string {
  return `${METRIC_NAMES[p.metric][lang]}${W.sep[lang]}${progressValue(p, lang)}`;
}

/** "Leads 12 → On file 9 (75%) → …"; stages with no count and no later counts are left off. */
export function funnelLine(rows: FunnelRow[], lang: Lang): string {
  if (!rows.length) return W.noneToday[lang];
  return rows.map((r) => `${STAGE_NAMES[r.stage][lang]} ${fmtNum(r.count)}${isNum(r.conversion) ? ` (${fmtPct(r.conversion)})` : ''}`).join(' → ');
}

export function bottleneckLine(board: Board, lang: Lang): string | null {
  const b = board.bottleneck;
  if (!b) return null;
  const from = previousStage(b.stage);
  const step = from ? `${STAGE_NAMES[from][lang]} → ${STAGE_NAMES[b.stage][lang]}` : STAGE_NAMES[b.stage][lang];
  const last = isNum(b.lastMonthConversion) ? W.lastMonth[lang](fmtPct(b.lastMonthConversion)) : W.noLastMonth[lang];
  return lang === 'zh' ? `${step}：${fmtPct(b.conversion)}（${last}）` : `${step}: ${fmtPct(b.conversion)} (${last})`;
}

export function rankingValue(r: RankingRow, lang: Lang): string {
  const orders = isNum(r.ordersTarget)
    ? `${METRIC_NAMES.orders[lang]} ${fmtNum(r.orders)}/${fmtNum(r.ordersTarget)} (${fmtPct(r.pct)})`
    : `${METRIC_NAMES.orders[lang]} ${fmtNum(r.orders)}`;
  const parts = [orders, `${METRIC_NAMES.test_drives[lang]} ${fmtNum(r.testDrives)}`, `${METRIC_NAMES.leads[lang]} ${fmtNum(r.leads)}`];
  if (r.overdueFollowUps > 0) parts.push(`${W.overdue[lang]} ${fmtNum(r.overdueFollowUps)}`);
  if (r.practice && r.practice.sessions > 0) parts.push(W.practice[lang](r.practice.sessions, fmtNum(r.practice.avgScore)));
  return parts.join(' · ');
}

export function rankingLines(board: Board, lang: Lang, max = 20): string[] {
  return capLines(
    board.ranking.map((r, i) => `${i + 1}. ${nameOf(r, lang)}  ${rankingValue(r, lang)}`),
    max,
    lang,
  );
}

export function testDriveLines(board: Board, lang: Lang, o: BoardRenderOptions = {}): string[] {
  const lines = [...board.today.testDrives]
    .sort((a, b) => a.at.localeCompare(b.at))
    .map((t) => [clockTime(t.at, o.timeZone), t.customer, t.modelId.toUpperCase(), staffNameIn(board, t.staff, lang)].filter(Boolean).join(' · '));
  return lines.length ? capLines(lines, o.maxListLines ?? 12, lang) : [W.noneToday[lang]];
}

/** The board carries staff ids for today's items; the ranking has their names (the scope's consultants). */
function staffNameIn(board: Board, staffId: string | null, lang: Lang): string | null {
  if (!staffId) return null;
  const row = board.ranking.find((r) => r.id === staffId);
  return row ? nameOf(row, lang) : staffId;
}

export function deliveryLines(board: Board, lang: Lang, o: BoardRenderOptions = {}): string[] {
  const lines = board.today.deliveries.map((d) => [d.customer, d.modelId.toUpperCase(), staffNameIn(board, d.staff, lang)].filter(Boolean).join(' · '));
  return lines.length ? capLines(lines, o.maxListLines ?? 12, lang) : [W.noneToday[lang]];
}

export function forecastLine(board: Board, lang: Lang): string | null {
  const f = board.forecast;
  if (!f || !isNum(f.projected)) return null;
  const line = W.forecastLine[lang](fmtNum(Math.round(f.projected)), fmtNum(Math.round(f.low)), fmtNum(Math.round(f.high)));
  return isNum(f.target) ? `${line}${W.comma[lang]}${W.target[lang](fmtNum(f.target))}` : line;
}

export function renderBoardText(board: Board, lang: Lang, o: BoardRenderOptions = {}): string {
  const out: string[] = [boardTitle(board, lang)];
  if (board.empty) {
    out.push(W.empty[lang](board.month.period));
    return out.join('\n');
  }
  const h = (title: string) => (lang === 'zh' ? `【${title}】` : `== ${title} ==`);
  out.push(W.days[lang](board.month), '');
  out.push(h(W.progress[lang]), ...board.progress.map((p) => progressLine(p, lang)), '');
  out.push(
    h(W.funnel[lang]),
    `${W.yesterday[lang]}${W.sep[lang]}${funnelLine(board.funnel.yesterday, lang)}`,
    `${W.monthToDate[lang]}${W.sep[lang]}${funnelLine(board.funnel.monthToDate, lang)}`,
  );
  const bottleneck = bottleneckLine(board, lang);
  if (bottleneck) out.push(`${W.bottleneck[lang]}${W.sep[lang]}${bottleneck}`);
  out.push('');
  if (board.ranking.length) out.push(h(W.ranking[lang]), ...rankingLines(board, lang, o.maxListLines ?? 20), '');
  out.push(`${W.overdue[lang]}${W.sep[lang]}${fmtNum(board.overdueFollowUps)}`, '');
  out.push(h(W.today[lang]), `${W.testDrives[lang]}${W.head[lang]}`, ...testDriveLines(board, lang, o).map((l) => `  ${l}`));
  out.push(`${W.deliveries[lang]}${W.head[lang]}`, ...deliveryLines(board, lang, o).map((l) => `  ${l}`));
  const forecast = forecastLine(board, lang);
  if (forecast) out.push('', `${W.forecast[lang]}${W.sep[lang]}${forecast}`);
  return out.join('\n');
}
