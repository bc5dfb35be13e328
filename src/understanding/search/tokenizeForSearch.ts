// Turns a question, tag or FAQ text into search terms. Chinese has no spaces and
// customers mistype, so a Han run gives both its Intl.Segmenter words and its
// overlapping character bigrams: a wrong character or a bad segmentation still leaves
// most bigrams intact. Latin words and model codes (e6, x5, 1.5t) stay whole. On top
// come "#concept" terms for trade vocabulary (tradeSynonyms) and "@model" terms for the
// catalogue models named, so colloquial wording and aliases meet the FAQ's own words.
import { normalizeText } from '../nlu/normalizeText.js';
import { modelsAbout, type ModelMatcher } from '../nlu/buildModelMatcher.js';
import { findTradeConcepts } from './findTradeConcepts.js';
import { searchStopwords } from './searchStopwords.js';
import { stemEnglish } from './stemEnglish.js';

interface SearchTokens {
  /** distinct terms, for MiniSearch */
  terms: string[];
  /** trade concepts (tradeSynonyms) the text mentions */
  concepts: string[];
  /** catalogue models the text names */
  modelIds: string[];
  /** words shaped like a model code (su7, es6, a4) that no alias of ours claimed */
  modelCodes: string[];
  /** another brand or its car (a catalogue not_alias) was named */
  otherBrand: boolean;
}

const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });
const HAN_RUN = /\p{Script=Han}+/gu;
const LATIN_WORD = /[a-z0-9]+(?:\.[a-z0-9]+)*/g;
const MODEL_CODE = /^[a-z]{1,3}\d{1,3}[a-z]?$/;
/** bigrams through a particle or pronoun (车吗, 我的) join no words */
const PARTICLES = new Set('吗呢吧啊呀哦嘛哈的了么们我你您什怎哪');

const CONCEPT_PREFIX = '#';
export const MODEL_PREFIX = '@';
/** the tradeSynonyms concept of other makers' names */
const OTHER_BRAND_CONCEPT = 'otherbrand';

export function tokenizeForSearch(text: string, matchModels: ModelMatcher): SearchTokens {
  const mentions = matchModels(normalizeText(text));
  const rest = mentions.rest;
  const terms = new Set<string>();
  for (const run of rest.match(HAN_RUN) ?? []) {
    // A lone character is kept only when it is all there is (税); inside longer runs the
    // segmenter's single characters (保|修 for 保修) are noise the bigrams already cover.
    if (run.length === 1) terms.add(run);
    for (const { segment, isWordLike } of segmenter.segment(run)) {
      if (isWordLike && segment.length > 1) terms.add(segment);
    }
    for (let i = 0; i + 2 <= run.length; i++) {
      const bigram = run.slice(i, i + 2);
      if (!PARTICLES.has(bigram[0]) && !PARTICLES.has(bigram[1])) terms.add(bigram);
      // Spoken "verb 个 noun" (贴个膜, 估个价) also gives the bare compound (贴膜, 估价).
      if (run[i + 1] === '个' && i + 2 < run.length) terms.add(run[i] + run[i + 2]);
    }
  }
  const latinWords = rest.match(LATIN_WORD) ?? [];
  for (const word of latinWords) {
    if (!searchStopwords.has(word) && !/^[a-z]$/.test(word)) terms.add(stemEnglish(word));
  }
  for (const term of terms) {
    if (searchStopwords.has(term)) terms.delete(term);
  }
  const concepts = findTradeConcepts(rest.replace(/[a-z]+/g, stemEnglish));
  concepts.forEach((c) => terms.add(CONCEPT_PREFIX + c));
  const modelIds = modelsAbout(mentions);
  modelIds.forEach((id) => terms.add(MODEL_PREFIX + id));
  const otherBrand = mentions.otherBrand || concepts.includes(OTHER_BRAND_CONCEPT);
  const modelCodes = latinWords.filter((word) => MODEL_CODE.test(word));
  return { terms: [...terms], concepts, modelIds, modelCodes, otherBrand };
}
