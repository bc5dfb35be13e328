// The clock time a message asks for, by the "Times" rules of conventions.md. Works on
// normalized text (simplified, half-width, lower case). chrono-node is not used here: it
// reads a bare 两点 as 02:00 and knows neither 一刻/三刻 nor "quarter to", while the
// convention wants bare hours 1–7 to mean the afternoon.
import { ENGLISH_VALUE, NUMERAL, parseNumeral } from './parseNumeral.js';

export type DayPeriod = 'morning' | 'noon' | 'afternoon' | 'evening';

interface FoundTime {
  /** HH:MM, or null when the message states no hour */
  time: string | null;
  /** a period word with no hour ("明天下午", "Saturday morning") */
  periodOnly?: DayPeriod;
}

interface ClockMatch {
  index: number;
  end: number;
  hour: number;
  minute: number;
  /** an am/pm written on the number itself */
  suffixPeriod?: DayPeriod;
}

interface PeriodMatch {
  index: number;
  end: number;
  period: DayPeriod;
  /** single-character words (早, 晚) count only right before an hour: 早9点, not 早一点 */
  onlyBeforeHour: boolean;
}

const PERIOD_WORDS: { word: string; period: DayPeriod; onlyBeforeHour?: true }[] = [
  { word: '上午', period: 'morning' },
  { word: '早上', period: 'morning' },
  { word: '早晨', period: 'morning' },
  { word: '清早', period: 'morning' },
  { word: '一早', period: 'morning' },
  { word: '凌晨', period: 'morning' },
  { word: '明早', period: 'morning' },
  { word: '今早', period: 'morning' },
  // 晨 (dawn) words: without them 今晨5点 fell to the bare-hour default and read 17:00.
  { word: '清晨', period: 'morning' },
  { word: '今晨', period: 'morning' },
  { word: '明晨', period: 'morning' },
  { word: '早', period: 'morning', onlyBeforeHour: true },
  { word: '晨', period: 'morning', onlyBeforeHour: true },
  { word: 'morning', period: 'morning' },
  { word: '中午', period: 'noon' },
  { word: '午间', period: 'noon' },
  { word: 'noon', period: 'noon' },
  { word: 'midday', period: 'noon' },
  { word: '下午', period: 'afternoon' },
  { word: '午后', period: 'afternoon' },
  { word: 'afternoon', period: 'afternoon' },
  { word: '傍晚', period: 'evening' },
  { word: '晚上', period: 'evening' },
  { word: '夜里', period: 'evening' },
  { word: '今晚', period: 'evening' },
  { word: '明晚', period: 'evening' },
  { word: '晚', period: 'evening', onlyBeforeHour: true },
  { word: 'evening', period: 'evening' },
  { word: 'tonight', period: 'evening' },
  { word: 'night', period: 'evening' },
];

/** Greetings that contain period words but say nothing about the time wanted. */
const GREETINGS = /早上好|上午好|中午好|下午好|晚上好|早安|晚安|good (?:morning|afternoon|evening|night)/g;

/** The English words for the hours of a clock (one … twelve), from the numeral module's table. */
const EN_NUMBERS: Record<string, number> = Object.fromEntries(Object.entries(ENGLISH_VALUE).filter(([, n]) => n >= 1 && n <= 12));
/** Spoken minutes after an English hour: "two thirty", "ten fifteen", "three forty-five". */
const EN_MINUTES: [pattern: string, minute: number][] = [
  ['thirty', 30],
  ['fifteen', 15],
  ['forty[- ]?five', 45],
];
const EN_DAY_NAMES = 'mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun|monday|tuesday|wednesday|thursday|friday|saturday|sunday';
const EN_HOUR = `(\\d{1,2}|${Object.keys(EN_NUMBERS).join('|')})`;
const AM_PM = '(a\\.?m\\.?|p\\.?m\\.?)';

/** An hour number, not the weekday digit in 礼拜三两点 / 周3两点 (Wednesday at two). */
const ZH_HOUR = '(?<![\\d.周期拜])\\d{1,2}|(?<![周期拜])[零〇一二两三四五六七八九十]{1,3}';

/** 一点 after these is "a little" (便宜一点, 早一点, 提前一点), not one o'clock. Tested on
 * the one character before it: testing all the text before each 一点 was quadratic. */
const A_LITTLE_BEFORE = /^[便宜快早晚多少大小高低好近远慢长短贵轻重有差再稍第前后]$/;

/** Minutes written after 点: 半 = :30, 一刻 = :15, 三刻 = :45, 整 = :00, or a number (分). */
const ZH_MINUTES: Record<string, number> = { 半: 30, 一刻: 15, '1刻': 15, 三刻: 45, '3刻': 45, 整: 0 };
// A numeral right after 点 is minutes only when it cannot be a word of its own: digits,
// 十/二十五 forms, 零五, or anything with 分 (两点一起来 is "come together at two").
const ZH_MINUTE_NUMBER = '\\d{1,2}(?!\\d)分?|[零〇][一二三四五六七八九]分?|[一二三四五]?十[一二三四五六七八九]?分?|[一二三四五六七八九]分';

