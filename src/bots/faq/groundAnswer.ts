// The FAQ's answer, worded by the model when there is one, but only if every number,
// name and promise in it comes from the retrieved entries; otherwise, and whenever the
// model is slow or down, the customer gets the retrieved entry's own text.
import { checkGrounding, extractCitations, stripCitations } from '../../llm/checkGrounding.js';
import { detectLang } from '../../core/detectLang.js';
import { LlmUnavailableError, type Completion, type LlmClient } from '../../llm/llmClient.js';
import type { Logger } from '../../infra/logger.js';
import { faqAnswerPrompt } from '../../prompts/faqAnswer.js';

export interface GroundAnswerArgs {
  llm: LlmClient | undefined;
  question: string;
  lang: 'zh' | 'en';
  /** The retrieved entries, best first; the model sees only these. */
  entries: { id: string; text: string }[];
  /** What to send without a usable model answer: the retrieved answer itself. */
  fallback: string;
  log: Logger;
}

interface GroundedAnswer {
  text: string;
  usedLlm: boolean;
  outcome: 'ok' | 'no_llm' | 'rejected' | 'timeout' | 'error';
  /** Entry ids the model cited (empty for the fallback, or when it said the entries do not answer). */
  citedIds: string[];
}

const MAX_ANSWER_TOKENS = 400;

export async function groundAnswer(args: GroundAnswerArgs): Promise<GroundedAnswer> {
  const { llm, question, lang, entries, fallback, log } = args;
  const fallbackWith = (outcome: GroundedAnswer['outcome']): GroundedAnswer => ({ text: fallback, usedLlm: false, outcome, citedIds: [] });
  if (!llm) return fallbackWith('no_llm');

  let completion: Completion;
  try {
    completion = await llm.complete({
      purpose: 'faq-answer',
      prompt: faqAnswerPrompt,
      args: { question, lang, entries },
      maxTokens: MAX_ANSWER_TOKENS,
    });
  } catch (err) {
    // The client has recorded the call; anything else thrown here is a bug worth a log
    // line, but still not worth the customer's answer.
    if (!(err instanceof LlmUnavailableError)) log.error({ err }, 'faq answer: unexpected LLM failure');
    return fallbackWith(err instanceof LlmUnavailableError && err.reason === 'timeout' ? 'timeout' : 'error');
  }

  const text = stripCitations(completion.text);
  const check = checkGrounding(
    completion.text,
    entries.map((e) => e.text),
    entries.map((e) => e.id),
  );
  // An answer in the wrong language is no better than the entry in the right one.
  if (text && detectLang(text, lang) !== lang) check.problems.push(`answer not in ${lang}`);
  if (check.problems.length > 0) {
    log.info({ problems: check.problems }, 'faq answer: model answer rejected, sending the retrieved answer');
    await llm.recordOutcome(completion.callId, 'rejected');
    return fallbackWith('rejected');
  }
  return { text, usedLlm: true, outcome: 'ok', citedIds: extractCitations(completion.text) };
}
