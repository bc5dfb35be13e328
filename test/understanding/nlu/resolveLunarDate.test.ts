// Lunar dates to solar ones, checked against dates published independently of the
// library (Spring Festival, the Lantern and Mid-Autumn festivals, New Year's Eve, the
// 2025 leap sixth month, the five years 2025-2029 without a 腊月三十), through
// resolveDateTime with an explicit `now`.
import { describe, expect, it } from 'vitest';
import { resolveDateTime } from '../../../src/understanding/nlu/resolveDateTime.js';

const TZ = 'Asia/Shanghai';
const THURSDAY = '2026-12-03T10:15:00+08:00'; // lunar 2026 十月廿五

function at(text: string, now = THURSDAY) {
  return resolveDateTime(text, new Date(now), TZ);
}
const dateOf = (text: string, now = THURSDAY) => at(text, now).date;
const daysBetween = (a: string, b: string) => (Date.parse(b) - Date.parse(a)) / 86_400_000;

describe('a lunar month and day', () => {
  it('is the next one on or after today', () => {
    expect(dateOf('正月初一')).toBe('2027-02-06'); // Spring Festival 2027
    expect(dateOf('大年初一')).toBe('2027-02-06');
    expect(dateOf('正月十五')).toBe('2027-02-20'); // Lantern Festival 2027
    expect(dateOf('农历八月十五')).toBe('2027-09-15'); // Mid-Autumn 2027
    expect(dateOf('腊月二十九')).toBe('2027-02-05'); // New Year's Eve 2027
    expect(at('正月十五下午3点')).toEqual({ date: '2027-02-20', time: '15:00' });
  });

  it('counts today, and moves to next lunar year once passed', () => {
    expect(dateOf('正月初一', '2027-02-06T09:00:00+08:00')).toBe('2027-02-06');
    expect(dateOf('正月初一', '2027-02-07T09:00:00+08:00')).toBe('2028-01-26'); // Spring Festival 2028
    expect(dateOf('农历八月十五', '2026-09-26T09:00:00+08:00')).toBe('2027-09-15');
  });

  it('reads the lunar date rather than the Gregorian one it contains', () => {
    expect(dateOf('农历八月十五')).toBe('2027-09-15');
    expect(dateOf('八月十五')).toBe('2027-08-15'); // no 农历: 15 August
  });

  it('keeps a stated year, even when past', () => {
    expect(dateOf('农历2026年八月十五')).toBe('2026-09-25'); // Mid-Autumn 2026
    expect(dateOf('2028年农历正月初一')).toBe('2028-01-26');
  });
});

describe('leap months (闰)', () => {
  it('resolve in a lunar year that has one', () => {
    expect(dateOf('2025年闰六月初一')).toBe('2025-07-25');
    expect(dateOf('闰六月初一', '2025-07-01T10:00:00+08:00')).toBe('2025-07-25');
  });

  it('resolve in next lunar year when it has one, a month after the ordinary one', () => {
    const now = '2027-12-01T10:00:00+08:00'; // lunar 2027 has no leap month, 2028 a 闰五月
    const leap = dateOf('闰五月初一', now)!;
    expect(leap).not.toBeNull();
    expect([29, 30]).toContain(daysBetween(dateOf('五月初一', now)!, leap));
  });

  it('are asked about when neither this lunar year nor the next has one', () => {
    expect(at('闰六月初八')).toEqual({ date: null, time: null, dateProblem: 'invalid', invalidDate: '闰六月初八' });
    expect(at('2026年闰五月初一')).toMatchObject({ date: null, dateProblem: 'invalid', invalidDate: '2026年闰五月初一' });
  });
});

describe('days a lunar month does not have', () => {
  it('腊月三十 in the years 2025-2029, whose 腊月 has 29 days, is asked about', () => {
    expect(at('腊月三十')).toEqual({ date: null, time: null, dateProblem: 'invalid', invalidDate: '腊月三十' });
    expect(at('农历2027年腊月三十')).toMatchObject({ date: null, dateProblem: 'invalid' });
    expect(at('腊月三十一')).toMatchObject({ date: null, dateProblem: 'invalid' });
  });

  it('大年三十 stays a holiday name, asked about', () => {
    expect(at('大年三十')).toMatchObject({ date: null, dateProblem: 'holiday' });
  });
});

describe('a lunar day alone after 农历', () => {
  it('is this lunar month’s when still ahead, else next month’s', () => {
    const springFestival = '2027-02-06T10:00:00+08:00';
    expect(dateOf('农历初一', springFestival)).toBe('2027-02-06');
    expect(dateOf('农历十五', springFestival)).toBe('2027-02-20');
    expect(dateOf('农历初一', '2027-02-05T10:00:00+08:00')).toBe('2027-02-06'); // from New Year's Eve: next month
    const secondMonth = dateOf('农历初一', '2027-02-07T10:00:00+08:00')!;
    expect([29, 30]).toContain(daysBetween('2027-02-06', secondMonth));
  });

  it('counts today unless the time stated is not later than now', () => {
    const springFestival = '2027-02-06T10:00:00+08:00';
    expect(at('农历初一下午3点', springFestival)).toEqual({ date: '2027-02-06', time: '15:00' });
    expect(dateOf('农历初一上午9点', springFestival)).toBe(dateOf('农历初一', '2027-02-07T10:00:00+08:00'));
  });

  it('a bare 初八 is no date', () => {
    expect(at('初八')).toEqual({ date: null, time: null });
  });
});
