// A price as the store writes it: "189,800 元" in Chinese, "CNY 189,800" in English.
import type { Lang } from './message.js';

const grouped = new Intl.NumberFormat('en-US');

export function formatCny(amount: number, lang: Lang): string {
  return lang === 'zh' ? `${grouped.format(amount)} 元` : `CNY ${grouped.format(amount)}`;
}
