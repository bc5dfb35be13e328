// The guard that keeps a model from inventing prices or promises: an answer may only
// state numbers, dates, model names and offer words that the store's own source texts
// state. It compares meanings, not spellings, so a faithful rewording passes:
//   - numbers: 8,000 = 8000 = ８０００ = 0.8万 = 8千 = 8k = 八千, and a number keeps its
//     unit (8,000 元 = CNY 8,000 = 8000块, but not 8,000 公里; 3 年 6 次 does not give 6 年);
//   - dates as whole dates: 2026-12-31 = 2026.12.31 = 12月31日 = 十二月三十一日 = Dec 31st,
//     and a month alone (一月底, "until January") must be the month of a source date;
//   - a percentage (3.99%, 百分之五十, 三成) only matches a percentage, X折 only X折;
//   - model names with digits (E6, X7) must appear in a source;
//   - offer and promise words (折, 免费, 立减, 保证, 内部价, % off, free, guarantee…)
//     must appear in a source, since a gift or discount needs no number to be invented;
//   - [id] citations must name entries the model was given.
// It is deliberately strict: a false alarm costs only the model's wording (the caller
// sends the retrieved answer instead), while a missed invention costs a real promise.
// Known strictness: a number the customer wrote is not a source; 下午6点 does not match
// 18:00; a count the source implies but does not write ("两个版本") is not grounded.
// Known gap: numbers are a set, not facts: a number (with its unit) that the sources
// use elsewhere passes (the E6's "2–4 周" may borrow the X5's "4 周"), and offer words
// are checked by presence, not by which model they apply to.
// A lone 一 or "one" is not read as a number (一下, 一起, "one of").
import { normalizeText } from '../understanding/nlu/normalizeText.js';
import { CHINESE_DIGITS, ENGLISH_NUMBER_WORD, parseChineseNumber, parseEnglishNumber } from '../understanding/nlu/parseNumeral.js';

interface GroundingResult {
  ok: boolean;
  /** Readable reasons, safe to log (they quote only numbers, names and offer words). */
  problems: string[];
}

/**
 * Checks `answer` against `sources` (the texts the model was given). With `citableIds`,
 * every [id] citation in the answer must be one of them.
 */
export function checkGrounding(answer: string, sources: string[], citableIds?: readonly string[]): GroundingResult {
  const problems: string[] = [];
  // List numbering ("1. …", "2) …") is layout, not a claim.
  const text = normalizeForCheck(stripCitations(answer).replace(/^[ \t]*\d{1,2}(?:\.[ \t]+|[)、）][ \t]*)/gm, ''));
  if (!text) problems.push('empty answer');

  const sourceTexts = sources.map(normalizeForCheck);
  const known = new Set<string>();
  for (const mention of sourceTexts.flatMap(extractMentions)) {
    for (const key of [...mention.readings.flat(), ...(mention.implies ?? [])]) known.add(key);
  }
  for (const mention of extractMentions(text)) {
    if (!mention.readings.some((reading) => reading.every((key) => known.has(key)))) {
      problems.push(`${KIND_NAME[mention.readings[0][0].split(':')[0]] ?? 'number'} not in sources: ${mention.raw}`);
    }
  }

  const joinedSources = sourceTexts.join('\n');
  for (const pattern of PROMISE_WORDS) {
    const found = text.match(pattern);
    if (found && !pattern.test(joinedSources)) problems.push(`promise not in sources: ${found[0]}`);
  }

  if (citableIds) {
    const allowed = new Set(citableIds.map((id) => id.toLowerCase()));
    for (const id of extractCitations(answer)) if (!allowed.has(id)) problems.push(`unknown citation: [${id}]`);
  }
  return { ok: problems.length === 0, problems };
}

/**
 * The shared normal form (simplified Chinese, half-width, lower case), except that the
 * Chinese comma stays a pause: NFKC would make "2+3+2，219,800" read as 2,219,800.
 */
function normalizeForCheck(text: string): string {
  return normalizeText(text.replace(/，/g, ', '));
}

const KIND_NAME: Record<string, string> = { code: 'name', date: 'date', month: 'month' };

// [price-e6], [price-e6, promotions-current], and the full-width 【price-e6】 that
// Chinese output tends to use.
const CITATION = /[[【]\s*([a-z0-9][\w.-]*(?:\s*[,，、;；]\s*[a-z0-9][\w.-]*)*)\s*[\]】]/gi;

/** The entry ids an answer cites, lower-cased, in order, each once. */
export function extractCitations(text: string): string[] {
  const ids = [...text.matchAll(CITATION)].flatMap((m) => m[1].split(/\s*[,，、;；]\s*/)).map((id) => id.toLowerCase());
  return [...new Set(ids)];
}

