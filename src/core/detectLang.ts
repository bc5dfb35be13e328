import type { Lang } from './message.js';

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
