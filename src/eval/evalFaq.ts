// Scores the FAQ search on a test file of JSON lines {"q", "lang"?, "expect"} (the format
// of data/demo-dealership/faq-dev.jsonl). A line is correct when the answer's faqId equals
// `expect`; an expected null means the assistant should say it does not know. A "which of
// these?" is counted apart: not correct, but not a wrong answer either.
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
  /** answered with the expected entry, or (expected null) declined */
  correct: number;
  accuracy: number;
  /** asked "which of these?" instead of answering, and how many of those offered the expected entry */
  clarified: number;
  clarifiedRight: number;
  /** answered with an entry that was not the expected one (the worst outcome) */
  wrong: number;
  misses: { q: string; expected: string | null; got: string | null; confidence: number; clarify?: string[] }[];
}

export function evalFaq(file: string, kb: KnowledgeBase, opts: { now: Date; clarifyBelow?: number }): EvalFaqResult {
  const lines = readJsonLines(file, lineSchema);

  const misses: EvalFaqResult['misses'] = [];
  let clarified = 0;
  let clarifiedRight = 0;
  let wrong = 0;
  for (const line of lines) {
    const answer = answerQuestion(line.q, kb, { now: opts.now, lang: line.lang, clarifyBelow: opts.clarifyBelow });
    if (answer.clarify) {
      clarified++;
      if (line.expect && answer.clarify.includes(line.expect)) clarifiedRight++;
    } else if (answer.faqId && answer.faqId !== line.expect) wrong++;
    if (answer.faqId !== line.expect) {
      misses.push({
        q: line.q,
        expected: line.expect,
        got: answer.faqId,
        confidence: answer.confidence,
        ...(answer.clarify ? { clarify: answer.clarify } : {}),
      });
    }
  }
  const total = lines.length;
  const correct = total - misses.length;
  return { total, correct, accuracy: total ? correct / total : 0, clarified, clarifiedRight, wrong, misses };
}