/** The answer as a customer should see it: citations removed, spacing tidied. */
export function stripCitations(text: string): string {
  return text
    .replace(CITATION, '')
    .replace(/[ \t]+([.,;:!?。，；：！？、)）])/g, '$1')
    .replace(/[ \t]{2,}/g, ' ')
    .replace(/[ \t]+$/gm, '')
    .trim();
}

// Matched against normalised text (lower case, simplified Chinese), each word on its own:
// a source's 直降 does not license 返现. The look-arounds skip everyday words that share
// a character or word: 折旧 (depreciation), 折叠 (folding), 费周折 (trouble), 接送 (shuttle),
// 送到 (deliver), 保证金 (deposit), "feel free", "hands-free", "turn off".
const PROMISE_WORDS: RegExp[] = [
  /(?<![转曲周挫骨])折(?![旧叠腾射线算合])/,
  /半价/,
  /免费/,
  /赠/,
  /白送/,
  /(?<![接护运输配发传递推欢])送(?![达到货修检往回去别])/,
  /保证(?!金)/,
  /担保/,
  /包您/,
  /包你/,
  /包退/,
  /包换/,
  /承诺/,
  /内部价/,
  /内部优惠/,
  /员工价/,
  /内购/,
  /底价/,
  /最低价/,
  /一口价/,
  /立减/,
  /直降/,
  /减免/,
  /返现/,
  /让利/,
  /降价/,
  /优惠/,
  /特价/,
  /促销/,
  /补贴/,
  /免息/,
  /无息/,
  /零利率/,
  /贴息/,
  /零首付/,
  /(?:\d|%|percent|yuan|cny|rmb|cash)\s*off\b|\boff the (?:list )?price\b/,
  /\bdiscount/,
  /(?<!feel |hands-|toll-)\bfree\b/,
  /\bcomplimentary\b/,
  /\bgifts?\b/,
  /\bbonus/,
  /\bguarantee/,
  /\bpromise/,
  /\brebate/,
  /\bcash ?back\b/,
  /\bwaive/,
  /\b(?:lowest|best|special|insider|internal|employee) price/,
  /\bprice match/,
  /\bsubsid(?:y|ies|i[sz]e)/,
  /\binterest[- ]free\b/,
  /\bno interest\b/,
  /\bzero interest\b/,
  /\bzero down\b/,
  /\bno down payment\b/,
  /\bhalf[- ](?:price|off)\b/,
];

interface Mention {
  raw: string;
  /** Alternative readings ("12.31" is 12.31 or 31 December); a mention is grounded when every key of one reading is known. */
  readings: string[][];
  /** Keys a source mention also grounds: a date's month and day, a percentage's bare number. */
  implies?: string[];
}

type Reading = Omit<Mention, 'raw'>;

const numKey = (kind: 'num' | 'pct' | 'zhe', value: number) => `${kind}:${Math.round(value * 1e6) / 1e6}`;

/** A source's "3.99%" or "8.8折" also grounds a bare 3.99 or 8.8 in the answer. */
const rate = (kind: 'pct' | 'zhe', value: number): Reading => ({ readings: [[numKey(kind, value)]], implies: [numKey('num', value)] });

/** A date is matched as a whole (12-31), so the parts of two source dates cannot make a third. */
function date(year: string | undefined, month: number, day: number): Reading | undefined {
  if (!(month >= 1 && month <= 12 && day >= 1 && day <= 31)) return undefined;
  const yearKeys = year ? [numKey('num', readNumberValue(year))] : [];
  return {
    readings: [[`date:${month}-${day}`, ...yearKeys]],
    implies: [`month:${month}`, numKey('num', month), numKey('num', day), ...yearKeys.map((k) => `${k}@year`)],
  };
}

/** A month without a day ("until January", 一月底) must be a month of a source date. */
function month(value: number): Reading | undefined {
  return value >= 1 && value <= 12 ? { readings: [[`month:${value}`]], implies: [numKey('num', value)] } : undefined;
}

/**
 * A number with its unit must match the same number with the same unit ("3 年 6 次" does
 * not ground "6 年"); one without a unit matches any occurrence of the number. The unit
 * is the word after the number, or after the range it ends (3–7 天), or a currency before
 * it (CNY 8,000).
 */
function quantity(value: number, before: string, after: string): Reading {
  const bare = numKey('num', value);
  const unit = unitAt(after) ?? unitAt(after.match(RANGE_TAIL)?.[1] ?? '') ?? (CURRENCY_BEFORE.test(before) ? 'money' : undefined);
  return unit ? { readings: [[`${bare}@${unit}`]], implies: [bare] } : { readings: [[bare]] };
}

function unitAt(text: string): string | undefined {
  const head = text.replace(/^[\s-]+/, '');
  return UNITS.find(([pattern]) => pattern.test(head))?.[1];
}

