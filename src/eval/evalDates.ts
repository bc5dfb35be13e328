// Scores the date/time parser (resolveDateTime) on a file of JSON lines {text,
// referenceDateTime, expectDate, expectTime?, source}: the format of
// test/eval/recognizers-text-zh.jsonl, cases others wrote for their own parser. The
// reference is a wall-clock time with no offset, as those specs write it, so it is read in
// the store's timezone: the parser itself works in the store's wall clock. A line counts
// only when the date and the time both match; an absent expectTime means the text states
// no time, so a time found anyway is a miss too.
import { z } from 'zod';
import { zonedInstant } from '../infra/storeTime.js';
import { resolveDateTime } from '../understanding/nlu/resolveDateTime.js';
import { readJsonLines } from './readJsonLines.js';

const lineSchema = z.object({
  text: z.string(),
  referenceDateTime: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?$/, 'referenceDateTime must be YYYY-MM-DDTHH:MM[:SS] without an offset'),
  expectDate: z.iso.date().nullable(),
  expectTime: z
    .string()
    .regex(/^\d{2}:\d{2}$/)
    .optional(),
  source: z.string(),
});

interface Reading {
  date: string | null;
  time: string | null;
}

interface EvalDatesResult {
  total: number;
  correct: number;
  accuracy: number;
  misses: { text: string; source: string; referenceDateTime: string; expected: Reading; got: Reading }[];
}

export function evalDates(file: string, opts: { timeZone: string }): EvalDatesResult {
  const lines = readJsonLines(file, lineSchema);
  const misses: EvalDatesResult['misses'] = [];
  for (const line of lines) {
    const now = referenceInstant(line.referenceDateTime, opts.timeZone);
    const result = resolveDateTime(line.text, now, opts.timeZone);
    const got: Reading = { date: result.date, time: result.time };
    const expected: Reading = { date: line.expectDate, time: line.expectTime ?? null };
    if (got.date !== expected.date || got.time !== expected.time) {
      misses.push({ text: line.text, source: line.source, referenceDateTime: line.referenceDateTime, expected, got });
    }
  }
  const total = lines.length;
  return { total, correct: total - misses.length, accuracy: total ? (total - misses.length) / total : 0, misses };
}

/** 2017-03-22T14:07:00 on the store's clock, as an instant. */
function referenceInstant(wallClock: string, timeZone: string): Date {
  const seconds = Number(wallClock.slice(17, 19) || 0);
  return new Date(zonedInstant(wallClock.slice(0, 10), wallClock.slice(11, 16), timeZone).getTime() + seconds * 1000);
}