/** English numbers followed by these count things, not hours ("about two weeks"). */
const NOT_AN_HOUR_AFTER = '(?!\\s*(?:weeks?|days?|hours?|hrs?|minutes?|mins?|months?|years?|people|persons?|kids?|children|cars?|seats?|km|%))';

const MAX_GAP_BEFORE = 8;
const MAX_GAP_AFTER = 14;
const SENTENCE_BREAK = /[。!！?？;；\n]/;

export function findTime(normalized: string): FoundTime {
  const text = normalized.replace(GREETINGS, (g) => ' '.repeat(g.length));
  const periods = findPeriods(text);
  const clock = findClocks(text).sort((a, b) => a.index - b.index || b.end - a.end)[0];
  if (clock) {
    const period = clock.suffixPeriod ?? periodAround(clock, periods, text);
    const hour = applyPeriod(clock.hour, period);
    return { time: `${pad(hour)}:${pad(clock.minute)}` };
  }
  const standalone = periods.filter((p) => !p.onlyBeforeHour);
  // 中午 / noon alone is itself a time; the other periods need an hour.
  if (standalone.some((p) => p.period === 'noon')) return { time: '12:00' };
  return standalone.length ? { time: null, periodOnly: standalone[0].period } : { time: null };
}

function findClocks(text: string): ClockMatch[] {
  const found: ClockMatch[] = [];
  const add = (index: number, end: number, hour: number | null, minute: number | null, amPm?: string) => {
    if (hour === null || minute === null || hour > 23 || minute > 59) return;
    found.push({ index, end, hour, minute, suffixPeriod: amPm ? suffixPeriod(amPm) : undefined });
  };

  // 2点, 两点半, 十一点一刻, 十点过一刻, 14点30, 3点10分, 14时; a range "2-4点" keeps its start.
  const zh = new RegExp(`(${ZH_HOUR})(?:\\s*(?:-|~|到|至)\\s*${NUMERAL})?\\s*(?:点钟?|时(?![间候]))(?:过?(半|[一1]刻|[三3]刻|整|${ZH_MINUTE_NUMBER}))?`, 'g');
  for (const m of text.matchAll(zh)) {
    if ((m[1] === '一' || m[1] === '1') && A_LITTLE_BEFORE.test(text.charAt(m.index - 1))) continue;
    add(m.index, m.index + m[0].length, parseNumeral(m[1]), minutesAfterDian(m[2]));
  }

  // 14:30, 2:30pm
  for (const m of text.matchAll(new RegExp(`(?<![\\d:])(\\d{1,2}):(\\d{2})(?![\\d:])(?:\\s*${AM_PM})?`, 'g'))) {
    add(m.index, m.index + m[0].length, Number(m[1]), Number(m[2]), m[3]);
  }

  // 3pm, at 10, around three, 4 o'clock, 3 in the afternoon: a bare English number is a
  // time only with "at"/"around"/"about" before it or am/pm/o'clock/a period after it.
  const en = new RegExp(
    `(\\bat|\\baround|\\babout|\\bby|\\bmake it|@)?\\s*\\b${EN_HOUR}(?:\\s*${AM_PM}|\\s*(o'?clock|-?ish\\b))?(?![\\w:/])${NOT_AN_HOUR_AFTER}` +
      '(?:(?=(\\s+(?:in the (?:morning|afternoon|evening)|tonight|this (?:morning|afternoon|evening))))|)',
    'g',
  );
  for (const m of text.matchAll(en)) {
    const hasMarker = m[1] !== undefined || m[3] !== undefined || m[4] !== undefined || m[5] !== undefined;
    if (!hasMarker) continue;
    add(m.index, m.index + m[0].length, englishHour(m[2]), 0, m[3]);
  }

  // two thirty, 2 fifteen, at 10.30, 10.30am: hour and minutes as words or with a dot. The
  // dot form needs "at"/am/pm so that 1.5T or a 12.20 date is not read as a time.
  const spoken = new RegExp(
    `\\b(at|around|about|by)?\\s*\\b${EN_HOUR}(?:\\s+|-)(${EN_MINUTES.map(([pattern]) => pattern).join('|')})\\b(?:\\s*${AM_PM})?` +
      `|\\b(at|around|about|by)?\\s*(?<![\\d.])(\\d{1,2})\\.(\\d{2})(?![\\d.])(?:\\s*${AM_PM})?`,
    'g',
  );
  for (const m of text.matchAll(spoken)) {
    if (m[2] !== undefined) {
      if (m[1] === undefined && m[4] === undefined && !(m[2] in EN_NUMBERS)) continue;
      add(m.index, m.index + m[0].length, englishHour(m[2]), EN_MINUTES.find(([pattern]) => new RegExp(`^(?:${pattern})$`).test(m[3]))![1], m[4]);
    } else if (m[5] !== undefined || m[8] !== undefined) {
      add(m.index, m.index + m[0].length, Number(m[6]), Number(m[7]), m[8]);
    }
  }

  // "is 9 tomorrow ok?", "would 11 on Monday work?": digits offered right before a day
  const offered = new RegExp(
    `\\b(?:is|would|will|does|maybe|say|how about|what about|can we do|could we do)\\s+(\\d{1,2})(?=\\s+(?:tomorrow|tmrw?|today|tonight|on (?:${EN_DAY_NAMES})|(?:this |next )?(?:${EN_DAY_NAMES}))\\b)`,
    'g',
  );
  for (const m of text.matchAll(offered)) {
    const start = m.index + m[0].length - m[1].length;
    add(start, start + m[1].length, Number(m[1]), 0);
  }

  // British "half three" = 3:30 (not "half an hour")
  for (const m of text.matchAll(new RegExp(`\\bhalf\\s+${EN_HOUR}\\b(?!\\s*(?:hours?|days?|weeks?))(?:\\s*${AM_PM})?`, 'g'))) {
    add(m.index, m.index + m[0].length, englishHour(m[1]), 30, m[2]);
  }

  // half past 2, quarter past 3, quarter to 4 (= 3:45)
  const past = new RegExp(`\\b(half|quarter)\\s+(past|after|to|before)\\s+${EN_HOUR}\\b(?:\\s*${AM_PM})?`, 'g');
  for (const m of text.matchAll(past)) {
    const hour = englishHour(m[3]);
    if (hour === null) continue;
    const toward = m[2] === 'to' || m[2] === 'before';
    const minute = m[1] === 'half' ? 30 : toward ? 45 : 15;
    add(m.index, m.index + m[0].length, toward ? (hour + 11) % 12 || 12 : hour, minute, m[4]);
  }
  return found;
}

