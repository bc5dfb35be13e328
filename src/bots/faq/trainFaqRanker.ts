// The FAQ's learned ranker: which entry a customer's question is about, or that it is none
// of the store's (the weather, another brand's showroom, a job). It learns at start-up
// from each entry's questions and the store's faq-examples.yaml (customers' own wordings,
// and out-of-scope questions as a class of their own), with the shared text features plus
// toneless pinyin pairs (so "shijia yuyue" and 关们 meet 试驾预约 and 关门) and whether
// the text names one of our models (not which: see faqFeatures). searchKnowledge applies
// the models asked about and blends it with the BM25 retrieval.
import type { StoreData } from '../../storeData/storeDataSchema.js';
import { textFeatures } from '../../understanding/classify/textFeatures.js';
import { cachedLinearModel } from '../../understanding/classify/cachedLinearModel.js';
import { linearClassifier, trainLinearModel } from '../../understanding/classify/trainLinearClassifier.js';
import type { TextClassifier } from '../../understanding/classify/trainTextClassifier.js';
import { normalizeText } from '../../understanding/nlu/normalizeText.js';
import { modelsAbout, type ModelMatcher } from '../../understanding/nlu/buildModelMatcher.js';
import { pinyinPairs } from '../../understanding/search/pinyinTokens.js';
import { findTradeConcepts } from '../../understanding/search/findTradeConcepts.js';
import { stemEnglish } from '../../understanding/search/stemEnglish.js';

/** chosen on fresh phrasings A (tuned on) */
const OPTIONS = { epochs: 10, learningRate: 0.5, l2: 0.0001 };
/** a pinyin pair weighs as a Han bigram (chosen on fresh phrasings A, tuned on: 0.6 and 1.5 did worse with the linear ranker) */
const PINYIN_WEIGHT = 1;
/** that a question names one of our models (price, range, comparison entries are about one) */
const MODEL_WEIGHT = 2;
/**
 * a trade concept (首付 = 头款 = down payment: tradeSynonyms) weighs as a word, so the
 * examples of one language and wording teach the others (chosen on the tuned-on sets A–E:
 * 0.5, 1 and 2 within 2 questions of each other)
 */
const CONCEPT_WEIGHT = 1;
/** letter trigrams of English words weigh little: they are many (0.1–0.4 alike on the tuned-on sets) */
const TRIGRAM_WEIGHT = 0.2;

/**
 * The ranker reads what a question asks, not which car it names: the models' names are
 * blanked and only "a model is named" stays. Which model's entry (price-x7, not price-s3)
 * is then the named model's business (searchKnowledge); learned from the words, "X7"
 * pulled every question naming it to price-x7, whose examples are the ones full of "X7".
 */
export function faqFeatures(text: string, matchModels: ModelMatcher): Map<string, number> {
  const mentions = matchModels(normalizeText(text));
  const named = modelsAbout(mentions).length > 0;
  // a description that names a model ("纯电的轿车" for the E6) is blanked like a name
  const topic = named && !mentions.modelIds.length ? mentions.restUndescribed : mentions.rest;
  const out = textFeatures(topic);
  const add = (key: string, w: number) => out.set(key, (out.get(key) ?? 0) + w);
  for (const pair of pinyinPairs(topic)) add(`y${pair}`, PINYIN_WEIGHT);
  // letters in threes inside English words, so a misspelt word (insurence, warrenty) still shares most of its pieces
  for (const word of topic.match(/[a-z]{4,}/g) ?? []) {
    const w = `<${word}>`;
    for (let i = 0; i + 3 <= w.length; i++) add(`g${w.slice(i, i + 3)}`, TRIGRAM_WEIGHT);
  }
  for (const concept of findTradeConcepts(topic.replace(/[a-z]+/g, stemEnglish))) add(`c${concept}`, CONCEPT_WEIGHT);
  if (named) add('m*', MODEL_WEIGHT);
  return out;
}

/**
 * Rankers already trained in this process, by what they learned from: every test and the
 * service build the knowledge base from the same files, and training reads 6,500 texts
 * (about 1.2 s on 2 cores; cachedLinearModel keeps it on disk between processes). A cache
 * of results, not configuration.
 */
const trained = new Map<string, TextClassifier>();
const MAX_TRAINED = 8;

export function trainFaqRanker(data: Pick<StoreData, 'faqs' | 'faqExamples' | 'outOfScope' | 'catalog'>, matchModels: ModelMatcher): TextClassifier {
  const key = JSON.stringify([data.faqs.map((f) => [f.id, f.questions]), data.faqExamples, data.outOfScope, data.catalog.models.map((m) => [m.id, m.aliases])]);
  const cached = trained.get(key);
  if (cached) return cached;
  const ranker = learnFaqRanker(data, matchModels);
  if (trained.size >= MAX_TRAINED) trained.delete(trained.keys().next().value!);
  trained.set(key, ranker);
  return ranker;
}

function learnFaqRanker(data: Pick<StoreData, 'faqs' | 'faqExamples' | 'outOfScope' | 'catalog'>, matchModels: ModelMatcher): TextClassifier {
  const examples = data.faqs.map((f) => ({ id: f.id, texts: [...f.questions.zh, ...f.questions.en, ...(data.faqExamples[f.id] ?? [])] }));
  const features = (text: string) => faqFeatures(text, matchModels);
  // the catalogue's models shape the features (aliases blanked, descriptions read): part of the key
  const model = cachedLinearModel('faq-ranker', [examples, data.outOfScope, data.catalog.models, OPTIONS], () =>
    trainLinearModel(examples, data.outOfScope, features, OPTIONS),
  );
  return linearClassifier(model, features);
}
