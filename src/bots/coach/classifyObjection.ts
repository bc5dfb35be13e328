// What kind of objection a customer's words are, without an LLM: the playbook's ids,
// best first, possibly several, possibly none. Two kinds of evidence are added up:
//   - retrieval: BM25 (MiniSearch) over the playbook's phrasings, names and approach
//     text, tokenised like the FAQ (so traditional Chinese and typos still meet);
//   - cues: the trade's everyday words for each kind of objection (objectionCues), which
//     carry paraphrases the playbook's few phrasings cannot.
// The confidence follows the FAQ's calibration: strength of the best score, discounted
// when the runner-up is close.
import { detectLang } from '../../core/detectLang.js';
import type { Lang } from '../../core/message.js';
import { normalizeText } from '../../core/nlu/normalizeText.js';
import { tokenizeForSearch } from '../faq/tokenizeForSearch.js';
import type { ObjectionIndex } from './buildObjectionIndex.js';
import { scoreCues } from './objectionCues.js';

export interface ObjectionMatch {
  /** objection ids, best first; empty when nothing fits well enough */
  ids: string[];
  /** 0..1, of the first id (0 when empty) */
  confidence: number;
  lang: Lang;
  /** catalogue models the text names */
  modelIds: string[];
  /** every candidate's combined score, best first (for evaluation and debugging) */
  ranked: { id: string; score: number; retrieval: number; cues: number }[];
}

const FIELD_BOOSTS = { phrasings: 1, name: 1.2, approach: 0.1 };
/** retrieval scores are squashed to 0..RETRIEVAL_WEIGHT: x / (x + RETRIEVAL_SCALE) */
const RETRIEVAL_WEIGHT = 2;
const RETRIEVAL_SCALE = 12;
/** the combined score at which the strength is one half */
const SCORE_SCALE = 1.5;
const MARGIN_WEIGHT = 0.3;
/** below this confidence the text is not taken for an objection… */
export const OBJECTION_THRESHOLD = 0.35;
/** …unless the trade's own words for it (a medium cue or more) are there, down to this */
const CUED_THRESHOLD = 0.25;
const CUE_EVIDENCE = 0.6;
/** a further objection is listed when it scores at least this share of the best */
const SECOND_SHARE = 0.6;
const MAX_IDS = 3;

export function classifyObjection(text: string, ix: ObjectionIndex, opts: { lang?: Lang } = {}): ObjectionMatch {
  const lang = opts.lang ?? detectLang(text, 'zh');
  const tokens = tokenizeForSearch(text, ix.matchModels);
  const retrieval = new Map<string, number>();
  if (tokens.terms.length) {
    for (const r of ix.index.search(tokens.terms.join(' '), {
      boost: FIELD_BOOSTS,
      combineWith: 'OR',
      fuzzy: (term) => (/^[a-z]{5,}$/.test(term) ? 0.2 : false),
      prefix: (term) => /^[a-z]{4,}$/.test(term),
    })) {
      retrieval.set(String(r.id), r.score);
    }
  }
  const cues = scoreCues(normalizeText(text), { otherBrand: tokens.otherBrand, concepts: tokens.concepts });
  const ranked = [...ix.objections.keys()]
    .map((id) => {
      const raw = retrieval.get(id) ?? 0;
      const r = (RETRIEVAL_WEIGHT * raw) / (raw + RETRIEVAL_SCALE);
      const c = cues.get(id) ?? 0;
      return { id, score: r + c, retrieval: Math.round(raw * 100) / 100, cues: c };
    })
    .filter((x) => x.score > 0)
    .sort((a, b) => b.score - a.score);
  const [best, second] = ranked;
  const confidence = best ? rateObjectionConfidence(best.score, second?.score ?? 0) : 0;
  const accepted = best !== undefined && (confidence >= OBJECTION_THRESHOLD || (confidence >= CUED_THRESHOLD && best.cues >= CUE_EVIDENCE));
  const ids =
    best && accepted
      ? ranked.filter((x) => x.score >= best.score * SECOND_SHARE).slice(0, MAX_IDS).map((x) => x.id)
      : [];
  return { ids, confidence: ids.length ? confidence : Math.min(confidence, CUED_THRESHOLD - 0.001), lang, modelIds: tokens.modelIds, ranked };
}

export function rateObjectionConfidence(best: number, second: number): number {
  if (best <= 0) return 0;
  const strength = best / (best + SCORE_SCALE);
  const margin = 1 - Math.min(second, best) / best;
  return Math.round(strength * (1 - MARGIN_WEIGHT + MARGIN_WEIGHT * margin) * 1000) / 1000;
}