const UNITS: [RegExp, string][] = [
  [/^(?:元|块|yuan\b|rmb\b|cny\b)/, 'money'],
  [/^(?:个月|months?\b)/, 'month'],
  [/^(?:年|years?\b|yrs?\b)/, 'year'],
  [/^(?:周|个星期|weeks?\b)/, 'week'],
  [/^(?:天|days?\b)/, 'day'],
  [/^(?:个小时|小时|hours?\b|hrs?\b|h\b)/, 'hour'],
  [/^(?:分钟|minutes?\b|mins?\b)/, 'minute'],
  [/^(?:公里|千米|km\b|kilomet(?:er|re)s?\b)/, 'km'],
  [/^(?:次|times\b)/, 'times'],
  [/^(?:座|seats?\b|seater\b)/, 'seat'],
];
const CURRENCY_BEFORE = /(?:¥|cny|rmb)\s*$/;

const RANGE = '[–—~\\-至到]';
const RANGE_TAIL = new RegExp(`^\\s*${RANGE}\\s*(?:\\d[\\d,.]*|[零〇一二两三四五六七八九十百千]+)(.*)$`, 's');
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH_WORD = '(?:january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)';
const monthNumber = (word: string) => MONTHS.indexOf(word.slice(0, 3)) + 1;
// 0.8万 = 8000; k and w (for 万) are how people type prices in chat: 8k, 1.5w.
const MULTIPLIER: Record<string, number> = { 万: 1e4, 亿: 1e8, 千: 1e3, 百: 1e2, k: 1e3, w: 1e4 };
// After a lone Chinese numeral these make it a quantity (三年, 五次, 两个); 一 and 零 need a
// stronger unit because 一个/一次/一点/一辆/一块 are mostly just "a" (or "together").
const CN_UNIT_AFTER_ONE = /^(?:个月|小时|分钟|公里|[年月日号天周元万千百倍期岁])/;
const CN_UNIT = /^(?:个月|小时|分钟|公里|[年月日号天周元块万千百倍期岁辆台点个次位项款种座人家])/;

/**
 * Every numeric claim in a normalised text. Passes run from the most specific form to
 * the least, each blanking what it read so that later passes do not read it again.
 */
