// What kind of objection a customer's words are, without an LLM: the playbook's ids,
// best first, possibly several, possibly none. Three kinds of evidence:
//   - the objection model (trainObjectionModel): naive Bayes learned from the playbook's
//     phrasings and the store's objection-examples.yaml, with a class for "no objection";
//     it carries most of the ranking and decides whether the text is an objection at all;
//   - retrieval: BM25 (MiniSearch) over the playbook's phrasings, names and approach
//     text, tokenised like the FAQ (so traditional Chinese and typos still meet);
//   - cues: the trade's everyday words for each kind of objection (objectionCues): 利息
//     is finance whatever else the sentence says.
// Retrieval and cues are added to the model's posterior with a small weight. The
// confidence is the strength of the best score, discounted when the runner-up is close
// and by the model's belief that the text is no objection.
import { detectLang } from '../../core/detectLang.js';
import type { Lang } from '../../core/message.js';
import { normalizeText } from '../../understanding/nlu/normalizeText.js';
import { tokenizeForSearch } from '../../understanding/search/tokenizeForSearch.js';
import type { ObjectionIndex } from './buildObjectionIndex.js';
import { scoreCues } from './objectionCues.js';

interface ObjectionMatch {
  /** objection ids, best first; empty when nothing fits well enough */
  ids: string[];
  /** 0..1, of the first id (0 when empty) */
  confidence: number;
  lang: Lang;
  /** catalogue models the text names */
  modelIds: string[];
  /** every candidate's combined score, best first (for evaluation and debugging) */
  ranked: { id: string; score: number; posterior: number; retrieval: number; cues: number }[];
  /** the model's belief that the text is no objection, 0..1 */
  none: number;
}

const FIELD_BOOSTS = { phrasings: 1, name: 1.2, approach: 0.1 };
/** retrieval scores are squashed to 0..RETRIEVAL_WEIGHT: x / (x + RETRIEVAL_SCALE) */
const RETRIEVAL_WEIGHT = 2;
const RETRIEVAL_SCALE = 12;
/** what retrieval + cues (0..4) weigh beside the model's posterior (0..1) */
const LEXICAL_WEIGHT = 0.35;
/** the model's "no objection" posterior from which a text is no objection */
const NONE_LIMIT = 0.3;
/** without not_objections to learn from, an objection needs this much retrieval + cue evidence (a medium cue) */
const LEXICAL_EVIDENCE = 0.6;
/** the combined score at which the strength is one half */
const SCORE_SCALE = 0.35;
const MARGIN_WEIGHT = 0.3;
/** below this confidence the text is not taken for an objection */
export const OBJECTION_THRESHOLD = 0.35;
/** a further objection is listed when it scores at least this share of the best */
const SECOND_SHARE = 0.6;
/** a clause adds its own objection from this confidence up */
const CLAUSE_CONFIDENCE = 0.5;
const MAX_IDS = 3;

export function classifyObjection(text: string, ix: ObjectionIndex, opts: { lang?: Lang } = {}): ObjectionMatch {
  const lang = opts.lang ?? detectLang(text, 'zh');
  const whole = rankObjections(text, ix);
  const { ranked, none, confidence, accepted } = whole;
  const best = ranked[0];
  const ids =
    best && accepted
      ? ranked
          .filter((x) => x.score >= best.score * SECOND_SHARE)
          .slice(0, MAX_IDS)
          .map((x) => x.id)
      : [];
  // "太贵了，而且还得回家跟老婆商量": the whole leans to one objection, its clauses each name theirs
  if (ids.length) {
    for (const clause of clausesOf(text)) {
      if (ids.length >= MAX_IDS) break;
      const part = rankObjections(clause, ix);
      const id = part.ranked[0]?.id;
      if (id && part.accepted && part.confidence >= CLAUSE_CONFIDENCE && !ids.includes(id)) ids.push(id);
    }
  }
  return {
    ids,
    confidence: ids.length ? confidence : Math.min(confidence, OBJECTION_THRESHOLD - 0.001),
    lang,
    modelIds: whole.modelIds,
    ranked,
    none: round(none),
  };
}

/** The text's clauses, when it has more than one: split at punctuation and joining words. */
function clausesOf(text: string): string[] {
  const parts = text
    .split(/[，,。.;；!！?？\n]+|而且|并且|另外|再说|况且|\b(?:and also|plus|besides|also)\b/i)
    .map((x) => x.trim())
    .filter((x) => x.length >= 2);
  return parts.length > 1 ? parts : [];
}

function rankObjections(text: string, ix: ObjectionIndex) {
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
  const model = ix.model.score(text);
  const posterior = new Map(model?.ranked.map((x) => [x.id, x.posterior]));
  // words the model never saw (谢谢, ok) are no objection to it
  const none = model ? model.none : 1;
  const ranked = [...ix.objections.keys()]
    .map((id) => {
      const raw = retrieval.get(id) ?? 0;
      const lexical = (RETRIEVAL_WEIGHT * raw) / (raw + RETRIEVAL_SCALE) + (cues.get(id) ?? 0);
      const p = posterior.get(id) ?? 0;
      return { id, score: round(p + LEXICAL_WEIGHT * lexical), posterior: round(p), lexical, retrieval: round(raw), cues: cues.get(id) ?? 0 };
    })
    .filter((x) => x.score > 0)
    .sort((a, b) => b.score - a.score);
  const [best, second] = ranked;
  const confidence = best ? round(rateObjectionConfidence(best.score, second?.score ?? 0) * (1 - none)) : 0;
  // a model that never learned what is no objection cannot say so: the playbook's own words must be there
  const evidence = ix.model.knowsNone || (best?.lexical ?? 0) >= LEXICAL_EVIDENCE;
  const accepted = best !== undefined && none < NONE_LIMIT && confidence >= OBJECTION_THRESHOLD && evidence;
  return { ranked: ranked.map(({ lexical: _l, ...x }) => x), none, confidence, accepted, modelIds: tokens.modelIds };
}

const round = (x: number) => Math.round(x * 1000) / 1000;

export function rateObjectionConfidence(best: number, second: number): number {
  if (best <= 0) return 0;
  const strength = best / (best + SCORE_SCALE);
  const margin = 1 - Math.min(second, best) / best;
  return Math.round(strength * (1 - MARGIN_WEIGHT + MARGIN_WEIGHT * margin) * 1000) / 1000;
}
