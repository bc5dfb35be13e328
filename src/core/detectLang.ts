import type { InboundMessage, Lang } from './message.js';

const HAN = /\p{Script=Han}/gu;
const LATIN_WORD = /[A-Za-z]{2,}/g;

/**
 * The language a customer wrote in: Chinese as soon as the text has more Han
 * characters than Latin words (model names like "E6" or "SUV" inside Chinese stay zh),
 * English when it has Latin words and no Han, else the fallback (emoji, digits).
 */
export function detectLang(text: string | undefined, fallback: Lang): Lang {
  if (!text) return fallback;
  const han = text.match(HAN)?.length ?? 0;
  const latin = text.match(LATIN_WORD)?.length ?? 0;
  if (han > 0 && han >= latin) return 'zh';
  if (latin > 0) return 'en';
  return fallback;
}

const TYPED_COMMAND = /^\s*\/[^\s/]+(?:\s+([\s\S]*))?$/;
/** ids, codes and mentions say nothing about a language: st-07, price-too-high, c_winter-drive, <@U123|lin>, 5678 */
const NOT_WORDS = /<[^>]*>|[A-Za-z0-9]*[\d_-][A-Za-z0-9_-]*/g;

/**
 * The words of a turn that tell its language, or undefined when it has none (keep the
 * chat's language). A command ("/customer 5678", Slack's /practice history) is not
 * English because of its name: only its arguments count, and they switch the language
 * only with Chinese in them or at least two English words.
 */
export function languageWords(msg: Pick<InboundMessage, 'kind' | 'text' | 'command'>): string | undefined {
  const typed = msg.kind === 'text' && msg.text ? msg.text.match(TYPED_COMMAND) : null;
  if (!typed && msg.kind !== 'command') return msg.text;
  const args = (typed ? typed[1] : msg.command?.args) ?? '';
  const words = args.replace(NOT_WORDS, ' ');
  if (/\p{Script=Han}/u.test(words)) return words;
  return (words.match(LATIN_WORD)?.length ?? 0) >= 2 ? words : undefined;
}

/** A staff member's reading language: the first of their languages ("zh,en"). */
export function staffLang(languages: string | null | undefined): Lang {
  return (languages ?? 'zh').split(',')[0]?.trim() === 'en' ? 'en' : 'zh';
}
