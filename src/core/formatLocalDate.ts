// A YYYY-MM-DD date for customers: "2026年12月15日" or "15 December 2026".
import type { Lang } from './message.js';

const english = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

export function formatLocalDate(date: string, lang: Lang): string {
  const [y, m, d] = date.split('-').map(Number);
  return lang === 'zh' ? `${y}年${m}月${d}日` : english.format(Date.UTC(y, m - 1, d));
}
