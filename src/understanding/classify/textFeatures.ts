// The features a customer's words are compared by, for the learned classifiers (the coach's
// objections, the FAQ's entries): Chinese has no
// spaces and customers write loosely, so a Han run gives its characters (weakly), its
// overlapping bigrams and its trigrams; English gives stemmed words (stopwords dropped) and
// adjacent word pairs. Numbers become one token: "贵了三万" and "贵了2万" read alike,
// and "20k"/"8,000" are one kind of thing.
import { normalizeText } from '../nlu/normalizeText.js';
import { SPOKEN_NUMERAL } from '../nlu/parseNumeral.js';
import { searchStopwords } from '../search/searchStopwords.js';
import { stemEnglish } from '../search/stemEnglish.js';

const LATIN_WORD = /[a-z0-9]+(?:'[a-z]+)?/g;
const NUMBER = /\d+(?:[.,]\d+)*/g;
/** Chinese numerals as spoken in prices and times (三万, 两个月, 十几万) */
const HAN_NUMBER = new RegExp(SPOKEN_NUMERAL, 'gu');

/**
 * Particles and pronouns: a feature made of them says how someone talks, not what about
 * (你们 is in complaints about reviews and about quality alike), so they make none.
 */
const FUNCTION_CHARS = new Set('吗呢吧啊呀哦嘛哈的了么们我你您他她它这那个是就也都还');

/** feature → weight (counts weighted by kind) */
export function textFeatures(text: string): Map<string, number> {
  const norm = normalizeText(text).replace(NUMBER, '0').replace(HAN_NUMBER, '0');
  const out = new Map<string, number>();
  const add = (key: string, w: number) => out.set(key, (out.get(key) ?? 0) + w);
  // Han runs, with the number token kept inside them ("贵了0万")
  for (const run of norm.split(/[^\p{Script=Han}0]+/u)) {
    if (!run) continue;
    const chars = [...run];
    const content = chars.map((ch) => !FUNCTION_CHARS.has(ch));
    chars.forEach((ch, i) => content[i] && add(`u${ch}`, 0.5));
    for (let i = 0; i + 2 <= chars.length; i++) if (content[i] || content[i + 1]) add(`b${chars[i]}${chars[i + 1]}`, 1);
    for (let i = 0; i + 3 <= chars.length; i++) add(`t${chars.slice(i, i + 3).join('')}`, 0.5);
  }
  const words = (norm.match(LATIN_WORD) ?? []).map((w) => w.replace(/'/g, ''));
  const stems = words.map((w) => stemEnglish(w));
  stems.forEach((s, i) => {
    if (!searchStopwords.has(words[i]!)) add(`w${s}`, 1);
  });
  for (let i = 0; i + 1 < stems.length; i++) add(`p${stems[i]}_${stems[i + 1]}`, 0.7);
  return out;
}
