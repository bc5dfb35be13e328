// A text classifier learned at start-up as a linear model (multinomial logistic regression
// over TF-IDF features, L2-normalised per text), with the same interface as the naive
// Bayes one. Naive Bayes reads each class on its own, so a class whose examples are all
// different from each other (the questions that are none of the store's: the weather, a
// job, a film) has its mass spread thin and loses to any entry that shares one word; a
// linear model learns which features tell the classes apart, and "none of these" gets the
// weights it needs. Training is deterministic (a fixed order, no random numbers).
import type { ClassifierScores, TextClassifier, TextFeatures } from './trainTextClassifier.js';

export interface LinearOptions {
  /** passes over the examples */
  epochs: number;
  /** AdaGrad's base step */
  learningRate: number;
  /** L2 penalty on the weights a text touches, per step */
  l2: number;
}

const NONE = '\u0000none';
/** below this the gradient of a class is left out of a step (most classes, after the first pass) */
const SKIP_GRADIENT = 1e-3;

interface SparseVector {
  index: Int32Array;
  value: Float64Array;
}

/** What a trained linear classifier is: enough to score texts, and to store and load again. */
export interface LinearModel {
  /** the classes, in weight order; "none of these" last when it was learned */
  ids: string[];
  knowsNone: boolean;
  /** how many examples it learned from */
  size: number;
  /** the features, in weight order */
  features: string[];
  idf: Float64Array;
  /** weights[feature * classes + class], classes counting "none" */
  weights: Float64Array;
  bias: Float64Array;
}

export function trainLinearClassifier(
  examples: { id: string; texts: readonly string[] }[],
  none: readonly string[],
  features: TextFeatures,
  opts: LinearOptions,
): TextClassifier {
  return linearClassifier(trainLinearModel(examples, none, features, opts), features);
}

/** Reads texts with a trained (or loaded) model. */
export function linearClassifier(model: LinearModel, features: TextFeatures): TextClassifier {
  const { ids, knowsNone, idf, weights, bias } = model;
  const featureIndex = new Map(model.features.map((k, i) => [k, i]));
  const C = bias.length;
  return {
    size: model.size,
    knowsNone,
    score(text): ClassifierScores | null {
      const x = vectorize(features(text), featureIndex, idf);
      if (!x || !ids.length) return null;
      const p = new Float64Array(C);
      softmaxInto(x, weights, bias, p);
      return {
        ranked: ids.map((id, c) => ({ id, posterior: p[c]! })).sort((a, b) => b.posterior - a.posterior),
        none: knowsNone ? p[C - 1]! : 0,
      };
    },
  };
}

function vectorize(map: Map<string, number>, featureIndex: ReadonlyMap<string, number>, idf: Float64Array): SparseVector | null {
  const entries: [number, number][] = [];
  for (const [k, x] of map) {
    const i = featureIndex.get(k);
    if (i !== undefined) entries.push([i, x * idf[i]!]);
  }
  if (!entries.length) return null;
  const norm = Math.sqrt(entries.reduce((s, [, v]) => s + v * v, 0));
  return { index: Int32Array.from(entries, ([i]) => i), value: Float64Array.from(entries, ([, v]) => v / norm) };
}

// weights[feature * C + class]: a text's few features each touch one contiguous run of
// the classes' weights (class-major rows cost a cache miss per class and feature: 3×
// slower for the FAQ's 61 classes and 30,000 features). Each class still adds its terms
// in the text's feature order, so the sums are the same to the bit.
function softmaxInto(x: SparseVector, weights: Float64Array, bias: Float64Array, out: Float64Array): void {
  const C = bias.length;
  out.set(bias);
  for (let j = 0; j < x.index.length; j++) {
    const row = x.index[j]! * C;
    const v = x.value[j]!;
    for (let c = 0; c < C; c++) out[c] = out[c]! + weights[row + c]! * v;
  }
  let top = -Infinity;
  for (let c = 0; c < C; c++) if (out[c]! > top) top = out[c]!;
  let sum = 0;
  for (let c = 0; c < C; c++) {
    out[c] = Math.exp(out[c]! - top);
    sum += out[c]!;
  }
  for (let c = 0; c < C; c++) out[c] = out[c]! / sum;
}

/** Learns the weights (deterministic: the same examples give the same model, to the bit). */
export function trainLinearModel(
  examples: { id: string; texts: readonly string[] }[],
  none: readonly string[],
  features: TextFeatures,
  opts: LinearOptions,
): LinearModel {
  const raw: { label: number; features: Map<string, number> }[] = [];
  const ids = examples.map((e) => e.id);
  const classes = [...ids, ...(none.length ? [NONE] : [])];
  examples.forEach(({ texts }, label) => {
    for (const text of texts) raw.push({ label, features: features(text) });
  });
  for (const text of none) raw.push({ label: classes.length - 1, features: features(text) });

  const df = new Map<string, number>();
  for (const d of raw) for (const k of d.features.keys()) df.set(k, (df.get(k) ?? 0) + 1);
  const featureIndex = new Map([...df.keys()].map((k, i) => [k, i]));
  const idf = new Float64Array(featureIndex.size);
  for (const [k, n] of df) idf[featureIndex.get(k)!] = Math.log((raw.length + 1) / (n + 1)) + 1;

  const docs = raw.map((d) => ({ label: d.label, x: vectorize(d.features, featureIndex, idf)! })).filter((d) => d.x);

  const C = classes.length;
  const F = featureIndex.size;
  const weights = new Float64Array(C * F);
  const bias = new Float64Array(C);
  const logits = new Float64Array(C);

  // A fixed interleaving (every 7th example, then the next residue...) instead of a random
  // shuffle: consecutive examples of one class would pull the weights back and forth.
  const order = [...docs.keys()].sort((a, b) => (a % 7) - (b % 7) || a - b);
  // AdaGrad: each weight's step shrinks with the gradients it has seen, so the rare
  // features (a word only two examples have) still learn while the common ones settle
  const squared = new Float64Array(C * F).fill(1e-8);
  const movingClass = new Int32Array(C);
  const movingGradient = new Float64Array(C);
  const biasSquared = new Float64Array(C).fill(1e-8);
  for (let epoch = 0; epoch < opts.epochs; epoch++) {
    for (const n of order) {
      const { label, x } = docs[n]!;
      softmaxInto(x, weights, bias, logits);
      const idx = x.index;
      const val = x.value;
      // the classes that move: a class the text is already far from moves nothing worth the work
      let moving = 0;
      for (let c = 0; c < C; c++) {
        const g = logits[c]! - (c === label ? 1 : 0);
        if (g > -SKIP_GRADIENT && g < SKIP_GRADIENT) continue;
        movingClass[moving] = c;
        movingGradient[moving++] = g;
        biasSquared[c] = biasSquared[c]! + g * g;
        bias[c] = bias[c]! - (opts.learningRate * g) / Math.sqrt(biasSquared[c]!);
      }
      for (let j = 0; j < idx.length; j++) {
        const row = idx[j]! * C;
        const v = val[j]!;
        for (let k = 0; k < moving; k++) {
          const at = row + movingClass[k]!;
          const grad = movingGradient[k]! * v + opts.l2 * weights[at]!;
          squared[at] = squared[at]! + grad * grad;
          weights[at] = weights[at]! - (opts.learningRate * grad) / Math.sqrt(squared[at]!);
        }
      }
    }
  }

  return { ids, knowsNone: classes.includes(NONE), size: docs.length, features: [...featureIndex.keys()], idf, weights, bias };
}
