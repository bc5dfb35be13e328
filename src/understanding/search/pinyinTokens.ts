// Pinyin without tones, so the words a customer types in pinyin ("shijia yao yuyue ma",
// "zhoumokanchekaimenma") and the homophones they type by mistake (关们 for 关门) meet the
// Chinese they mean. Han text is read syllable by syllable (pinyin-pro); a Latin run is
// read as pinyin when all of it splits into syllables (with or without spaces). Both give
// adjacent-syllable pairs, the unit the search and the FAQ ranker compare.
import { pinyin } from 'pinyin-pro';

let syllables: Set<string> | undefined;
/** Every toneless syllable of the common Han characters (456), read once from pinyin-pro's own table. */
function knownSyllables(): Set<string> {
  if (!syllables) {
    let all = '';
    for (let c = 0x4e00; c <= 0x9fa5; c++) all += String.fromCharCode(c);
    syllables = new Set((pinyin(all, { toneType: 'none', type: 'array', v: true }) as string[]).filter((s) => /^[a-z]+$/.test(s)));
  }
  return syllables;
}

/** The toneless syllables of the Han characters in `text` (other characters are skipped). */
export function hanToPinyin(text: string): string[] {
  const han = text.replace(/[^\p{Script=Han}]+/gu, ' ').trim();
  if (!han) return [];
  return (pinyin(han, { toneType: 'none', type: 'array', v: true }) as string[]).filter((s) => /^[a-z]+$/.test(s));
}

const MAX_PINYIN_WORD = 48;
/** Longest syllable first, so "xian" is one syllable and not "xi an". */
const MAX_SYLLABLE = 6;

/**
 * The syllables of a Latin run typed as pinyin ("shijia yao", "kanche"), or null when some
 * part is no pinyin (English words mostly are not: "open" is, "showroom" is not). Splits
 * by fewest syllables, so "xian" stays one.
 */
export function readPinyin(latin: string): string[] | null {
  const known = knownSyllables();
  const out: string[] = [];
  for (const word of latin
    .toLowerCase()
    .split(/[^a-zü]+/)
    .filter(Boolean)) {
    // no one types a longer word in pinyin ("zhoumokanchekaimenma" is 20), and the split
    // below copies its arrays: a 4,096-letter "word" took 350 ms
    if (word.length > MAX_PINYIN_WORD) return null;
    const w = word.replace(/ü/g, 'v');
    // best[i]: the fewest syllables that spell w[0..i), with the split that gives it
    const best: (string[] | null)[] = [[]];
    for (let i = 1; i <= w.length; i++) {
      best[i] = null;
      for (let len = Math.min(MAX_SYLLABLE, i); len >= 1; len--) {
        const before = best[i - len];
        const syllable = w.slice(i - len, i);
        if (before && known.has(syllable) && (!best[i] || before.length + 1 < best[i]!.length)) best[i] = [...before, syllable];
      }
    }
    const split = best[w.length];
    if (!split) return null;
    out.push(...split);
  }
  return out.length ? out : null;
}

/** Adjacent-syllable pairs ("shi|jia") of the Han in `text` and of its Latin runs that read as pinyin. */
export function pinyinPairs(text: string): string[] {
  const pairs: string[] = [];
  const addPairs = (s: string[]) => {
    for (let i = 0; i + 1 < s.length; i++) pairs.push(`${s[i]}|${s[i + 1]}`);
  };
  for (const run of text.split(/[^\p{Script=Han}]+/u)) if (run) addPairs(hanToPinyin(run));
  for (const run of text.toLowerCase().match(/[a-zü]+(?:\s+[a-zü]+)*/g) ?? []) {
    const read = readPinyin(run);
    if (read && read.length >= 2) addPairs(read);
  }
  return pairs;
}
