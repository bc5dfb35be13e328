// The store's offers as of a local date: those running today (valid_from ≤ today ≤
// valid_to, both inclusive) and, separately, those starting within the next weeks, which
// must never be presented as available now. Expired offers are left out altogether.
import type { PromotionData } from '../../storeData/storeDataSchema.js';
import { addDays } from '../../infra/storeTime.js';

export interface PromotionsOnDate {
  active: PromotionData[];
  /** starting after today and within `upcomingDays`, earliest first */
  upcoming: PromotionData[];
}

interface SelectPromotionsOptions {
  /** only offers covering at least one of these models; all offers when empty */
  modelIds?: readonly string[];
  upcomingDays?: number;
}

const DEFAULT_UPCOMING_DAYS = 30;

export function selectPromotions(promotions: readonly PromotionData[], today: string, opts: SelectPromotionsOptions = {}): PromotionsOnDate {
  const horizon = addDays(today, opts.upcomingDays ?? DEFAULT_UPCOMING_DAYS);
  const wanted = opts.modelIds ?? [];
  const relevant = promotions.filter((p) => wanted.length === 0 || p.model_ids.some((id) => wanted.includes(id)));
  return {
    active: relevant.filter((p) => p.valid_from <= today && today <= p.valid_to),
    upcoming: relevant.filter((p) => today < p.valid_from && p.valid_from <= horizon).sort((a, b) => a.valid_from.localeCompare(b.valid_from)),
  };
}
