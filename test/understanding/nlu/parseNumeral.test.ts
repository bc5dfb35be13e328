import { describe, expect, it } from 'vitest';
import {
  CHINESE_DIGITS,
  ENGLISH_NUMBER_WORD,
  NUMERAL,
  parseChineseNumber,
  parseEnglishNumber,
  parseNumeral,
  SPOKEN_NUMERAL,
} from '../../../src/understanding/nlu/parseNumeral.js';

describe('parseChineseNumber', () => {
  it.each([
    ['零', 0],
    ['〇', 0],
    ['两', 2],
    ['十', 10],
    ['十五', 15],
    ['二十', 20],
    ['三十一', 31],
    ['一百', 100],
    ['一百零五', 105],
    ['一百一十', 110],
    ['两千零二十六', 2026],
    ['一千零十', 1010],
    ['八千', 8000],
    ['两万', 20000],
    ['十万', 100000],
    ['二十五万', 250000],
    ['两万零八', 20008],
    ['三亿五千万', 350000000],
    ['一万亿', 1e12],
    ['三万十二', 30012],
  ])('reads %s as %d', (text, value) => {
    expect(parseChineseNumber(text)).toBe(value);
  });

  it('reads digits alone digit by digit: years and zero-padded minutes', () => {
    expect(parseChineseNumber('二〇二六')).toBe(2026);
    expect(parseChineseNumber('二零二六')).toBe(2026);
    expect(parseChineseNumber('零五')).toBe(5);
    expect(parseChineseNumber('八八')).toBe(88);
  });

  it('stretches a last digit right after a unit of a hundred or more, as people say prices', () => {
    expect(parseChineseNumber('两万八')).toBe(28000);
    expect(parseChineseNumber('三千五')).toBe(3500);
    expect(parseChineseNumber('一百二')).toBe(120);
    expect(parseChineseNumber('一万二千三')).toBe(12300);
    expect(parseChineseNumber('一亿五')).toBe(150000000);
    // but not after 十, nor after 零
    expect(parseChineseNumber('二十八')).toBe(28);
    expect(parseChineseNumber('两万零八')).toBe(20008);
  });

  it('reads Arabic digits mixed with Chinese units', () => {
    expect(parseChineseNumber('3万5')).toBe(35000);
    expect(parseChineseNumber('3万50')).toBe(30050);
    expect(parseChineseNumber('2万8千')).toBe(28000);
    expect(parseChineseNumber('1.5万')).toBe(15000);
    expect(parseChineseNumber('20万')).toBe(200000);
    expect(parseChineseNumber('8000')).toBe(8000);
  });

  it('reads 点 as a decimal point', () => {
    expect(parseChineseNumber('八点八')).toBe(8.8);
    expect(parseChineseNumber('三点九九')).toBe(3.99);
    expect(parseChineseNumber('三点五万')).toBe(35000);
    expect(parseChineseNumber('八点')).toBeNull();
    expect(parseChineseNumber('点五')).toBeNull();
  });

  it.each(['', '万', '百', '十十', '三二十', '三百二千', '十零五', '七八千', '三四十万', '一万万', '十几万', '两万半', 'x5'])(
    'reads %s as no number',
    (text) => {
      expect(parseChineseNumber(text)).toBeNull();
    },
  );
});

describe('parseNumeral', () => {
  it('reads days, hours and minutes as the NLU finds them', () => {
    for (const [text, value] of [
      ['5', 5],
      ['05', 5],
      ['31', 31],
      ['五', 5],
      ['两', 2],
      ['十', 10],
      ['十二', 12],
      ['二十三', 23],
      ['三十一', 31],
      ['零五', 5],
    ] as const) {
      expect(parseNumeral(text), text).toBe(value);
    }
  });

  it('is null for what is no whole number', () => {
    expect(parseNumeral('')).toBeNull();
    expect(parseNumeral('十十')).toBeNull();
    expect(parseNumeral('八点八')).toBeNull();
  });

  it('has a pattern that finds what it reads', () => {
    const whole = new RegExp(`^${NUMERAL}$`);
    for (const text of ['5', '23', '二十三', '两', '零五']) expect(whole.test(text), text).toBe(true);
    expect(whole.test('123')).toBe(false);
  });
});

describe('SPOKEN_NUMERAL', () => {
  const spoken = (text: string) => text.match(new RegExp(SPOKEN_NUMERAL, 'gu'));

  it('marks a spoken amount before its unit, vague ones too', () => {
    expect(spoken('贵了三万')).toEqual(['三']);
    expect(spoken('贵了十几万')).toEqual(['十几']);
    expect(spoken('等了两个月')).toEqual(['两']);
    expect(spoken('半年就坏了')).toEqual(['半']);
    expect(spoken('五百块')).toEqual(['五百']);
  });

  it('leaves numerals that are no amount', () => {
    expect(spoken('一起看看')).toBeNull();
    expect(spoken('第三代')).toBeNull();
  });

  it('covers every Chinese digit', () => {
    expect(CHINESE_DIGITS).toBe('零〇一二两三四五六七八九');
  });
});

describe('parseEnglishNumber', () => {
  it.each([
    ['eight', 8],
    ['twenty-five', 25],
    ['one hundred and five', 105],
    ['eight thousand five hundred', 8500],
    ['two million', 2e6],
  ])('reads %s as %d', (words, value) => {
    expect(parseEnglishNumber(words)).toBe(value);
  });

  it('has a pattern for one number word, whole words only', () => {
    const word = new RegExp(`^${ENGLISH_NUMBER_WORD}$`);
    expect(word.test('thousand')).toBe(true);
    expect(word.test('and')).toBe(false);
  });
});
