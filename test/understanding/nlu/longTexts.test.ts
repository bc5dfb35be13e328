// Long and adversarial texts: understanding gives the same, defined answer it gave before
// it was made linear, and the shortcuts that made it linear agree with the full readings.
// Timings are not asserted here (npm run bench -- nlu-long); understandReadings.test.ts
// counts the work instead.
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CalendarDate } from '../../../src/understanding/nlu/CalendarDate.js';
import { findFirstMonthNameDate, parseMonthNameDates } from '../../../src/understanding/nlu/findFirstMonthNameDate.js';
import { normalizeText } from '../../../src/understanding/nlu/normalizeText.js';
import { DATE_TIME_CHARACTERS, resolveDateTime } from '../../../src/understanding/nlu/resolveDateTime.js';
import { understand } from '../../../src/understanding/nlu/understand.js';
import { loadStoreData } from '../../../src/storeData/loadStoreData.js';
import { adversarialTexts, fillTo, LONG_TEXT_LENGTH } from './adversarialTexts.js';

const TZ = 'Asia/Shanghai';
const THURSDAY = new Date('2026-12-03T10:15:00+08:00');
const { catalog } = loadStoreData('data/demo-dealership');
const read = (text: string) => understand(text, { now: THURSDAY, timeZone: TZ, models: catalog.models });

/** What each adversarial text means (the answers understanding gave before it was made linear). */
const EXPECTED: Record<string, { intent: string; model?: string | null; date: string | null; time: string | null; invalidPhone?: string }> = {
  '改 after a slot': { intent: 'reschedule', date: '2026-12-05', time: '15:00' },
  '改到… repeated': { intent: 'reschedule', date: '2026-12-05', time: '15:00' },
  '改1 repeated': { intent: 'reschedule', date: '2026-12-05', time: '15:00' },
  '"to" repeated': { intent: 'reschedule', date: '2026-12-05', time: '15:00' },
  '"instead of" repeated': { intent: 'reschedule', date: '2026-12-05', time: '15:00' },
  'month names': { intent: 'book_test_drive', date: '2026-12-05', time: null },
  'dates and times': { intent: 'book_test_drive', date: '2026-12-05', time: '15:00' },
  digits: { intent: 'other', date: null, time: null },
  'phone-like numbers': { intent: 'other', date: null, time: null },
  'short number runs': { intent: 'other', date: null, time: null, invalidPhone: '1234567' },
  'mobile-like numbers': { intent: 'other', date: null, time: null, invalidPhone: '14012345678' },
  '一点 repeated': { intent: 'book_test_drive', date: null, time: '13:00' },
  'period words, then an hour': { intent: 'book_test_drive', date: null, time: '03:00' },
  'model names': { intent: 'other', model: 'e6', date: null, time: null },
  'one letter': { intent: 'other', date: null, time: null },
  'one Han character': { intent: 'book_test_drive', date: null, time: null },
  'Han chatter': { intent: 'faq', date: null, time: null },
  'mixed scripts and emoji': { intent: 'book_test_drive', model: 'e6', date: '2026-12-04', time: '15:00' },
  'whitespace runs': { intent: 'other', date: null, time: null },
  'random Unicode': { intent: 'book_test_drive', date: '2026-12-28', time: null },
};

describe(`understanding ${LONG_TEXT_LENGTH}-character adversarial texts`, () => {
  it('builds every text at exactly the length', () => {
    const texts = adversarialTexts();
    expect(texts.map((t) => t.name).sort()).toEqual(Object.keys(EXPECTED).sort());
    for (const { text } of texts) expect(text.length).toBe(LONG_TEXT_LENGTH);
  });

  it.each(adversarialTexts().map((t) => [t.name, t.text]))('%s', (name, text) => {
    const u = read(text);
    expect(u).toMatchObject(EXPECTED[name]);
    expect(u.name).toBeNull();
  });

  it('reports the phone-like run as an invalid number, as written', () => {
    expect(read(fillTo(LONG_TEXT_LENGTH, '1')).invalidPhone).toBe('1'.repeat(LONG_TEXT_LENGTH));
  });
});

describe('a reschedule with many markers', () => {
  it('skips markers with nothing after them that could name a day or time, however many', () => {
    const text = `把周四的试驾改到周六下午3点${'，改！'.repeat(1000)}`;
    expect(read(text)).toMatchObject({ intent: 'reschedule', date: '2026-12-05', time: '15:00' });
  });

  it('finds the new slot after one of its last eight markers that say something', () => {
    const text = `周四改到周六下午3点${'改1'.repeat(7)}`;
    expect(read(text)).toMatchObject({ intent: 'reschedule', date: '2026-12-05', time: '15:00' });
  });

  it('past eight of them, reads the message as one without markers', () => {
    // The whole text's first day is 周四: a defined answer for a text no customer writes.
    const text = `周四改到周六下午3点${'改1'.repeat(20)}`;
    expect(read(text)).toMatchObject({ intent: 'reschedule', date: '2026-12-03', time: '15:00' });
    // …and the booking named by its old day is still set aside, as without markers.
    expect(read(`把周四的试驾改到周六下午3点${'改1'.repeat(20)}`)).toMatchObject({ date: '2026-12-05', time: '15:00' });
  });
});

