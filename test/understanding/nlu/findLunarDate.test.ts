// Which texts write a lunar date, and what they say; the solar dates are tested in
// resolveLunarDate.test.ts.
import { describe, expect, it } from 'vitest';
import { findLunarDate } from '../../../src/understanding/nlu/findLunarDate.js';
import { normalizeText } from '../../../src/understanding/nlu/normalizeText.js';

const find = (text: string) => findLunarDate(normalizeText(text));

describe('findLunarDate', () => {
  it.each([
    ['农历十月初八', { month: 10, day: 8, leap: false }],
    ['阴历十月初八', { month: 10, day: 8, leap: false }],
    ['農曆十月初八', { month: 10, day: 8, leap: false }],
    ['正月十五', { month: 1, day: 15, leap: false }],
    ['腊月二十三', { month: 12, day: 23, leap: false }],
    ['腊月廿三', { month: 12, day: 23, leap: false }],
    ['冬月初五', { month: 11, day: 5, leap: false }],
    ['农历十一月初一', { month: 11, day: 1, leap: false }],
    ['三月初一', { month: 3, day: 1, leap: false }],
    ['农历10月8日', { month: 10, day: 8, leap: false }],
    ['农历八月十五', { month: 8, day: 15, leap: false }],
    ['腊月卅', { month: 12, day: 30, leap: false }],
    ['闰六月初八', { month: 6, day: 8, leap: true }],
    ['农历闰五月初一', { month: 5, day: 1, leap: true }],
    ['大年初八', { month: 1, day: 8, leap: false }],
  ])('%s is lunar month and day', (text, expected) => {
    expect(find(text)).toMatchObject({ ...expected, year: undefined });
  });

  it('reads a stated year before or after 农历', () => {
    expect(find('2027年农历十月初八')).toMatchObject({ year: 2027, month: 10, day: 8, text: '2027年农历十月初八' });
    expect(find('农历2027年十月初八')).toMatchObject({ year: 2027, month: 10, day: 8 });
  });

  it('reads a day alone only after 农历 or 阴历', () => {
    expect(find('农历初八')).toMatchObject({ month: undefined, day: 8 });
    expect(find('阴历的十五')).toMatchObject({ month: undefined, day: 15 });
    expect(find('农历廿三下午3点')).toMatchObject({ month: undefined, day: 23, text: '农历廿三' });
    expect(find('初八')).toBeNull();
    expect(find('孩子初三，周六有空')).toBeNull(); // a school year
  });

  it('leaves Gregorian-looking dates and holiday names to findDate', () => {
    expect(find('十月十五')).toBeNull();
    expect(find('10月8日')).toBeNull();
    expect(find('2027年十月十五')).toBeNull();
    expect(find('大年三十')).toBeNull(); // New Year's Eve: the last day of the year before
    expect(find('腊八')).toBeNull();
    expect(find('农历生日那天')).toBeNull();
  });

  it('gives where it starts and what it covers, for the earliest-written rule', () => {
    expect(find('周六或者农历十月十五')).toMatchObject({ index: 4, text: '农历十月十五' });
  });
});
