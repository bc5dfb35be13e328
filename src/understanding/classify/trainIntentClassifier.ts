// The learned half of intent classification: a linear classifier over the shared text
// features, toneless pinyin, and what the keyword rules and the date parser read in the
// message, learned at start-up from intent-examples.yaml (customers' wordings per intent,
// written blind), with {model} and {consultant} filled from the store's own catalogue and
// staff, so "让{consultant}给我回电话" is learned with every consultant's name.
import fs from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import { textFeatures } from './textFeatures.js';
import { cachedLinearModel } from './cachedLinearModel.js';
import { linearClassifier, trainLinearModel } from './trainLinearClassifier.js';
import type { TextClassifier } from './trainTextClassifier.js';
import type { StoreData } from '../../storeData/storeDataSchema.js';
import { pinyinPairs } from '../search/pinyinTokens.js';
import { classifyIntent, type Intent } from '../nlu/classifyIntent.js';
import { normalizeText } from '../nlu/normalizeText.js';
import { resolveDateTime } from '../nlu/resolveDateTime.js';

export const INTENTS = ['human', 'complaint', 'book_test_drive', 'reschedule', 'cancel', 'faq', 'greeting', 'other'] as const satisfies readonly Intent[];
const bankSchema = z.object(Object.fromEntries(INTENTS.map((i) => [i, z.array(z.string().min(1)).min(10)])) as Record<Intent, z.ZodArray<z.ZodString>>);

/** chosen on the intent phrasings A (tuned on) */
const OPTIONS = { epochs: 10, learningRate: 0.5, l2: 0.0001 };
/** a signal (a day stated, the rules' reading) weighs like this many words; chosen on A and the booking sets */
const SIGNAL_WEIGHT = 2;
const BANK = new URL('./intent-examples.yaml', import.meta.url);
/**
 * Whether a message states a day or a time does not depend on today ("明天", "2月30日",
 * "3点" state one whatever the date), so the signals are read as of one fixed moment, the
 * same for the examples and for customers' messages.
 */
const REFERENCE_NOW = new Date('2026-06-10T04:00:00Z');

interface IntentVocabulary {
  /** names customers call the store's models by (its aliases) */
  modelNames: readonly string[];
  /** the consultants' names, as customers write them */
  consultantNames: readonly string[];
  /** the store's time zone, for reading days and times */
  timeZone: string;
}

/**
 * The store's words for the placeholders: every alias of every model, and each customer-
 * member of staff as customers call them (周立明, Zhou Liming, 周经理, 周顾问, 小周).
 */
export function intentVocabulary(data: Pick<StoreData, 'catalog' | 'staff' | 'store'>): IntentVocabulary {
  // every member of staff: customers ask for the store manager by name too
  const consultantNames = data.staff.flatMap((s) => {
    const surname = [...s.name.zh][0] ?? '';
    return [s.name.zh, s.name.en, `${surname}经理`, `${surname}顾问`, `小${surname}`];
  });
  return { modelNames: data.catalog.models.flatMap((m) => m.aliases), consultantNames, timeZone: data.store.timezone };
}

/**
 * What a message shows besides its words: a day, a time, a member of staff named (by a
 * name no one else has: 小周 could be anything), and what the keyword rules read in it.
 */
export function intentSignals(text: string, vocabulary: Pick<IntentVocabulary, 'timeZone' | 'consultantNames'>): string[] {
  const dateTime = resolveDateTime(text, REFERENCE_NOW, vocabulary.timeZone);
  const statesDate = Boolean(dateTime.date || dateTime.dateProblem);
  const statesTime = Boolean(dateTime.time || dateTime.periodOnly);
  const normalized = normalizeText(text);
  const namesStaff = vocabulary.consultantNames.some((name) => !name.startsWith('小') && normalized.includes(normalizeText(name)));
  return [
    ...(statesDate ? ['date'] : []),
    ...(statesTime ? ['time'] : []),
    ...(namesStaff ? ['staff'] : []),
    `rule:${classifyIntent(text, { statesDate, statesTime })}`,
  ];
}

export function intentFeatures(text: string, signals: readonly string[]): Map<string, number> {
  const out = textFeatures(text);
  for (const pair of pinyinPairs(normalizeText(text))) out.set(`y${pair}`, (out.get(`y${pair}`) ?? 0) + 1);
  for (const signal of signals) out.set(`s${signal}`, SIGNAL_WEIGHT);
  return out;
}

/** Trained classifiers by vocabulary: every test and the service train from the same bank. A cache of results. */
const trained = new Map<string, TextClassifier>();

export function trainIntentClassifier(vocabulary: IntentVocabulary): TextClassifier {
  const key = JSON.stringify(vocabulary);
  const cached = trained.get(key);
  if (cached) return cached;
  const bank = bankSchema.parse(parse(fs.readFileSync(BANK, 'utf8')));
  // each placeholder takes the names in turn, so every name is learned and none is repeated often
  let turn = 0;
  const fill = (text: string) =>
    text
      .replace(/\{model\}/g, () => pick(vocabulary.modelNames, turn++) ?? '这款车')
      .replace(/\{consultant\}/g, () => pick(vocabulary.consultantNames, turn++) ?? '顾问');
  const examples = INTENTS.map((id) => ({ id, texts: bank[id].map(fill) }));
  const features = (text: string) => intentFeatures(text, intentSignals(text, vocabulary));
  const model = cachedLinearModel('intents', [examples, vocabulary, OPTIONS], () => trainLinearModel(examples, [], features, OPTIONS));
  const classifier = linearClassifier(model, features);
  trained.set(key, classifier);
  return classifier;
}

function pick(names: readonly string[], n: number): string | undefined {
  return names.length ? names[n % names.length] : undefined;
}
