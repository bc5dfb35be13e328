// The daily board as a channel-neutral message: a short headline as the text (the
// notification and the fallback) and one card per part of the board (Slack shows them as
// sections with fields and dividers; the web chat as cards). The same words as the text
// board (renderBoardText), cut to fit Slack's limits.
import type { Card, Lang, OutboundMessage } from '../../core/message.js';
import type { Board } from '../../sales/board/boardTypes.js';
import { METRIC_NAMES, STAGE_NAMES, W, fmtNum, fmtPct, isNum, nameOf } from './digestWords.js';
import {
  boardTitle,
  bottleneckLine,
  deliveryLines,
  forecastLine,
  progressValue,
  rankingValue,
  testDriveLines,
  type BoardRenderOptions,
} from './renderBoardText.js';

/** Slack allows 10 fields a section; the ranking gets at most two sections of them. */
const MAX_RANKING_FIELDS = 20;

export function renderBoardMessage(board: Board, lang: Lang, o: BoardRenderOptions = {}): OutboundMessage {
  const title = boardTitle(board, lang);
  if (board.empty) return { text: `${title}\n${W.empty[lang](board.month.period)}` };

  const orders = board.progress.find((p) => p.metric === 'orders');
  const headline = [
    orders ? `${METRIC_NAMES.orders[lang]} ${progressValue(orders, lang)}` : null,
    `${W.overdue[lang]} ${fmtNum(board.overdueFollowUps)}`,
  ].filter(Boolean);
  const text = `${title}\n${W.days[lang](board.month)}\n${headline.join(' · ')}`;

  const cards: Card[] = [];
  cards.push({
    title: W.progress[lang],
    fields: board.progress.map((p) => ({ label: METRIC_NAMES[p.metric][lang], value: progressValue(p, lang) })),
  });

  const yesterday = new Map(board.funnel.yesterday.map((r) => [r.stage, r]));
  const funnelFields = board.funnel.monthToDate.map((r) => {
    const y = yesterday.get(r.stage);
    const mtd = `${W.monthToDate[lang]} ${fmtNum(r.count)}${isNum(r.conversion) ? ` (${fmtPct(r.conversion)})` : ''}`;
    const yd = `${W.yesterday[lang]} ${fmtNum(y?.count ?? 0)}${isNum(y?.conversion) ? ` (${fmtPct(y.conversion)})` : ''}`;
    return { label: STAGE_NAMES[r.stage][lang], value: `${mtd}\n${yd}` };
  });
  const bottleneck = bottleneckLine(board, lang);
  // 7 stages + the bottleneck: within one section's 10 fields
  if (bottleneck) funnelFields.push({ label: `⚠ ${W.bottleneck[lang]}`, value: bottleneck });
  if (funnelFields.length) cards.push({ title: W.funnel[lang], fields: funnelFields });

  if (board.ranking.length) {
    const rows = board.ranking.slice(0, MAX_RANKING_FIELDS);
    const fields = rows.map((r, i) => ({ label: `${i + 1}. ${nameOf(r, lang)}`, value: rankingValue(r, lang) }));
    if (board.ranking.length > rows.length) fields[fields.length - 1].value += `\n${W.more[lang](board.ranking.length - rows.length)}`;
    cards.push({ title: W.ranking[lang], fields });
  }

  cards.push({
    title: W.today[lang],
    fields: [
      { label: W.testDrives[lang], value: testDriveLines(board, lang, o).join('\n') },
      { label: W.deliveries[lang], value: deliveryLines(board, lang, o).join('\n') },
      { label: W.overdue[lang], value: fmtNum(board.overdueFollowUps) },
    ],
  });

  const forecast = forecastLine(board, lang);
  if (forecast) cards.push({ title: W.forecast[lang], fields: [{ label: METRIC_NAMES.orders[lang], value: forecast }] });

  return { text, cards };
}
