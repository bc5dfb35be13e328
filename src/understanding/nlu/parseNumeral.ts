// Numbers as customers and the store write them: Arabic digits, the Chinese numerals
// 零〇一…九 and 两 with 十百千万亿, the two mixed (3万5, 1.5万), and English number words.
// The one reader for the NLU's dates and times (parseNumeral, 0–99), the grounding check's
// amounts and dates, the practice rubric's discounts, and the classifiers' number token
// (SPOKEN_NUMERAL): a number means the same wherever a text goes.
const DIGIT_VALUE: Record<string, number> = {
  零: 0,
  〇: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};
const SMALL_UNIT: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };
const LARGE_UNIT: Record<string, number> = { 万: 1e4, 亿: 1e8 };

/** The Chinese digits, for regex character classes (零〇一二两三四五六七八九). */
export const CHINESE_DIGITS = Object.keys(DIGIT_VALUE).join('');

/** Regex source for a day, hour or minute number (at most two digits or three numerals: 二十三). */
export const NUMERAL = '(?:\\d{1,2}|[零〇一二两三四五六七八九十]{1,3})';

/**
 * Regex source for a Chinese number as spoken before a unit, the vague ones too (三万,
 * 两个月, 十几万, 半年, 五百块): what the classifiers read as one number token, whatever its
 * value, so "贵了三万" and "贵了十几万" read alike.
 */
export const SPOKEN_NUMERAL = `[${CHINESE_DIGITS}十百几半]+(?=[万千百块元个年月周天期成%])`;

/** A day, hour or minute as written: 5, 05, 五, 两, 十五, 二十三, 零五 (= 5); null otherwise. */
export function parseNumeral(text: string): number | null {
  if (/^\d+$/.test(text)) return Number(text);
  const value = parseChineseNumber(text);
  return value !== null && Number.isInteger(value) ? value : null;
}

const ARABIC = /^\d+(?:\.\d+)?/;

/**
 * A number in Chinese numerals, Arabic digits or both; null when the text is no such
 * number (十十, 万, 三二十). Read as people write them:
 *   一百零五 = 105, 两千零二十六 = 2026, 三亿五千万 = 350,000,000, 十五 = 15;
 *   二〇二六 = 2026 and 零五 = 5 (digits alone read digit by digit);
 *   两万八 = 28,000, 三千五 = 3,500, 3万5 = 35,000 (a last digit right after a unit of a
 *   hundred or more counts in the next unit down; after 零 it does not: 两万零八 = 20,008);
 *   八点八 = 8.8, 三点五万 = 35,000, 1.5万 = 15,000, 20万 = 200,000.
 */
export function parseChineseNumber(text: string): number | null {
  const point = text.indexOf('点');
  if (point >= 0) {
    // 八点八, 三点九九, 三点五万: the fraction is digits, then at most a 万 or 亿 for the whole
    const fraction = text.slice(point + 1).match(/^([零〇一二两三四五六七八九]+)([万亿]?)$/);
    const whole = parseWhole(text.slice(0, point));
    if (!fraction || whole === null || !Number.isInteger(whole)) return null;
    const value = Number(`${whole}.${[...fraction[1]].map((c) => DIGIT_VALUE[c]).join('')}`);
    return value * (LARGE_UNIT[fraction[2]] ?? 1);
  }
  return parseWhole(text);
}

function parseWhole(text: string): number | null {
  if (!text) return null;
  if ([...text].every((c) => c in DIGIT_VALUE)) {
    // digit by digit: 二〇二六, 零五, 三
    return Number([...text].map((c) => DIGIT_VALUE[c]).join(''));
  }
  let total = 0; // what the 万 and 亿 read so far add up to
  let section = 0; // below the next 万 or 亿
  let digit: number | null = null; // a digit not yet given a unit
  let digitIsSingle = false; // one digit, which a unit before it may stretch (两万八)
  let afterZero = false; // a 零 since the last unit: 两万零八 is 20,008
  let lastSmall = Number.POSITIVE_INFINITY; // units fall within a section: 三千二百, not 三百二千
  let lastUnit = 0; // the unit just read, when the previous token was one
  let seenTenThousand = false; // one 万 per 亿 section
  for (let i = 0; i < text.length; ) {
    const c = text[i];
    const arabic = text.slice(i).match(ARABIC);
    if (arabic || c in DIGIT_VALUE) {
      const value = arabic ? Number(arabic[0]) : DIGIT_VALUE[c];
      // two digits in a row are no number (三二十), unless the first was 零 (一百零五); 零
      // stands for an empty place, so only after a hundred or more (一百零五, not 十零五)
      if (digit !== null && !(afterZero && digit === 0)) return null;
      if (!arabic && value === 0 && lastUnit < 100) return null;
      afterZero ||= !arabic && value === 0;
      digit = value;
      digitIsSingle = arabic ? arabic[0].length === 1 : true;
      i += arabic ? arabic[0].length : 1;
      continue;
    }
    const small = SMALL_UNIT[c];
    const large = LARGE_UNIT[c];
    if (small) {
      // 十 may stand alone at the start of a section (十五, 三万十二) and after a 零 inside a
      // number (一千零十); other units need a digit that is not 零
      const aloneTen = small === 10 && (digit === null ? section === 0 : digit === 0 && total + section > 0);
      if (small >= lastSmall || (!aloneTen && !digit)) return null;
      section += (aloneTen ? 1 : digit!) * small;
      lastSmall = small;
      lastUnit = small;
    } else if (large) {
      if (digit === null && section === 0 && total === 0) return null;
      if (large === 1e4) {
        if (seenTenThousand) return null;
        total += (section + (digit ?? 0)) * 1e4;
        seenTenThousand = true;
      } else {
        // 亿 scales everything before it (一万亿), 万 only its own section (三亿五千万)
        total = (total + section + (digit ?? 0)) * 1e8;
        seenTenThousand = false;
      }
      section = 0;
      lastSmall = Number.POSITIVE_INFINITY;
      lastUnit = large;
    } else {
      return null;
    }
    digit = null;
    afterZero = false;
    i += 1;
  }
  if (digit === null) return total + section;
  // 两万八, 三千五, 3万5: the last digit counts in the unit below the one before it
  const stretched = lastUnit >= 100 && digitIsSingle && !afterZero && endsWithDigitAfterUnit(text);
  return total + section + (stretched ? digit * (lastUnit / 10) : digit);
}

/** The text ends in one digit that follows a unit directly (两万八, not 两万零八 or 二十八). */
function endsWithDigitAfterUnit(text: string): boolean {
  const before = text[text.length - 2];
  return before !== undefined && (before in SMALL_UNIT || before in LARGE_UNIT);
}

/** English number words and their values: the one table, which the time parser's hour words also come from. */
export const ENGLISH_VALUE: Readonly<Record<string, number>> = {
  zero: 0,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
  hundred: 100,
  thousand: 1e3,
  million: 1e6,
  billion: 1e9,
};

/** Regex source for one English number word (zero … ninety, hundred, thousand, million, billion). */
export const ENGLISH_NUMBER_WORD = `(?:${Object.keys(ENGLISH_VALUE).join('|')})`;

/** "eight thousand five hundred" → 8500, "twenty-five" → 25. */
export function parseEnglishNumber(words: string): number {
  let total = 0;
  let current = 0;
  for (const word of words.split(/[\s-]+/)) {
    const value = ENGLISH_VALUE[word];
    if (value === undefined) continue; // "and"
    if (value === 100) current = (current || 1) * 100;
    else if (value >= 1000) {
      total += (current || 1) * value;
      current = 0;
    } else current += value;
  }
  return total + current;
}
