// Scores intent classification on a file of JSON lines {"text", "expect"} (test/eval/
// intent-phrasings-*.jsonl), with the confusions counted: which intent was taken for which.
import { z } from 'zod';
import { readJsonLines } from './readJsonLines.js';

const lineSchema = z.object({ text: z.string(), expect: z.string() });

interface EvalIntentsResult {
  total: number;
  correct: number;
  accuracy: number;
  misses: { text: string; expected: string; got: string }[];
  /** "expected→got": count, most first */
  confusions: [string, number][];
}

export function evalIntents(file: string, classify: (text: string) => string): EvalIntentsResult {
  const lines = readJsonLines(file, lineSchema);
  const misses: EvalIntentsResult['misses'] = [];
  for (const line of lines) {
    const got = classify(line.text);
    if (got !== line.expect) misses.push({ text: line.text, expected: line.expect, got });
  }
  const counts = new Map<string, number>();
  for (const m of misses) counts.set(`${m.expected}→${m.got}`, (counts.get(`${m.expected}→${m.got}`) ?? 0) + 1);
  const correct = lines.length - misses.length;
  return {
    total: lines.length,
    correct,
    accuracy: lines.length ? correct / lines.length : 0,
    misses,
    confusions: [...counts].sort((a, b) => b[1] - a[1]),
  };
}
