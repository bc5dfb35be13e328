// A model's price answer built from the catalogue, not from the FAQ's frozen text: every
// trim with its list price, the catalogue's price basis, and the model's offers as of
// today. A price change or a new offer in the data shows up without touching the FAQ.
import type { Lang } from '../../core/message.js';
import type { CatalogData, CatalogModelData } from '../../storeData/storeDataSchema.js';
import { describePromotions } from './describePromotions.js';
import { formatCny } from '../../core/formatCny.js';
import type { PromotionsOnDate } from '../../sales/offers/selectPromotions.js';

export function composePriceAnswer(model: CatalogModelData, catalog: CatalogData, promotions: PromotionsOnDate, lang: Lang): string {
  const trims = model.trims.map((t) => `${t.name[lang]} ${formatCny(t.price, lang)}`);
  const basis = localizedText(catalog.price_basis, lang);
  const prices =
    lang === 'zh'
      ? `${model.name.zh}（${model.body.zh}）厂商指导价：${trims.join('，')}。${basis}`
      : `${model.name.en} (${model.body.en}) list prices: ${joinEnglish(trims)}. ${basis}`;
  const offers = describePromotions(promotions, lang);
  return offers ? `${prices.trim()}\n${offers}` : prices.trim();
}

/** catalog.yaml's optional {zh, en} notes (price_basis) are untyped extras of the schema */
function localizedText(value: unknown, lang: Lang): string {
  if (typeof value !== 'object' || value === null) return '';
  const text = (value as Record<string, unknown>)[lang];
  return typeof text === 'string' ? text : '';
}

function joinEnglish(items: string[]): string {
  return items.length > 1 ? `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}` : items.join('');
}
