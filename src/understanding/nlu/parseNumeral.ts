// Numbers as customers write them in dates and times: Arabic digits or the Chinese
// numerals 零〇一…九十 and 两 (两点 = 2点). Covers 0–99, which is all a day, hour or
// minute needs.
const DIGITS: Record<string, number> = {
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

/** Regex source for one such number (at most two digits or three numerals: 二十三). */
export const NUMERAL = '(?:\\d{1,2}|[零〇一二两三四五六七八九十]{1,3})';

export function parseNumeral(text: string): number | null {
  if (/^\d+$/.test(text)) return Number(text);
  const ten = text.indexOf('十');
  if (ten === -1) {
    // 零五 = 5 (as in 两点零五); a run of numerals reads positionally.
    let value = 0;
    for (const ch of text) {
      if (DIGITS[ch] === undefined) return null;
      value = value * 10 + DIGITS[ch];
    }
    return text ? value : null;
  }
  // 十 = 10, 十五 = 15, 二十 = 20, 三十一 = 31.
  const tens = text.slice(0, ten);
  const units = text.slice(ten + 1);
  const tensValue = tens === '' ? 1 : DIGITS[tens];
  const unitsValue = units === '' ? 0 : DIGITS[units];
  if (tensValue === undefined || unitsValue === undefined || tens.length > 1 || units.length > 1) return null;
  return tensValue * 10 + unitsValue;
}
