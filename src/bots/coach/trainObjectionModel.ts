// A small model of how customers voice each objection, learned at start-up from the
// playbook's phrasings and names and the store's objection-examples.yaml (no LLM, no
// download): multinomial naive Bayes over TF-IDF-weighted features (objectionFeatures),
// with one more class for what is no objection at all (the file's not_objections), so
// "王先生交了定金" has somewhere to go besides the sixteen objections. It weighs every
// word the customer used, so "比亚迪…落地才十六万" leans to competitor-cheaper although no
// single example says exactly that.
import type { StoreData } from '../../storeData/storeDataSchema.js';
import { objectionFeatures } from './objectionFeatures.js';

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

/** additive smoothing of the class feature masses */
const SMOOTHING = 0.3;
/** the posterior is a softmax of the log-likelihoods divided by this: naive Bayes is overconfident */
const TEMPERATURE = 3;
/** the class of texts that are no objection */
const NONE = '';

export function trainObjectionModel(data: Pick<StoreData, 'objections' | 'objectionExamples' | 'notObjections'>): ObjectionModel {
  const docs: { id: string; features: Map<string, number> }[] = [];
  for (const o of data.objections) {
    const texts = [...o.phrasings.zh, ...o.phrasings.en, o.name.zh, o.name.en, ...(data.objectionExamples[o.id] ?? [])];
    for (const text of texts) docs.push({ id: o.id, features: objectionFeatures(text) });
  }
  for (const text of data.notObjections) docs.push({ id: NONE, features: objectionFeatures(text) });

  const df = new Map<string, number>();
  for (const d of docs) for (const k of d.features.keys()) df.set(k, (df.get(k) ?? 0) + 1);
  const idf = new Map([...df].map(([k, n]) => [k, Math.log((docs.length + 1) / (n + 1)) + 1]));

  const classes = [...data.objections.map((o) => o.id), ...(data.notObjections.length ? [NONE] : [])];
  const mass = new Map(classes.map((id) => [id, new Map<string, number>()]));
  const total = new Map(classes.map((id) => [id, 0]));
  for (const d of docs) {
    const m = mass.get(d.id)!;
    for (const [k, x] of d.features) {
      const w = x * idf.get(k)!;
      m.set(k, (m.get(k) ?? 0) + w);
      total.set(d.id, total.get(d.id)! + w);
    }
  }
  const vocabulary = df.size;

  return {
    size: docs.length,
    knowsNone: classes.includes(NONE),
    score(text) {
      const known = [...objectionFeatures(text)].filter(([k]) => df.has(k));
      if (!known.length || !data.objections.length) return null;
      const logLikelihood = classes.map((id) => {
        const m = mass.get(id)!;
        const denominator = total.get(id)! + SMOOTHING * vocabulary;
        return known.reduce((sum, [k, x]) => sum + x * Math.log(((m.get(k) ?? 0) + SMOOTHING) / denominator), 0);
      });
      const top = Math.max(...logLikelihood);
      const exp = logLikelihood.map((l) => Math.exp((l - top) / TEMPERATURE));
      const sum = exp.reduce((a, b) => a + b, 0);
      const posterior = new Map(classes.map((id, i) => [id, exp[i]! / sum]));
      return {
        ranked: data.objections.map((o) => ({ id: o.id, posterior: posterior.get(o.id)! })).sort((a, b) => b.posterior - a.posterior),
        none: posterior.get(NONE) ?? 0,
      };
    },
  };
}
