// Scores understand() on a booking test file (JSON lines of text, now and the expected
// intent, model, date and time; format of data/demo-dealership/booking-dev.jsonl). A line
// counts as correct only when all four fields match. Models and the timezone come from
// the store's data directory (catalog.yaml, store.yaml).
import { z } from 'zod';
import { readJsonLines } from './readJsonLines.js';
import { intentVocabulary, trainIntentClassifier } from '../understanding/classify/trainIntentClassifier.js';
import { understand } from '../understanding/nlu/understand.js';
import { loadStoreData } from '../storeData/loadStoreData.js';

const lineSchema = z.object({
  text: z.string(),
  now: z.iso.datetime({ offset: true }),
  expect: z.object({
    intent: z.string(),
    model: z.string().nullable(),
    date: z.string().nullable(),
    time: z.string().nullable(),
  }),
});

type Expected = z.infer<typeof lineSchema>['expect'];

interface EvalBookingOptions {
  /** the store's data directory, e.g. data/demo-dealership */
  dataDir: string;
  faqScore?: (normalizedText: string) => number;
}

interface EvalBookingResult {
  total: number;
  correct: number;
  accuracy: number;
  misses: { text: string; expected: Expected; got: Expected }[];
}

export function evalBooking(file: string, opts: EvalBookingOptions): EvalBookingResult {
  const data = loadStoreData(opts.dataDir);
  const lines = readJsonLines(file, lineSchema);
  // the intents as the service reads them: the learned classifier with the rules among its signals
  const intents = trainIntentClassifier(intentVocabulary(data));

  const misses: EvalBookingResult['misses'] = [];
  for (const line of lines) {
    const u = understand(line.text, {
      now: new Date(line.now),
      timeZone: data.store.timezone,
      models: data.catalog.models,
      faqScore: opts.faqScore,
      intents,
    });
    const got: Expected = { intent: u.intent, model: u.model, date: u.date, time: u.time };
    const fields = ['intent', 'model', 'date', 'time'] as const;
    if (fields.some((field) => got[field] !== line.expect[field])) misses.push({ text: line.text, expected: line.expect, got });
  }
  const total = lines.length;
  return { total, correct: total - misses.length, accuracy: total ? (total - misses.length) / total : 0, misses };
}
