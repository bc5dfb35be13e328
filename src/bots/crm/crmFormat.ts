// Small formatting helpers of the staff CRM: store-local dates, names, models, budgets.
import { localParts } from '../../infra/storeTime.js';
import type { Lang } from '../../core/message.js';
import type { Staff } from '../../generated/prisma/client.js';
import type { StoreData } from '../../storeData/storeDataSchema.js';

export function formatWhen(at: Date | null | undefined, timeZone: string): string {
  if (!at) return '—';
  const p = localParts(at, timeZone);
  return `${p.date.slice(5)} ${p.time}`;
}

export function formatDay(at: Date | null | undefined, timeZone: string): string {
  return at ? localParts(at, timeZone).date.slice(5) : '—';
}

export function staffName(s: Pick<Staff, 'nameZh' | 'nameEn'> | null | undefined, lang: Lang): string {
  return s ? (lang === 'zh' ? s.nameZh : s.nameEn) : '—';
}

export function modelName(data: StoreData, id: string | null | undefined, lang: Lang): string {
  if (!id) return '—';
  return data.catalog.models.find((m) => m.id === id)?.name[lang] ?? id;
}

export function formatBudget(min: number | null, max: number | null, lang: Lang): string {
  const w = (n: number) => (lang === 'zh' ? `${+(n / 10_000).toFixed(1)}万` : `${Math.round(n / 1000)}k`);
  if (min === null && max === null) return '—';
  if (min !== null && max !== null) return min === max ? w(min) : `${w(min)}–${w(max)}`;
  if (max !== null) return lang === 'zh' ? `${w(max)}以内` : `up to ${w(max)}`;
  return lang === 'zh' ? `${w(min!)}以上` : `${w(min!)}+`;
}

/** A lost reason in the store's words (sales-rules.yaml lostReasons); an unknown code as is. */
export function lostReasonLabel(data: StoreData, code: string, lang: Lang): string {
  return (data.salesRules.lostReasons as Record<string, { zh: string; en: string } | undefined>)[code]?.[lang] ?? code;
}
