// How a slot reads to a customer: "12月5日（周六）15:00" / "Sat 5 Dec, 15:00".
import type { Lang } from '../../core/message.js';
import { localParts, weekdayOf } from '../../infra/storeTime.js';

const WEEKDAY_ZH = ['', '周一', '周二', '周三', '周四', '周五', '周六', '周日'];
const WEEKDAY_EN = ['', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const MONTH_EN = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export function formatDate(date: string, lang: Lang): string {
  const [, m, d] = date.split('-').map(Number);
  const wd = weekdayOf(date);
  return lang === 'zh' ? `${m}月${d}日（${WEEKDAY_ZH[wd]}）` : `${WEEKDAY_EN[wd]} ${d} ${MONTH_EN[m - 1]}`;
}

export function formatSlot(date: string, time: string, lang: Lang): string {
  return lang === 'zh' ? `${formatDate(date, lang)}${time}` : `${formatDate(date, lang)}, ${time}`;
}

export function formatInstant(at: Date, timeZone: string, lang: Lang): string {
  const p = localParts(at, timeZone);
  return formatSlot(p.date, p.time, lang);
}
