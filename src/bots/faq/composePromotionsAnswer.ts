// The "what offers do you have" answer from store.yaml's promotions as of today, narrowed
// to the models the customer named ("E6 现在有优惠吗"), instead of the FAQ's frozen list.
import type { Lang } from '../../core/message.js';
import { describePromotions } from './describePromotions.js';
import type { PromotionsOnDate } from '../../sales/offers/selectPromotions.js';

const TEXTS = {
  none: { zh: '目前没有进行中的购车优惠。', en: 'There are no offers running right now.' },
  conditions: {
    zh: '每项优惠都有使用条件，能否叠加可以问我“优惠可以叠加吗”，或回复“转人工”咨询顾问。',
    en: 'Each offer has conditions; ask me "can I combine offers?" or type "human" to check with an adviser.',
  },
} as const;

export function composePromotionsAnswer(promotions: PromotionsOnDate, lang: Lang): string {
  const parts = [
    promotions.active.length ? '' : TEXTS.none[lang],
    describePromotions(promotions, lang),
    promotions.active.length || promotions.upcoming.length ? TEXTS.conditions[lang] : '',
  ];
  return parts.filter(Boolean).join('\n');
}
