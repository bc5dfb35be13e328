// A consultant's morning message (their DM): their own numbers against their target, then
// today's call list best first, each customer masked with the reason in words, and a button
// per customer that opens them in the CRM (`crm:open:<customerId>`).
import type { Button, Lang, OutboundMessage } from '../../core/message.js';
import type { Board, CallListItem, RankingRow } from '../../sales/board/boardTypes.js';
import { METRIC_NAMES, W, fmtNum, fmtPct, gradeWords, isNum, nameOf, reasonWords } from './digestWords.js';

interface ConsultantDigestInput {
  /** the board's day */
  date: string;
  month: Board['month'];
  /** the consultant's row of the (team's) board */
  row: RankingRow;
}

interface ConsultantDigestOptions {
  /** at most this many customers (and buttons); default 10 */
  limit?: number;
  timeZone?: string;
}

/** What each remaining working day must bring to reach the orders target; null when not computable. */
export function consultantRunRate(row: RankingRow, month: Board['month']): number | null {
  if (!isNum(row.ordersTarget) || !(month.workingDaysLeft > 0)) return null;
  const gap = row.ordersTarget - row.orders;
  return gap > 0 ? gap / month.workingDaysLeft : 0;
}

export function callLine(item: CallListItem, lang: Lang, timeZone?: string): string {
  const reasons = item.reasons.map((r) => reasonWords(r, lang, timeZone)).filter(Boolean);
  return [item.name, gradeWords(item.grade, lang), item.modelId, reasons.join(W.comma[lang])].filter(Boolean).join(' · ');
}

export function renderConsultantDigest(input: ConsultantDigestInput, items: CallListItem[], lang: Lang, o: ConsultantDigestOptions = {}): OutboundMessage {
  const { row, month, date } = input;
  const lines = [W.greeting[lang](nameOf(row, lang), date)];

  const sep = W.sep[lang];
  if (isNum(row.ordersTarget)) {
    const rate = consultantRunRate(row, month);
    const pct = lang === 'zh' ? `（${fmtPct(row.pct)}）` : ` (${fmtPct(row.pct)})`;
    const tail = row.orders >= row.ordersTarget ? W.reached[lang] : isNum(rate) ? W.perDay[lang](fmtNum(rate)) : null;
    lines.push(`${W.myOrders[lang]}${sep}${fmtNum(row.orders)} / ${fmtNum(row.ordersTarget)}${pct}${tail ? `${W.comma[lang]}${tail}` : ''}`);
  } else {
    lines.push(`${W.myOrders[lang]}${sep}${fmtNum(row.orders)}${lang === 'zh' ? `（${W.noTarget.zh}）` : ` (${W.noTarget.en})`}`);
  }
  const extra = [`${METRIC_NAMES.test_drives[lang]} ${fmtNum(row.testDrives)}`, `${METRIC_NAMES.leads[lang]} ${fmtNum(row.leads)}`];
  if (row.overdueFollowUps > 0) extra.push(`${W.overdue[lang]} ${fmtNum(row.overdueFollowUps)}`);
  lines.push(extra.join(' · '));

  const list = [...items].sort((a, b) => b.score - a.score).slice(0, o.limit ?? 10);
  lines.push('');
  if (!list.length) lines.push(W.noCalls[lang]);
  else {
    lines.push(`${W.callList[lang]}${W.head[lang]}`);
    list.forEach((item, i) => lines.push(`${i + 1}. ${callLine(item, lang, o.timeZone)}`));
    if (items.length > list.length) lines.push(W.more[lang](items.length - list.length));
  }

  const buttons: Button[] = list.map((item) => ({ label: `${W.open[lang]} ${item.name}`, value: `crm:open:${item.customerId}` }));
  return { text: lines.join('\n'), ...(buttons.length ? { buttons } : {}) };
}
