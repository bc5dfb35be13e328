// A customer's question answered from the store's own data: the best FAQ entry when the
// search is confident enough; for a question that is not the store's (the weather, another
// brand's showroom) a polite "not something this store can answer" with what it can and a
// person; when the question fits two or three entries about equally, a short "which of
// these?" with them as buttons; else a polite "not sure" that offers a human or a rephrase, never a guess. The returned object is what `dealerbot ask --json` prints.
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
  /** the question is not the store's to answer: the answer says so and offers a person */
  notOurs?: boolean;
  /** the likely entries, best first, when the question fits more than one: the answer asks which */
  clarify?: string[];
}

interface AnswerOptions {
  now: Date;
  /** the reply language; detected from the question when absent */
  lang?: Lang;
  /** the clarifying threshold, for the evaluation's table */
  clarifyBelow?: number;
}

const UNSURE = {
  zh: '抱歉，这个问题我不太确定，不想给您不准确的信息。您可以换个说法再问一次，或回复“转人工”由顾问为您解答。',
  en: 'Sorry, I\'m not sure about that and would rather not guess. You could rephrase the question, or type "human" and an adviser will help you.',
} as const;

const NOT_OURS = {
  zh: '这个问题不在本店能解答的范围内，我答不上来。本店可以解答看车、试驾、价格与优惠、金融、置换和售后的问题；需要的话，回复“转人工”由顾问为您解答。',
  en: 'That is not something this store can answer, I\'m afraid. I can help with our cars, test drives, prices and offers, finance, trade-ins and service; or type "human" and an adviser will help you.',
} as const;

const WHICH = {
  zh: '您问的是下面哪一个？',
  en: 'Which of these do you mean?',
} as const;

/** the store's own language, for questions with no language signal (emoji, digits) */
const DEFAULT_LANG: Lang = 'zh';

export function answerQuestion(question: string, kb: KnowledgeBase, opts: AnswerOptions): Answer {
  const lang = opts.lang ?? detectLang(question, DEFAULT_LANG);
  const match = searchKnowledge(question, kb, { clarifyBelow: opts.clarifyBelow });
  const { faqId, confidence, alternatives } = match;
  if (!faqId && match.clarify) return { faqId, answer: WHICH[lang], lang, confidence, alternatives: [], sources: [], clarify: match.clarify };
  if (!faqId && match.notOurs) return { faqId, answer: NOT_OURS[lang], lang, confidence, alternatives: [], sources: [], notOurs: true };
  if (!faqId) return { faqId, answer: UNSURE[lang], lang, confidence, alternatives, sources: [] };
  const { text, sources } = composeAnswer(faqId, kb, { now: opts.now, lang, modelIds: match.modelIds });
  return { faqId, answer: text, lang, confidence, alternatives, sources };
}
