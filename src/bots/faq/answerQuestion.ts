// A customer's question answered from the store's own data: the best FAQ entry when the
// search is confident enough, else a polite "not sure" that offers a human or a
// rephrase, never a guess. The returned object is what `dealerbot ask --json` prints.
import { detectLang } from '../../core/detectLang.js';
import type { Lang } from '../../core/message.js';
import type { KnowledgeBase } from './buildKnowledgeIndex.js';
import { composeAnswer } from './composeAnswer.js';
import { searchKnowledge } from './searchKnowledge.js';

export interface Answer {
  faqId: string | null;
  answer: string;
  lang: Lang;
  /** 0..1; below the search's threshold faqId is null */
  confidence: number;
  /** FAQ ids for a "did you mean" */
  alternatives: string[];
  /** ids of the data entries the answer text came from: FAQ, model and promotion ids */
  sources: string[];
}

interface AnswerOptions {
  now: Date;
  /** the reply language; detected from the question when absent */
  lang?: Lang;
}

const UNSURE = {
  zh: '抱歉，这个问题我不太确定，不想给您不准确的信息。您可以换个说法再问一次，或回复“转人工”由顾问为您解答。',
  en: 'Sorry, I\'m not sure about that and would rather not guess. You could rephrase the question, or type "human" and an adviser will help you.',
} as const;

/** the store's own language, for questions with no language signal (emoji, digits) */
const DEFAULT_LANG: Lang = 'zh';

export function answerQuestion(question: string, kb: KnowledgeBase, opts: AnswerOptions): Answer {
  const lang = opts.lang ?? detectLang(question, DEFAULT_LANG);
  const match = searchKnowledge(question, kb);
  const { faqId, confidence, alternatives } = match;
  if (!faqId) return { faqId, answer: UNSURE[lang], lang, confidence, alternatives, sources: [] };
  const { text, sources } = composeAnswer(faqId, kb, { now: opts.now, lang, modelIds: match.modelIds });
  return { faqId, answer: text, lang, confidence, alternatives, sources };
}
