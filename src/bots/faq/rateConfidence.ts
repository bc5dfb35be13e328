// How sure the search is, 0..1, from the MiniSearch scores of the best two entries:
// the best score against a scale calibrated on the store's dev questions (a score of
// SCORE_SCALE is half-way to certain), discounted when the runner-up scores nearly as
// well, since then the question fits two entries and a guess could be the wrong one.
const SCORE_SCALE = 15;
/** how much a runner-up close behind can take off */
const MARGIN_WEIGHT = 0.3;
/** a question naming only another brand's car is about that car, whatever it matched */
const OTHER_BRAND_DOUBT = 0.5;

/**
 * The factor when the two best entries tie, are about different models and the question
 * names none: "价格" fits every price entry, and which one is the customer's to say. The
 * further the runner-up falls behind, the less it takes off.
 */
const MODEL_MISSING_DOUBT = 0.6;

export function rateConfidence(best: number, second: number, opts: { otherBrandOnly: boolean; modelMissing: boolean }): number {
  if (best <= 0) return 0;
  const strength = best / (best + SCORE_SCALE);
  const margin = 1 - Math.min(second, best) / best;
  const confidence =
    strength *
    (1 - MARGIN_WEIGHT + MARGIN_WEIGHT * margin) *
    (opts.otherBrandOnly ? OTHER_BRAND_DOUBT : 1) *
    (opts.modelMissing ? 1 - (1 - MODEL_MISSING_DOUBT) * (second / best) : 1);
  return Math.round(confidence * 1000) / 1000;
}
