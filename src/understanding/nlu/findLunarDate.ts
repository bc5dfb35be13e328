// The first lunar (农历) date a message writes: 农历十月初八, 正月十五, 腊月二十三, 闰六月初八,
// 大年初八, 2027年农历十月初八, or a day alone after 农历/阴历 (农历初八). Only finds it;
// resolveLunarDate turns it into the solar date.
//
// A month and day are lunar only when the text says so: 农历/阴历/旧历 before them, a month
// only the lunar calendar names (正月, 冬月, 腊月), 闰, or a day written the lunar way
// (初八, 廿三, 卅). 十月十五 alone is 15 October. A bare 初八 is not read: 初一…初三 are also
// school years (孩子初三), and a customer who means the lunar day writes 农历 or the month.
import { parseNumeral } from './parseNumeral.js';

export interface LunarWrittenDate {
  index: number;
  text: string;
  /** a stated lunar year */
  year?: number;
  /** 1-12; absent for a day alone (农历初八) */
  month?: number;
  /** 闰: the leap month after `month` */
  leap: boolean;
  day: number;
}

const LUNAR_WORD = '农历|阴历|旧历|夏历';
const MONTH = '正|冬|腊|十[一二]|[一二三四五六七八九十]|1[0-2]|0?[1-9]';
// Longer forms first: 二十三 before 二, 初十 before 十.
const DAY = '初[一二三四五六七八九十]|廿[一二三四五六七八九]|卅|[二三]十[一二三四五六七八九]?|十[一二三四五六七八九]?|[一二三四五六七八九]|[12]\\d|30|0?[1-9]';

const LUNAR_DATE = new RegExp(
  `(?:(\\d{4})年\\s*)?(?:(${LUNAR_WORD})\\s*(?:的\\s*)?)?(?:(\\d{4})年\\s*)?(?:(大年)|(闰)?(${MONTH})月)?\\s*(${DAY})(?![\\d])(?:日|号)?`,
  'g',
);

/** Text without any of these writes no lunar date; the pattern is not run over it. */
const LUNAR_HINT = new RegExp(`${LUNAR_WORD}|正月|冬月|腊月|闰|大年初|初[一二三四五六七八九十]|廿|卅`);

const MONTH_WORDS: Record<string, number> = { 正: 1, 冬: 11, 腊: 12 };

export function findLunarDate(normalized: string): LunarWrittenDate | null {
  if (!LUNAR_HINT.test(normalized)) return null;
  for (const m of normalized.matchAll(LUNAR_DATE)) {
    const [, yearBefore, lunarWord, yearAfter, daNian, leap, monthText, dayText] = m;
    const day = parseLunarDay(dayText);
    const month = daNian ? 1 : monthText === undefined ? undefined : (MONTH_WORDS[monthText] ?? parseNumeral(monthText));
    const year = yearBefore ?? yearAfter;
    if (day === null || month === null) continue;
    const lunarDay = /^[初廿卅]/.test(dayText);
    // 大年 is 正月 only before 初X: 大年三十 is New Year's Eve, the last day of the year before.
    if (daNian && !dayText.startsWith('初')) continue;
    if (month === undefined) {
      // A day alone: only right after 农历, and never with a year and no month.
      if (!lunarWord || year !== undefined) continue;
    } else if (!lunarWord && !leap && !daNian && !(monthText in MONTH_WORDS) && !lunarDay) {
      continue; // 十月十五: a Gregorian date, read by findDate
    }
    return {
      index: m.index,
      text: m[0].trim(),
      year: year === undefined ? undefined : Number(year),
      month,
      leap: leap !== undefined,
      day,
    };
  }
  return null;
}

/** 初八 = 8, 十五 = 15, 廿三 = 23, 卅 = 30, 二十三 = 23, 08 = 8. */
function parseLunarDay(text: string): number | null {
  if (text.startsWith('初')) return parseNumeral(text.slice(1));
  if (text.startsWith('廿')) {
    const units = parseNumeral(text.slice(1));
    return units === null ? null : 20 + units;
  }
  if (text === '卅') return 30;
  return parseNumeral(text);
}