function minutesAfterDian(word: string | undefined): number | null {
  if (word === undefined) return 0;
  return ZH_MINUTES[word] ?? parseNumeral(word.replace(/分$/, ''));
}

function englishHour(word: string): number | null {
  return EN_NUMBERS[word] ?? (/^\d+$/.test(word) ? Number(word) : null);
}

/** am keeps the hour like 上午, pm adds 12 like 下午. */
function suffixPeriod(amPm: string): DayPeriod {
  return amPm.startsWith('a') ? 'morning' : 'afternoon';
}

function findPeriods(text: string): PeriodMatch[] {
  const words = [...PERIOD_WORDS].sort((a, b) => b.word.length - a.word.length);
  const source = words.map(({ word }) => (/^[a-z]/.test(word) ? `\\b${word}\\b` : word)).join('|');
  return [...text.matchAll(new RegExp(source, 'g'))].map((m) => {
    const entry = words.find((w) => w.word === m[0])!;
    return { index: m.index, end: m.index + m[0].length, period: entry.period, onlyBeforeHour: entry.onlyBeforeHour ?? false };
  });
}

/** The period word that qualifies this hour: the nearest one just before it (下午3点,
 * "Saturday morning at 10"), else one just after it ("3 in the afternoon"). */
function periodAround(clock: ClockMatch, periods: PeriodMatch[], text: string): DayPeriod | undefined {
  const before = periodBefore(clock, periods, text);
  if (before) return before.period;
  const after = periods.find((p) => {
    if (p.onlyBeforeHour || p.index < clock.end) return false;
    const gap = text.slice(clock.end, p.index);
    return gap.length <= MAX_GAP_AFTER && !SENTENCE_BREAK.test(gap);
  });
  return after?.period;
}

/** The last period word before the hour that may qualify it. Walks back from the hour and
 * stops at the first gap too long to qualify: every earlier gap holds it and more, so
 * texts of thousands of period words cost no more than a few. */
function periodBefore(clock: ClockMatch, periods: PeriodMatch[], text: string): PeriodMatch | undefined {
  for (let i = periods.length - 1; i >= 0; i--) {
    const p = periods[i];
    if (p.end > clock.index) continue;
    const gap = text.slice(p.end, clock.index);
    const blank = gap.trim() === '';
    if (p.onlyBeforeHour ? blank : gap.length <= MAX_GAP_BEFORE && !SENTENCE_BREAK.test(gap)) return p;
    if (gap.length > MAX_GAP_BEFORE && !blank) return undefined;
  }
  return undefined;
}

function applyPeriod(hour: number, period: DayPeriod | undefined): number {
  switch (period) {
    case 'morning':
      return hour; // 上午10点 = 10:00: the hour as said
    case 'noon':
      return hour >= 1 && hour <= 5 ? hour + 12 : hour; // 中午1点 = 13:00, 中午12点 = 12:00
    case 'afternoon':
    case 'evening':
      return hour >= 1 && hour <= 11 ? hour + 12 : hour; // 下午3点 = 15:00; 12 stays 12
    default:
      return hour >= 1 && hour <= 7 ? hour + 12 : hour; // bare 2点 = 14:00, 8点 = 08:00
  }
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
