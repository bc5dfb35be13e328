// With an LLM, the model picks which of the entries the search found answers the
// question: the search's best and its alternatives (up to five), or none of them. The
// search ranks by words, the model reads the question, so it can set right a near miss
// and answer a question the search was unsure of. Its pick is an entry of the store's
// data, never text: the answer is still composed from that entry and today's catalogue
// and promotions, then worded and checked by groundAnswer.
//
// The schema accepts only the candidates' ids, so an id the model invents is malformed
// (the fallback provider is asked, then the search's answer stands). "None of these", a
// pick the model itself doubts, a failure of every provider, or no LLM at all: the
// customer gets exactly what the search decided (the entry, "not sure", or "not ours").
import { z } from 'zod';
import type { Logger } from '../../infra/logger.js';
import { LlmUnavailableError, type LlmClient } from '../../llm/llmClient.js';
import { faqChoicePrompt } from '../../prompts/faqChoice.js';
import type { Answer } from './answerQuestion.js';
import type { KnowledgeBase } from './buildKnowledgeIndex.js';
import { composeAnswer } from './composeAnswer.js';
import { searchKnowledge } from './searchKnowledge.js';

interface FaqChoice {
  /** what to answer: the model's pick composed from the store's data, or the search's answer unchanged */
  answer: Answer;
  /** chosen: the model picked an entry; none: it picked none or doubted its pick; skipped: nothing to choose from */
  outcome: 'chosen' | 'none' | 'skipped' | 'no_llm' | 'rejected' | 'timeout' | 'error';
}

interface ChooseDeps {
  kb: KnowledgeBase;
  llm: LlmClient | undefined;
  now: Date;
  log: Logger;
}

/** The search's best, the entries it would ask "which?" about, and its "did you mean" ones; the prompt stays short and the model's task a choice. */
const MAX_CANDIDATES = 5;
/**
 * A pick the model rates below even odds is no better than the search's own answer.
 * Not tuned: no real model can be measured here (see docs/architecture.md).
 */
const MIN_CONFIDENCE = 0.5;
/** the start of each candidate's answer the model sees: enough to tell entries apart */
const ANSWER_EXCERPT_CHARS = 160;
const QUESTIONS_SHOWN = 4;
/** a short JSON object: an id, a few alternatives, a number */
const MAX_CHOICE_TOKENS = 150;

export async function chooseFaqEntry(question: string, found: Answer, deps: ChooseDeps): Promise<FaqChoice> {
  const { kb, llm, log } = deps;
  if (!llm) return { answer: found, outcome: 'no_llm' };
  const candidates = [...new Set([found.faqId, ...(found.clarify ?? []), ...found.alternatives])]
    .filter((id): id is string => !!id && kb.faqs.has(id))
    .slice(0, MAX_CANDIDATES);
  // A question not ours, one with nothing close, or one the search is sure of with no
  // rival: the model could only confirm the search, so it is not asked.
  if (found.notOurs || candidates.length === 0 || (found.faqId && candidates.length === 1)) return { answer: found, outcome: 'skipped' };

  const ids = z.enum(candidates as [string, ...string[]]);
  const schema = z.object({
    faqId: ids.nullable(),
    alternatives: z.array(ids).max(MAX_CANDIDATES).default([]),
    confidence: z.number().min(0).max(1),
  });
  let pick: z.infer<typeof schema>;
  try {
    const r = await llm.structured({
      purpose: 'faq-choice',
      prompt: faqChoicePrompt,
      args: { question, entries: candidates.map((id) => describeEntry(id, kb, found.lang)) },
      maxTokens: MAX_CHOICE_TOKENS,
      schema,
    });
    pick = r.value;
  } catch (err) {
    // The client has recorded every attempt; anything else thrown here is a bug worth a
    // log line, but still not worth the customer's answer.
    if (!(err instanceof LlmUnavailableError)) log.error({ err }, 'faq choice: unexpected LLM failure');
    const outcome = !(err instanceof LlmUnavailableError) ? 'error' : err.reason === 'timeout' ? 'timeout' : err.reason === 'malformed' ? 'rejected' : 'error';
    return { answer: found, outcome };
  }

  const searchPick = found.faqId;
  if (!pick.faqId || pick.confidence < MIN_CONFIDENCE) {
    log.info({ searchPick, modelPick: pick.faqId, confidence: pick.confidence }, 'faq choice: none, the search answer stands');
    return { answer: found, outcome: 'none' };
  }
  log.info({ searchPick, modelPick: pick.faqId, confidence: pick.confidence }, 'faq choice');
  const alternatives = [...new Set(pick.alternatives)].filter((id) => id !== pick.faqId);
  if (pick.faqId === searchPick) return { answer: { ...found, confidence: pick.confidence, alternatives }, outcome: 'chosen' };
  // the models named narrow the current offers, as they do for the search's own answer
  const composed = composeAnswer(pick.faqId, kb, { now: deps.now, lang: found.lang, modelIds: searchKnowledge(question, kb).modelIds });
  return {
    answer: { faqId: pick.faqId, answer: composed.text, lang: found.lang, confidence: pick.confidence, alternatives, sources: composed.sources },
    outcome: 'chosen',
  };
}

function describeEntry(id: string, kb: KnowledgeBase, lang: Answer['lang']): { id: string; questions: string[]; answer: string } {
  const faq = kb.faqs.get(id)!;
  const questions = faq.questions[lang]?.length ? faq.questions[lang] : faq.questions.zh;
  const answer = faq.answer[lang] || faq.answer.zh;
  return { id, questions: questions.slice(0, QUESTIONS_SHOWN), answer: [...answer].slice(0, ANSWER_EXCERPT_CHARS).join('') };
}