describe('a phone number among many number runs', () => {
  it('is found among the first sixteen runs that look like mobiles, and runs that cannot be one are not counted', () => {
    const noise = `${'1234567，'.repeat(200)}${'14012345678，'.repeat(15)}`;
    expect(read(`${noise}我的电话13812345678`)).toMatchObject({ phone: '13812345678' });
  });

  it('past sixteen of them, is not looked for: the first run is reported as written', () => {
    const noise = '14012345678，'.repeat(16);
    expect(read(`${noise}我的电话13812345678`)).toMatchObject({ phone: null, invalidPhone: '14012345678' });
  });
});

describe('DATE_TIME_CHARACTERS', () => {
  const hasDateTimeCharacter = (text: string) => new RegExp(DATE_TIME_CHARACTERS.source).test(normalizeText(text));
  const states = (text: string) => {
    const r = resolveDateTime(text, THURSDAY, TZ);
    return Boolean(r.date || r.dateProblem || r.time || r.periodOnly);
  };

  it('are in every day, time, period and holiday word the parser reads', () => {
    const words = [
      '春节',
      '过年',
      '除夕',
      '大年初一',
      '国庆',
      '十一长假',
      '十一假期',
      '圣诞',
      '平安夜',
      '中秋',
      '端午',
      '清明',
      '五一',
      '劳动节',
      '元宵',
      '七夕',
      '情人节',
      '元旦',
      '周末',
      '礼拜末',
      '星期末',
      '上午',
      '早上',
      '早晨',
      '清早',
      '一早',
      '凌晨',
      '明早',
      '今早',
      '中午',
      '午间',
      '下午',
      '午后',
      '傍晚',
      '晚上',
      '夜里',
      '今晚',
      '明晚',
      '大后天',
      '大后儿',
      '后天',
      '后儿',
      '明天',
      '明日',
      '明儿',
      '今天',
      '今日',
      '今儿',
      '两天后',
      '周日',
      '星期天',
      '礼拜三',
      '下下个周一',
      '12月5号',
      '元月3日',
      '5号',
      '3点',
      '两点半',
      '今晨',
      '明晨',
      '29/12',
      '29.12号',
      '农历初八',
      '农历卅',
      '正月十五',
      '腊月廿三',
      '冬月初五',
      '闰六月初八',
      '大年初八',
    ];
    for (const word of words) {
      expect(states(word), word).toBe(true);
      expect(hasDateTimeCharacter(word), word).toBe(true);
    }
  });

  it('are in every part of the dev and paraphrase texts that states a day or time', () => {
    const texts = ['data/demo-dealership/booking-dev.jsonl', 'test/eval/booking-paraphrases.jsonl'].flatMap((file) =>
      fs
        .readFileSync(file, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => (JSON.parse(line) as { text: string }).text),
    );
    expect(texts.length).toBeGreaterThan(250);
    for (const text of texts) {
      const normalized = normalizeText(text);
      for (let i = 0; i < normalized.length; i++) {
        for (const part of [normalized.slice(i), normalized.slice(0, i + 1)]) {
          if (states(part)) expect(hasDateTimeCharacter(part), `${part} (in ${text})`).toBe(true);
        }
      }
    }
  });
});

describe('findFirstMonthNameDate', () => {
  const today = CalendarDate.of(2026, 12, 3)!;
  const pieces = [
    'dec 5',
    '5 dec',
    'december 31st',
    'the 3rd of january',
    'jan 2nd, 2027',
    'may',
    'sept 50',
    '32 oct',
    'on 4 to 6 nov',
    'feb 30',
    ' ',
    ' and ',
    '改到',
    'mon',
    '12',
    'x',
  ];

  /** Deterministic texts of month-name pieces, some far past the first reading window. */
  function* texts(): Generator<string> {
    let state = 20261203;
    const random = () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (let i = 0; i < 300; i++) {
      const length = 20 + Math.floor(random() * 3000);
      let text = '';
      while (text.length < length) text += random() < 0.8 ? 'x ' : pieces[Math.floor(random() * pieces.length)] + ' ';
      yield normalizeText(text);
    }
  }

  it('agrees with chrono reading the whole text', () => {
    for (const text of texts()) {
      expect(findFirstMonthNameDate(text, today), text).toEqual(parseMonthNameDates(text, today)[0] ?? null);
    }
  });

  it('finds a date after a long run without one, and none in a text without month words', () => {
    const late = `${'may '.repeat(900)}dec 5`;
    expect(findFirstMonthNameDate(late, today)).toMatchObject({ month: 12, day: 5, index: late.length - 5 });
    expect(findFirstMonthNameDate('明天下午3点 at 5', today)).toBeNull();
  });
});
