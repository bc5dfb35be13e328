// A small text classifier learned at start-up from examples (no LLM, no download):
// multinomial naive Bayes over TF-IDF-weighted features, with an optional class for texts
// that belong to none of the others, so an unrelated question has somewhere to go. It
// weighs every feature the text has, so a wording no example has exactly still leans to
// the class whose examples share most of it. The coach's objections and the FAQ's entries
// are both read with it, each with its own features.

export type TextFeatures = (text: string) => Map<string, number>;

export interface ClassifierScores {
  /** the classes, best first, with their posterior (over the classes and "none", 0..1) */
  ranked: { id: string; posterior: number }[];
  /** the posterior of "none of these" (0 when no such examples were given) */
  none: number;
}

export interface TextClassifier {
  /** null when the text has no feature the classifier knows */
  score(text: string): ClassifierScores | null;
  /** how many examples it learned from */
  size: number;
  /** whether it learned what belongs to no class */
  knowsNone: boolean;
}

export interface ClassifierOptions {
  /** additive smoothing of the class feature masses */
  smoothing: number;
  /** the posterior is a softmax of the log-likelihoods divided by this: naive Bayes is overconfident */
  temperature: number;
}

const NONE = '\u0000none';

export function trainTextClassifier(
  examples: { id: string; texts: readonly string[] }[],
  none: readonly string[],
  features: TextFeatures,
  opts: ClassifierOptions,
): TextClassifier {
  const docs: { id: string; features: Map<string, number> }[] = [];
  for (const { id, texts } of examples) for (const text of texts) docs.push({ id, features: features(text) });
  for (const text of none) docs.push({ id: NONE, features: features(text) });

  const df = new Map<string, number>();
  for (const d of docs) for (const k of d.features.keys()) df.set(k, (df.get(k) ?? 0) + 1);
  const idf = new Map([...df].map(([k, n]) => [k, Math.log((docs.length + 1) / (n + 1)) + 1]));

  const ids = examples.map((e) => e.id);
  const classes = [...ids, ...(none.length ? [NONE] : [])];
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
      const known = [...features(text)].filter(([k]) => df.has(k));
      if (!known.length || !ids.length) return null;
      const logLikelihood = classes.map((id) => {
        const m = mass.get(id)!;
        const denominator = total.get(id)! + opts.smoothing * vocabulary;
        return known.reduce((sum, [k, x]) => sum + x * Math.log(((m.get(k) ?? 0) + opts.smoothing) / denominator), 0);
      });
      const top = Math.max(...logLikelihood);
      const exp = logLikelihood.map((l) => Math.exp((l - top) / opts.temperature));
      const sum = exp.reduce((a, b) => a + b, 0);
      const posterior = new Map(classes.map((id, i) => [id, exp[i]! / sum]));
      return {
        ranked: ids.map((id) => ({ id, posterior: posterior.get(id)! })).sort((a, b) => b.posterior - a.posterior),
        none: posterior.get(NONE) ?? 0,
      };
    },
  };
}
