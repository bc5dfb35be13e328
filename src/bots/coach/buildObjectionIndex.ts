// The playbook's search index, built once at start-up: one document per objection with
// its phrasings (both languages), its name, its approach steps (weak evidence, lightly
// boosted) and the objection cues (objectionCues) its own phrasings and name contain.
// Texts are tokenised by the FAQ's tokenizeForSearch (Intl.Segmenter words, Han
// bigrams, OpenCC simplification, trade concepts, catalogue models), so the playbook
// and the FAQ read customers the same way. MiniSearch does the BM25 ranking. Beside it,
// the objection model learned from the phrasings and objection-examples.yaml.
import MiniSearch from 'minisearch';
import type { ObjectionData, StoreData } from '../../storeData/storeDataSchema.js';
import { buildModelMatcher, type ModelMatcher } from '../../understanding/nlu/buildModelMatcher.js';
import { tokenizeForSearch } from '../../understanding/search/tokenizeForSearch.js';
import { trainObjectionModel, type ObjectionModel } from './trainObjectionModel.js';

interface IndexedObjection {
  id: string;
  phrasings: string;
  name: string;
  approach: string;
}

export interface ObjectionIndex {
  data: StoreData;
  index: MiniSearch<IndexedObjection>;
  objections: ReadonlyMap<string, ObjectionData>;
  matchModels: ModelMatcher;
  /** learned from the playbook's phrasings and objection-examples.yaml */
  model: ObjectionModel;
}

export function buildObjectionIndex(data: StoreData, matchModels: ModelMatcher = buildModelMatcher(data.catalog.models)): ObjectionIndex {
  const index = new MiniSearch<IndexedObjection>({
    fields: ['phrasings', 'name', 'approach'],
    tokenize: (text) => text.split(' '),
    processTerm: (term) => term || null,
  });
  const termsOf = (texts: readonly string[]) => texts.flatMap((text) => tokenizeForSearch(text, matchModels).terms).join(' ');
  index.addAll(
    data.objections.map((o) => ({
      id: o.id,
      phrasings: termsOf([...o.phrasings.zh, ...o.phrasings.en]),
      name: termsOf([o.name.zh, o.name.en]),
      approach: termsOf(o.approach.flatMap((s) => [s.zh, s.en])),
    })),
  );
  return { data, index, objections: new Map(data.objections.map((o) => [o.id, o])), matchModels, model: trainObjectionModel(data) };
}
