// Builds the search index over the store's FAQ once, at start-up: one document per FAQ
// entry with its question variants in both languages, its tags, its answer text (weak
// evidence, so lightly boosted) and the catalogue models it is about. Everything is
// tokenized by tokenizeForSearch; MiniSearch does the BM25 ranking.
import type { TextClassifier } from '../../understanding/classify/trainTextClassifier.js';
import { trainFaqRanker } from './trainFaqRanker.js';
import MiniSearch from 'minisearch';
import type { FaqData, StoreData } from '../../storeData/storeDataSchema.js';
import { buildModelMatcher, type ModelMatcher } from '../../understanding/nlu/buildModelMatcher.js';
import { MODEL_PREFIX, tokenizeForSearch } from '../../understanding/search/tokenizeForSearch.js';

interface IndexedEntry {
  id: string;
  questions: string;
  tags: string;
  answer: string;
  models: string;
}

/** The catalogue models a FAQ entry concerns. */
export interface EntryModels {
  /** named in its id (price-e6, compare-s5-e6): the entry is about these models only */
  about: readonly string[];
  /** named in its id or tags (warranty-battery is tagged e6 but covers every battery) */
  mentioned: readonly string[];
}

export interface KnowledgeBase {
  data: StoreData;
  index: MiniSearch<IndexedEntry>;
  faqs: ReadonlyMap<string, FaqData>;
  entryModels: ReadonlyMap<string, EntryModels>;
  /**
   * Entries that differ only by the models in their ids (price-s3 … price-m8; the
   * compare-{model}-{model} entries), by the id with the models taken out; two or more each
   */
  entryFamilies: ReadonlyMap<string, readonly string[]>;
  matchModels: ModelMatcher;
  /** words shaped like a model code that the FAQ itself uses (the c1/c2 licence classes): not other makers' cars */
  knownCodes: ReadonlySet<string>;
  /**
   * the learned ranker (trainFaqRanker) over the entries' questions and the store's
   * faq-examples.yaml; none without that file: a few questions an entry are too few to
   * learn from, and the retrieval alone reads them better
   */
  ranker?: TextClassifier;
}

export function buildKnowledgeIndex(data: StoreData): KnowledgeBase {
  const matchModels = buildModelMatcher(data.catalog.models);
  const modelIds = new Set(data.catalog.models.map((m) => m.id));
  const entryModels = new Map(data.faqs.map((faq) => [faq.id, modelsOf(faq, modelIds)]));
  const index = new MiniSearch<IndexedEntry>({
    fields: ['questions', 'tags', 'answer', 'models'],
    // Documents and questions arrive as terms already (tokenizeForSearch); MiniSearch
    // only splits them again on the spaces that join them.
    tokenize: (text) => text.split(' '),
    processTerm: (term) => term || null,
  });
  const knownCodes = new Set<string>();
  const termsOf = (texts: readonly string[]) =>
    texts
      .flatMap((text) => {
        const tokens = tokenizeForSearch(text, matchModels);
        tokens.modelCodes.forEach((code) => knownCodes.add(code));
        return tokens.terms;
      })
      .join(' ');
  const docs = data.faqs.map((faq) => ({
    id: faq.id,
    questions: termsOf([...faq.questions.zh, ...faq.questions.en]),
    tags: termsOf(faq.tags.map((tag) => tag.replaceAll('-', ' '))),
    answer: termsOf([faq.answer.zh, faq.answer.en]),
    models: (entryModels.get(faq.id)?.mentioned ?? []).map((id) => MODEL_PREFIX + id).join(' '),
  }));
  index.addAll(docs);
  const ranker = Object.keys(data.faqExamples).length ? trainFaqRanker(data, matchModels) : undefined;
  return {
    data,
    index,
    faqs: new Map(data.faqs.map((faq) => [faq.id, faq])),
    entryModels,
    entryFamilies: familiesOf(data.faqs, modelIds),
    matchModels,
    knownCodes,
    ranker,
  };
}

function familiesOf(faqs: readonly FaqData[], modelIds: ReadonlySet<string>): Map<string, string[]> {
  const families = new Map<string, string[]>();
  for (const faq of faqs) {
    const parts = faq.id.split('-');
    if (!parts.some((part) => modelIds.has(part))) continue;
    const shape = parts.map((part) => (modelIds.has(part) ? '*' : part)).join('-');
    families.set(shape, [...(families.get(shape) ?? []), faq.id]);
  }
  return new Map([...families].filter(([, members]) => members.length >= 2));
}

function modelsOf(faq: FaqData, modelIds: ReadonlySet<string>): EntryModels {
  const about = faq.id.split('-').filter((part) => modelIds.has(part));
  return { about, mentioned: [...new Set([...about, ...faq.tags.filter((tag) => modelIds.has(tag))])] };
}
