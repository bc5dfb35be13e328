// Role-play practice scenarios: which objection the simulated customer raises, who the
// customer is (a small bilingual persona table), which model they are looking at and how
// hard they push. Words typed after /practice pick the objection (the coach's classifier
// when given, else the search terms they share with the playbook's phrasings) and the
// model (the one model matcher); no chat, no I/O here.
import type { CatalogModelData, ObjectionData } from '../../storeData/storeDataSchema.js';
import { buildModelMatcher, type ModelMatcher } from '../../understanding/nlu/buildModelMatcher.js';
import { normalizeText } from '../../understanding/nlu/normalizeText.js';
import { tokenizeForSearch } from '../../understanding/search/tokenizeForSearch.js';

export type Difficulty = 'easy' | 'normal' | 'hard';
export const DIFFICULTIES: readonly Difficulty[] = ['easy', 'normal', 'hard'];

export interface Persona {
  id: string;
  name: { zh: string; en: string };
  /** How the persona talks and what they care about (for the LLM prompt and scripted turns). */
  traits: { zh: string; en: string };
  /** What the persona says when asked a clarifying question (scripted customer). */
  answers: { zh: string; en: string };
  /** What the persona says when a next step is proposed (scripted customer). */
  onNextStep: { zh: string; en: string };
}

export const PERSONAS: readonly Persona[] = [
  {
    id: 'budget-couple',
    name: { zh: '精打细算的年轻夫妻', en: 'budget-minded young couple' },
    traits: {
      zh: '刚结婚，两人一起看车，每一笔钱都要算清楚，关心总价、月供和用车成本。',
      en: 'Newly married, shopping together, count every yuan; care about the total, the monthly payment and running costs.',
    },
    answers: {
      zh: '我们预算大概 15 万以内，主要上下班通勤，周末偶尔回父母家。',
      en: 'Our budget is about CNY 150,000 at most; it is mainly for commuting, and visiting our parents at weekends.',
    },
    onNextStep: { zh: '这个可以，不过我们得两个人一起来。', en: 'That could work, but we both need to come.' },
  },
  {
    id: 'first-time-buyer',
    name: { zh: '犹豫的首购族', en: 'hesitant first-time buyer' },
    traits: {
      zh: '第一次买车，不太懂配置，怕买错，容易被复杂信息吓退，需要安全感。',
      en: 'Buying a first car, unsure about specs, afraid of a wrong choice, put off by jargon; needs reassurance.',
    },
    answers: {
      zh: '我也说不太清楚……主要是上班用，预算别太高就行，最怕买回来后悔。',
      en: "I'm not really sure... mostly for getting to work, nothing too pricey; I'm just scared of regretting it.",
    },
    onNextStep: { zh: '嗯……先试试也行，不过我还没想好。', en: "Hmm... trying it first might be OK, but I haven't decided." },
  },
  {
    id: 'engineer-comparer',
    name: { zh: '对比竞品的工程师', en: 'engineer comparing competitors' },
    traits: {
      zh: '理工男，做了很多功课，手里有竞品参数表，只认数据和同口径对比，反感空话。',
      en: 'An engineer who has done the homework, carries a spec sheet of the competitors, trusts only data and like-for-like comparisons, dislikes fluff.',
    },
    answers: {
      zh: '我对比的是同级别另一款车，指导价差不多，我最看重续航、电耗和质保条款。',
      en: "I'm comparing a rival in the same class at a similar list price; what I care about is range, energy use and the warranty terms.",
    },
    onNextStep: { zh: '可以，把数据发我，我要同口径对比。', en: 'Fine, send me the numbers; I want a like-for-like comparison.' },
  },
];

export interface PracticeScenario {
  objectionId: string;
  personaId: string;
  modelId: string;
  difficulty: Difficulty;
}

const DIFFICULTY_WORDS: Record<Difficulty, RegExp> = {
  easy: /\b(easy)\b|简单|容易/i,
  normal: /\b(normal|medium)\b|普通难度|中等/i,
  hard: /\b(hard|difficult|tough)\b|困难|高难度/i,
};

/** A deterministic pseudo-random number in [0, 1) from a seed (tests control the clock, so the seed). */
export function seededRandom(seed: string): () => number {
  let h = 2166136261;
  for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 16777619);
  return () => {
    h = Math.imul(h ^ (h >>> 15), 2246822507);
    h = Math.imul(h ^ (h >>> 13), 3266489909);
    h ^= h >>> 16;
    return (h >>> 0) / 4294967296;
  };
}

/**
 * The playbook entry whose id, name or phrasings share the most search terms with `words`
 * (tokenizeForSearch, as the FAQ and the coach read text: words, Han bigrams, stems, trade
 * concepts); null when none share any.
 */
export function matchObjection(words: string, objections: readonly ObjectionData[], matchModels: ModelMatcher): ObjectionData | null {
  const q = words.trim().toLowerCase();
  if (!q) return null;
  const exact = objections.find((o) => o.id === q);
  if (exact) return exact;
  const query = new Set(tokenizeForSearch(q, matchModels).terms);
  if (!query.size) return null;
  let best: ObjectionData | null = null;
  let bestScore = 0;
  for (const o of objections) {
    const text = [o.id.replace(/-/g, ' '), o.name.zh, o.name.en, ...o.phrasings.zh, ...o.phrasings.en].join(' ');
    const tokens = new Set(tokenizeForSearch(text, matchModels).terms);
    let score = 0;
    for (const t of query) if (tokens.has(t)) score++;
    if (score > bestScore) {
      best = o;
      bestScore = score;
    }
  }
  return best;
}

/**
 * A scenario from what the trainee typed: an objection id or words (else a random entry),
 * a model named in the words (else random), a difficulty word (else normal), a random persona.
 */
export function pickScenario(
  args: { words: string; seed: string },
  data: {
    objections: readonly ObjectionData[];
    models: readonly CatalogModelData[];
    /** A better matcher (the coach's classifier): an objection id or null; the local overlap matcher otherwise. */
    classify?: (words: string) => string | null;
  },
): PracticeScenario {
  const rand = seededRandom(args.seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length) % xs.length];
  let words = args.words.trim();
  let difficulty: Difficulty = 'normal';
  for (const d of DIFFICULTIES) {
    if (DIFFICULTY_WORDS[d].test(words)) {
      difficulty = d;
      words = words.replace(DIFFICULTY_WORDS[d], ' ').trim();
      break;
    }
  }
  const matchModels = buildModelMatcher(data.models);
  const named = matchModels(normalizeText(words));
  // an objection named by its id, alone or beside a model or a difficulty ("price-too-high E6 hard")
  const tokens = words.toLowerCase().split(/\s+/);
  const exact = data.objections.find((o) => tokens.includes(o.id));
  const classified = !exact && words && data.classify ? data.objections.find((o) => o.id === data.classify!(words)) : undefined;
  const objection = exact ?? classified ?? matchObjection(words, data.objections, matchModels) ?? pick(data.objections);
  const persona = pick(PERSONAS);
  // a model named, else the one the words describe (纯电, 七座的MPV), else a random one (drawn last, so a seed keeps its scenario)
  const modelId = named.modelIds[0] ?? named.describedId ?? pick(data.models).id;
  return { objectionId: objection.id, personaId: persona.id, modelId, difficulty };
}

export function personaOf(id: string): Persona {
  return PERSONAS.find((p) => p.id === id) ?? PERSONAS[0];
}
