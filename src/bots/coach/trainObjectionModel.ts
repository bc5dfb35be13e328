// A small model of how customers voice each objection, learned at start-up from the
// playbook's phrasings and names and the store's objection-examples.yaml (no LLM, no
// download): multinomial naive Bayes over TF-IDF-weighted features (textFeatures),
// with one more class for what is no objection at all (the file's not_objections), so
// "王先生交了定金" has somewhere to go besides the sixteen objections. It weighs every
// word the customer used, so "比亚迪…落地才十六万" leans to competitor-cheaper although no
// single example says exactly that.
import type { StoreData } from '../../storeData/storeDataSchema.js';
import { trainTextClassifier } from '../../understanding/classify/trainTextClassifier.js';
import { textFeatures } from '../../understanding/classify/textFeatures.js';

interface ObjectionModelScores {
  /** the objections, best first, with their posterior (over the objections and "none", 0..1) */
  ranked: { id: string; posterior: number }[];
  /** the posterior of "no objection" (0 when the store gave no such examples) */
  none: number;
}

export interface ObjectionModel {
  /** null when the text has no feature the model knows */
  score(text: string): ObjectionModelScores | null;
  /** how many wordings it learned from */
  size: number;
  /** whether it learned what is no objection (the store gave not_objections) */
  knowsNone: boolean;
}

/** smoothing and temperature as tuned for the objections (fresh phrasings A) */
const OPTIONS = { smoothing: 0.3, temperature: 3 };

export function trainObjectionModel(data: Pick<StoreData, 'objections' | 'objectionExamples' | 'notObjections'>): ObjectionModel {
  const examples = data.objections.map((o) => ({
    id: o.id,
    texts: [...o.phrasings.zh, ...o.phrasings.en, o.name.zh, o.name.en, ...(data.objectionExamples[o.id] ?? [])],
  }));
  return trainTextClassifier(examples, data.notObjections, textFeatures, OPTIONS);
}
