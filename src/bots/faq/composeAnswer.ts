// The text for a FAQ entry. Prices and offers change, so pricing entries and the current
// offers entry are built from the catalogue and the promotions valid on `now` (a local
// date in the store's timezone); every other entry answers with the FAQ's own text.
// `sources` lists the data entries the text came from: FAQ, model and promotion ids.
import type { Lang } from '../../core/message.js';
import type { KnowledgeBase } from './buildKnowledgeIndex.js';
import { composePriceAnswer } from './composePriceAnswer.js';
import { composePromotionsAnswer } from './composePromotionsAnswer.js';
import { selectPromotions } from '../../sales/offers/selectPromotions.js';
import { localParts } from '../../infra/storeTime.js';

interface ComposedAnswer {
  text: string;
  sources: string[];
}

interface ComposeOptions {
  now: Date;
  lang: Lang;
  /** models the customer named, to narrow the current offers */
  modelIds?: readonly string[];
}

const PROMOTIONS_FAQ_ID = 'promotions-current';
const PRICING_CATEGORY = 'pricing';
const PRICING_ID_PREFIX = 'price-';

export function composeAnswer(faqId: string, kb: KnowledgeBase, opts: ComposeOptions): ComposedAnswer {
  const faq = kb.faqs.get(faqId);
  if (!faq) throw new Error(`unknown FAQ entry "${faqId}"`);
  const { data } = kb;
  const today = localParts(opts.now, data.store.timezone).date;

  if (faq.category === PRICING_CATEGORY || faq.id.startsWith(PRICING_ID_PREFIX)) {
    const modelId = kb.entryModels.get(faq.id)?.about[0];
    const model = data.catalog.models.find((m) => m.id === modelId);
    if (model) {
      const promotions = selectPromotions(data.promotions, today, { modelIds: [model.id] });
      return {
        text: composePriceAnswer(model, data.catalog, promotions, opts.lang),
        sources: [faq.id, model.id, ...promotionIds(promotions)],
      };
    }
  }
  if (faq.id === PROMOTIONS_FAQ_ID) {
    const promotions = selectPromotions(data.promotions, today, { modelIds: opts.modelIds });
    return { text: composePromotionsAnswer(promotions, opts.lang), sources: [faq.id, ...promotionIds(promotions)] };
  }
  return { text: faq.answer[opts.lang], sources: [faq.id] };
}

function promotionIds({ active, upcoming }: { active: { id: string }[]; upcoming: { id: string }[] }): string[] {
  return [...active, ...upcoming].map((p) => p.id);
}