function extractMentions(text: string): Mention[] {
  let rest = text;
  const mentions: Mention[] = [];
  const take = (pattern: RegExp, read: (m: RegExpMatchArray, after: string, before: string) => Reading | undefined) => {
    for (const m of rest.matchAll(pattern)) {
      const start = m.index ?? 0;
      const end = start + m[0].length;
      const reading = read(m, rest.slice(end), rest.slice(0, start));
      if (!reading) continue;
      mentions.push({ raw: m[0].trim(), ...reading });
      rest = rest.slice(0, start) + '#'.repeat(m[0].length) + rest.slice(end);
    }
  };
  const single = (key: string): Reading => ({ readings: [[key]] });

  // Model names: E6, X7 (letters then digits), compared as written.
  take(/(?<![a-z\d])[a-z]+\d+[a-z\d]*(?![a-z\d])/g, (m) => single(`code:${m[0]}`));
  // Percentages: 3.99%, 50 percent, 百分之五十; and 三成 (30%).
  take(/(\d+(?:,\d{3})*(?:\.\d+)?)\s*(?:%|percent\b|per cent\b)/g, (m) => rate('pct', parseArabic(m[1])));
  take(new RegExp(`百分之(\\d+(?:\\.\\d+)?|[${CHINESE_DIGITS}十百点]+)`, 'g'), (m) => readNumber(m[1], (v) => rate('pct', v)));
  take(/([1-9]|[一二两三四五六七八九])\s*成(?![交为功本员立])/g, (m) => readNumber(m[1], (v) => rate('pct', v * 10)));
  // Discount rates: 8.8折, 八八折, 五折 (X折 pays X tenths; 88折 is 8.8折).
  take(new RegExp(`(\\d+(?:\\.\\d+)?|[${CHINESE_DIGITS}十点]+)\\s*折`, 'g'), (m) =>
    readNumber(m[1], (v) => rate('zhe', v >= 10 && !/[.点]/.test(m[1]) ? v / 10 : v)),
  );
  // Dates: 2026-12-31, 2026/12/31, 2026.12.31, 2026年12月31日 (and 2026.12); 12月31日;
  // 十二月三十一日; Dec 31(st)(, 2026); 31(st) Dec(ember) (2026); 12/31 (slashes are month/day).
  take(/(?<![\d.])((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})(?:\s*[-/.月]\s*(\d{1,2})\s*[日号]?)?(?![\d.])/g, (m) => {
    if (m[3] !== undefined) return date(m[1], Number(m[2]), Number(m[3]));
    const yearMonth = month(Number(m[2])); // 2026.12, 2026-12, 2026年12月 (月 is read below)
    const year = numKey('num', Number(m[1]));
    return yearMonth && { readings: [[...yearMonth.readings[0], year]], implies: [...(yearMonth.implies ?? []), `${year}@year`] };
  });
  take(/(?<![\d.])(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]/g, (m) => date(undefined, Number(m[1]), Number(m[2])));
  take(new RegExp(`(?:([${CHINESE_DIGITS}]{4})\\s*年\\s*)?([一二三四五六七八九十]{1,2})\\s*月\\s*([一二三四五六七八九十]{1,3})\\s*[日号]`, 'g'), (m) =>
    date(m[1], readNumberValue(m[2]), readNumberValue(m[3])),
  );
  take(new RegExp(`\\b(${MONTH_WORD})\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?\\b(?:,?\\s+(\\d{4})\\b)?`, 'g'), (m) => date(m[3], monthNumber(m[1]), Number(m[2])));
  take(new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?(${MONTH_WORD})\\b\\.?(?:,?\\s+(\\d{4})\\b)?`, 'g'), (m) =>
    date(m[3], monthNumber(m[2]), Number(m[1])),
  );
  take(/(?<![\d/.])(\d{1,2})\/(\d{1,2})(?![\d/])/g, (m) => date(undefined, Number(m[1]), Number(m[2])));
  // 11.15–12.31 (a range, as the store writes offers) is two dates, or two decimals.
  take(new RegExp(`(?<=${RANGE}\\s*)(\\d{1,2})\\.(\\d{1,2})(?![\\d.])|(?<![\\d.])(\\d{1,2})\\.(\\d{1,2})(?=\\s*${RANGE})`, 'g'), (m) => {
    const asDate = date(undefined, Number(m[1] ?? m[3]), Number(m[2] ?? m[4]));
    const decimal = [numKey('num', parseArabic(m[0]))];
    return asDate ? { readings: [decimal, ...asDate.readings], implies: asDate.implies } : { readings: [decimal] };
  });
  // Months without a day: "until January" ("may" only next to a number), 一月底, 12月前.
  take(new RegExp(`\\b(?!may\\b)${MONTH_WORD}\\b|\\bmay\\b(?=\\s*\\d)|(?<=\\d\\s*)\\bmay\\b`, 'g'), (m) => month(monthNumber(m[0])));
  take(/(?<![\d.])(\d{1,2}|[一二三四五六七八九十]{1,2})\s*月/g, (m) => month(readNumberValue(m[1])));
  // Arabic numbers with thousands separators and multipliers: 8,000, 0.8万, 8千, 8k, 1.5w.
  take(/(?<![\d.])(\d+(?:,\d{3}(?!\d))*(?:\.\d+)?)(?:\s?([万亿])|([千百kw])(?![a-z]))?/g, (m, after, before) =>
    quantity(parseArabic(m[1]) * (MULTIPLIER[m[2] ?? m[3] ?? ''] ?? 1), before, after),
  );
  // Chinese numerals: 八千, 两万, 两万八, 三十一, 二〇二六, 八点八. One that reads as no
  // number (七八千 and 三四十万 are guesses at a range) is still a claim: grounded only by a
  // source that writes it the same way.
  take(new RegExp(`[${CHINESE_DIGITS}十][${CHINESE_DIGITS}十百千万亿]*(?:点[${CHINESE_DIGITS}]+(?![十百千万亿]))?`, 'g'), (m, after, before) => {
    if (m[0].length === 1 && !(/[一零〇]/.test(m[0]) ? CN_UNIT_AFTER_ONE : CN_UNIT).test(after)) return undefined;
    return readNumber(m[0], (v) => quantity(v, before, after)) ?? single(`num:${m[0]}`);
  });
  // English number words: "eight thousand", "twenty-five", "fifty percent".
  take(
    new RegExp(`\\b${ENGLISH_NUMBER_WORD}(?:(?:\\s+and\\s+|[\\s-]+)${ENGLISH_NUMBER_WORD})*\\b(\\s*(?:%|percent\\b|per cent\\b))?`, 'g'),
    (m, after, before) => {
      const words = m[0].replace(/%|per ?cent/g, '').trim();
      if (words === 'one') return undefined;
      return m[1] ? rate('pct', parseEnglishNumber(words)) : quantity(parseEnglishNumber(words), before, after);
    },
  );
  return mentions;
}

function readNumber(raw: string, toReading: (value: number) => Reading): Reading | undefined {
  const value = readNumberValue(raw);
  return Number.isFinite(value) ? toReading(value) : undefined;
}

function readNumberValue(raw: string): number {
  return /\d/.test(raw) ? parseArabic(raw) : (parseChineseNumber(raw) ?? Number.NaN);
}

function parseArabic(raw: string): number {
  return Number(raw.replace(/,/g, ''));
}
