// Scores the FAQ search on a test file of JSON lines {"q", "lang"?, "expect"} (the format
// of data/demo-dealership/faq-dev.jsonl). A line is correct when the answer's faqId equals
// `expect`; an expected null means the assistant should say it does not know.
import { z } from 'zod';
import { readJsonLines } from './readJsonLines.js';
import { answerQuestion } from '../bots/faq/answerQuestion.js';
import type { KnowledgeBase } from '../bots/faq/buildKnowledgeIndex.js';

const lineSchema = z.object({
  q: z.string(),
  lang: z.enum(['zh', 'en']).optional(),
  expect: z.string().nullable(),
});

interface EvalFaqResult {
  total: number;
  correct: number;
  accuracy: number;
  misses: { q: string; expected: string | null; got: string | null; confidence: number }[];
}

export function evalFaq(file: string, kb: KnowledgeBase, opts: { now: Date }): EvalFaqResult {
  const lines = readJsonLines(file, lineSchema);

  const misses: EvalFaqResult['misses'] = [];
  for (const line of lines) {
    const answer = answerQuestion(line.q, kb, { now: opts.now, lang: line.lang });
    if (answer.faqId !== line.expect) {
      misses.push({ q: line.q, expected: line.expect, got: answer.faqId, confidence: answer.confidence });
    }
  }
  const total = lines.length;
  const correct = total - misses.length;
  return { total, correct, accuracy: total ? correct / total : 0, misses };
}
