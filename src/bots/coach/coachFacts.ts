// The store facts a coaching answer may quote: the offers running today (in the store's
// timezone) for the models in question, with the upcoming ones kept apart, and the texts
// that ground a ready-to-say answer: those offers, the catalogue (models, trims, list
// prices) and the store's standing policies (finance rates, home charger, maintenance).
// Expired offers are never among them, so a playbook sentence quoting one is dropped.
import { localParts } from '../../infra/storeTime.js';
import type { PromotionData, StoreData } from '../../storeData/storeDataSchema.js';
import { selectPromotions, type PromotionsOnDate } from '../../sales/offers/selectPromotions.js';

export function todayInStore(data: StoreData, now: Date): string {
  return localParts(now, data.store.timezone).date;
}

/** Offers for these models (all models when none) active today, and those starting soon. */
export function promotionsFor(data: StoreData, now: Date, modelIds: readonly string[]): PromotionsOnDate {
  return selectPromotions(data.promotions, todayInStore(data, now), { modelIds });
}

export function promotionTexts(promotions: readonly PromotionData[]): string[] {
  return promotions.flatMap((p) => [
    p.title.zh,
    p.title.en,
    p.benefit.zh,
    p.benefit.en,
    ...(p.conditions?.zh ?? []),
    ...(p.conditions?.en ?? []),
    `${p.valid_from} ${p.valid_to}`,
  ]);
}

export function catalogueTexts(data: StoreData): string[] {
  return data.catalog.models.flatMap((m) => [
    `${m.name.zh} ${m.body.zh} ${m.price_range.min.toLocaleString('en-US')} 元 – ${m.price_range.max.toLocaleString('en-US')} 元`,
    `${m.name.en} ${m.body.en} CNY ${m.price_range.min.toLocaleString('en-US')} – CNY ${m.price_range.max.toLocaleString('en-US')}`,
    ...m.trims.flatMap((t) => [
      `${m.name.zh} ${t.name.zh} ${t.price.toLocaleString('en-US')} 元`,
      `${m.name.en} ${t.name.en} CNY ${t.price.toLocaleString('en-US')}`,
    ]),
    ...leafTexts(Object.fromEntries(Object.entries(m).filter(([k]) => !['trims', 'aliases', 'not_aliases', 'price_range'].includes(k)))),
  ]);
}

/** The standing policies' wording (finance, home charger, maintenance, deposit…): every zh/en text. */
export function policyTexts(data: StoreData): string[] {
  return leafTexts(data.policies);
}

/** Everything a coaching answer may quote, as of today: active offers, catalogue, policies. */
export function groundingSources(data: StoreData, active: readonly PromotionData[]): string[] {
  return [...promotionTexts(active), ...catalogueTexts(data), ...policyTexts(data)];
}

/** Texts under zh/en keys (and bare strings in arrays) anywhere in a data object. */
function leafTexts(value: unknown, key = ''): string[] {
  if (typeof value === 'string') return key === 'zh' || key === 'en' || key === '' ? [value] : [];
  if (Array.isArray(value)) return value.flatMap((v) => leafTexts(v, ''));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => leafTexts(v, k));
  return [];
}
