// Scores the objection classifier on a file of JSON lines {"text", "expect"} (the format
// of data/demo-dealership/objections-dev.jsonl). A line is correct when the first id
// equals `expect`; an expected null means the text is no objection (no ids at all).
import { z } from 'zod';
import type { ObjectionIndex } from '../bots/coach/buildObjectionIndex.js';
import { classifyObjection } from '../bots/coach/classifyObjection.js';
import { readJsonLines } from './readJsonLines.js';

const lineSchema = z.object({
  text: z.string(),
  lang: z.enum(['zh', 'en']).optional(),
  expect: z.string().nullable(),
});

interface EvalObjectionsResult {
  total: number;
  correct: number;
  accuracy: number;
  misses: { text: string; expected: string | null; got: string[]; confidence: number }[];
}

export function evalObjections(file: string, ix: ObjectionIndex): EvalObjectionsResult {
  const lines = readJsonLines(file, lineSchema);
  const misses: EvalObjectionsResult['misses'] = [];
  for (const line of lines) {
    const match = classifyObjection(line.text, ix, { lang: line.lang });
    const top = match.ids[0] ?? null;
    if (top !== line.expect) misses.push({ text: line.text, expected: line.expect, got: match.ids, confidence: match.confidence });
  }
  const total = lines.length;
  const correct = total - misses.length;
  return { total, correct, accuracy: total ? correct / total : 0, misses };
}
