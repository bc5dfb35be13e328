// Who a lead is: language, name, intended model, needs (budget, use, focus points) and
// how soon they mean to buy. Values are drawn complete; the story decides which of them
// the store actually learned.
import type { Random } from './createRandom.js';
import type { Gender, People, Person } from './createPeople.js';
import type { ModelFacts } from './loadHistoryContext.js';

export type Intent = 'hot' | 'warm' | 'mild' | 'cold';
export type Timeframe = 'within_7d' | 'within_15d' | 'within_30d' | 'within_90d' | 'later';

export interface CustomerProfile {
  lang: 'zh' | 'en';
  person: Person;
  city: string;
  model: ModelFacts;
  intent: Intent;
  timeframe: Timeframe;
  budgetMin: number;
  budgetMax: number;
  usage: string;
  focus: string;
  tradeIn: boolean;
  finance: boolean;
  note: string | null;
}

/** shares of intended models among leads; models not listed get the average share */
const MODEL_SHARES: Record<string, number> = { s3: 18, s5: 13, x5: 24, x7: 14, e6: 20, m8: 11 };
const INTENT_SHARES: Record<Intent, number> = { hot: 14, warm: 24, mild: 34, cold: 28 };
const CITIES: Record<string, number> = { 上海: 88, 苏州: 4, 嘉兴: 3, 杭州: 3, 南通: 2 };
const USAGE_BY_MODEL: Record<string, Record<string, number>> = {
  s3: { commute: 6, family: 3, other: 1 },
  s5: { commute: 5, family: 4, business: 1 },
  x5: { family: 5, commute: 4, other: 1 },
  x7: { family: 8, business: 1, other: 1 },
  e6: { commute: 7, family: 3 },
  m8: { business: 5, family: 5 },
};
const FOCUS_BY_MODEL: Record<string, string[]> = {
  s3: ['price', 'fuel_economy', 'brand', 'tech'],
  s5: ['range', 'price', 'space', 'tech'],
  x5: ['space', 'price', 'safety', 'fuel_economy'],
  x7: ['space', 'safety', 'range', 'comfort'],
  e6: ['range', 'price', 'tech', 'charging'],
  m8: ['space', 'comfort', 'brand', 'safety'],
};
const NOTES = {
  zh: ['周末才有时间看车', '关注冬季续航', '需要和家人商量', '有旧车需要评估', '希望春节前提车', '在对比其他品牌', '想了解金融方案'],
  en: ['Only free at weekends', 'Asks about winter range', 'Will decide with family', 'Has a car to trade in', 'Wants the car before Spring Festival'],
};

export function drawCustomerProfile(rnd: Random, people: People, models: ModelFacts[]): CustomerProfile {
  const lang = rnd.chance(0.1) ? 'en' : 'zh';
  // Showroom traffic at a Chinese dealership skews male.
  const gender: Gender = rnd.chance(0.62) ? 'male' : 'female';
  const model = pickModel(rnd, models);
  const intent = rnd.weighted(INTENT_SHARES);
  const low = model.trims[0].price;
  const high = model.trims[model.trims.length - 1].price;
  const budgetMin = roundTo(low * rnd.between(0.85, 1), 10_000);
  const budgetMax = Math.max(budgetMin + 10_000, roundTo(high * rnd.between(0.85, 1.1), 10_000));
  const focusPool = [...(FOCUS_BY_MODEL[model.id] ?? ['price', 'space', 'safety', 'brand'])];
  const focus: string[] = [];
  for (let n = rnd.int(1, 3); n > 0; n--) focus.push(focusPool.splice(rnd.int(0, focusPool.length - 1), 1)[0]);

  return {
    lang,
    person: people.person(lang, gender),
    city: rnd.weighted(CITIES),
    model,
    intent,
    timeframe: timeframeOf(intent, rnd),
    budgetMin,
    budgetMax,
    usage: rnd.weighted(USAGE_BY_MODEL[model.id] ?? { commute: 1, family: 1 }),
    focus: focus.join(','),
    tradeIn: rnd.chance(0.3),
    finance: rnd.chance(0.35),
    note: rnd.chance(0.08) ? rnd.pick(NOTES[lang]) : null,
  };
}

function pickModel(rnd: Random, models: ModelFacts[]): ModelFacts {
  const average = Object.values(MODEL_SHARES).reduce((a, b) => a + b, 0) / Object.keys(MODEL_SHARES).length;
  const weights = Object.fromEntries(models.map((m) => [m.id, MODEL_SHARES[m.id] ?? average]));
  const id = rnd.weighted(weights);
  return models.find((m) => m.id === id)!;
}

function timeframeOf(intent: Intent, rnd: Random): Timeframe {
  switch (intent) {
    case 'hot':
      return 'within_7d';
    case 'warm':
      return 'within_15d';
    case 'mild':
      return 'within_30d';
    case 'cold':
      return rnd.chance(0.7) ? 'within_90d' : 'later';
  }
}

function roundTo(value: number, step: number): number {
  return Math.round(value / step) * step;
}
