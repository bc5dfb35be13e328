// One block per rule of data/demo-dealership/conventions.md. Every call passes `now`
// explicitly; nothing depends on the wall clock or the server's timezone.
// Calendar used below: 2026-11-30 is a Monday, 2026-12-03 a Thursday, 2026-12-06 a Sunday.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveDateTime } from '../../../src/understanding/nlu/resolveDateTime.js';

const TZ = 'Asia/Shanghai';
const THURSDAY = '2026-12-03T10:15:00+08:00';

function at(text: string, now = THURSDAY) {
  return resolveDateTime(text, new Date(now), TZ);
}

function dateOf(text: string, now = THURSDAY) {
  return at(text, now).date;
}

function timeOf(text: string) {
  return at(text).time;
}

/** The days of the week 2026-11-30 (Mon) … 2026-12-06 (Sun). */
const WEEK = ['2026-11-30', '2026-12-01', '2026-12-02', '2026-12-03', '2026-12-04', '2026-12-05', '2026-12-06'];
const ZH_DAYS = ['一', '二', '三', '四', '五', '六', '日'];
const EN_DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

describe('relative days', () => {
  it.each(['今天', '今儿', '今晚', '今晨', 'today', 'tonight'])('%s is today', (text) => {
    expect(dateOf(text)).toBe('2026-12-03');
  });
  it.each(['明天', '明儿', '明早', '明晚', '明晨', 'tomorrow', 'tmr', 'tmrw', 'Tomorrow'])('%s is today + 1', (text) => {
    expect(dateOf(text)).toBe('2026-12-04');
  });
  it.each(['后天', '後天', 'the day after tomorrow'])('%s is today + 2', (text) => {
    expect(dateOf(text)).toBe('2026-12-05');
  });
  it.each(['大后天', '大後天'])('%s is today + 3', (text) => {
    expect(dateOf(text)).toBe('2026-12-06');
  });
});

describe('weekday alone', () => {
  it('is the next such day on or after today', () => {
    expect(dateOf('周六')).toBe('2026-12-05');
    expect(dateOf('星期六')).toBe('2026-12-05');
    expect(dateOf('礼拜六')).toBe('2026-12-05');
    expect(dateOf('禮拜六')).toBe('2026-12-05');
    expect(dateOf('Saturday')).toBe('2026-12-05');
    expect(dateOf('周三')).toBe('2026-12-09');
  });

  it.each(['周日', '星期日', '星期天', '礼拜天', 'Sunday', 'sun'])('%s is Sunday', (text) => {
    expect(dateOf(text)).toBe('2026-12-06');
  });

  it('counts today when no time is given', () => {
    expect(dateOf('周四')).toBe('2026-12-03');
    expect(dateOf('Thursday')).toBe('2026-12-03');
  });

  it('counts today when the time given is later than now', () => {
    expect(at('周四下午3点')).toEqual({ date: '2026-12-03', time: '15:00' });
    expect(at('Thursday at 4pm')).toEqual({ date: '2026-12-03', time: '16:00' });
  });

  it('means next week when the time given is not later than now', () => {
    expect(at('周四上午9点')).toEqual({ date: '2026-12-10', time: '09:00' });
    expect(at('周四10:15')).toEqual({ date: '2026-12-10', time: '10:15' }); // equal is not later
    expect(at('Thursday 8am')).toEqual({ date: '2026-12-10', time: '08:00' });
  });

  it('treats only a period word as no time given', () => {
    expect(at('周四上午', '2026-12-03T11:30:00+08:00')).toEqual({ date: '2026-12-03', time: null, periodOnly: 'morning' });
  });
});

describe('这周X / 本周X / 这个星期X: the current Monday–Sunday week', () => {
  it('may be a past date, reported as it is', () => {
    expect(dateOf('这周一')).toBe('2026-11-30');
    expect(dateOf('本周五')).toBe('2026-12-04');
    expect(dateOf('这个星期日')).toBe('2026-12-06');
    expect(dateOf('这个礼拜二')).toBe('2026-12-01');
  });

  it('differs from English "this Saturday" on a Sunday', () => {
    const sunday = '2026-12-06T10:00:00+08:00';
    expect(dateOf('这周六', sunday)).toBe('2026-12-05');
    expect(dateOf('this Saturday', sunday)).toBe('2026-12-12');
  });
});

describe('下周X / next X: the next calendar week', () => {
  for (const [i, today] of WEEK.entries()) {
    it(`from ${EN_DAYS[i]} ${today}, every weekday of next week`, () => {
      const now = `${today}T09:00:00+08:00`;
      ZH_DAYS.forEach((day, j) => {
        const expected = `2026-12-${String(7 + j).padStart(2, '0')}`; // next week is 7–13 December
        expect(dateOf(`下周${day}`, now)).toBe(expected);
        expect(dateOf(`下星期${day}`, now)).toBe(expected);
        expect(dateOf(`下礼拜${day === '日' ? '天' : day}`, now)).toBe(expected);
        expect(dateOf(`next ${EN_DAYS[j]}`, now)).toBe(expected);
      });
    });
  }

  it('matches the examples of conventions.md', () => {
    expect(dateOf('下周日', '2026-12-06T10:00:00+08:00')).toBe('2026-12-13');
    expect(dateOf('下周一', '2026-12-06T10:00:00+08:00')).toBe('2026-12-07');
    expect(dateOf('next Saturday', THURSDAY)).toBe('2026-12-12');
  });

  it('下下周X is the week after next', () => {
    expect(dateOf('下下周一')).toBe('2026-12-14');
    expect(dateOf('下下周日')).toBe('2026-12-20');
  });
});

describe('weekend', () => {
  it.each(['周末', '这周末', '下周末', 'this weekend'])('%s leaves the date open', (text) => {
    expect(at(text)).toEqual({ date: null, time: null, dateProblem: 'weekend' });
  });
});

describe('written dates', () => {
  it.each(['12月5号', '12月5日', '12/5', 'Dec 5', 'December 5', '5 Dec', '5th December', '十二月五号'])('%s is 5 December', (text) => {
    expect(dateOf(text)).toBe('2026-12-05');
  });

  it('reads a dotted 12.20 as a date only where a date fits', () => {
    expect(at('12.20下午两点')).toEqual({ date: '2026-12-20', time: '14:00' });
    expect(at('X5 1.5T 下午3点')).toEqual({ date: null, time: '15:00' });
    expect(at('油耗4.8升')).toEqual({ date: null, time: null });
  });

  it('reads slash dates as month/day', () => {
    expect(dateOf('1/3')).toBe('2027-01-03');
    expect(dateOf('05/06')).toBe('2027-05-06'); // ambiguous: month first, for both languages
  });

  it('reads a numeric date day first when the first number cannot be a month', () => {
    expect(dateOf('29/12')).toBe('2026-12-29');
    expect(at('29.12下午3点')).toEqual({ date: '2026-12-29', time: '15:00' });
    expect(dateOf('13.05号')).toBe('2027-05-13');
    expect(dateOf('29-12')).toBe('2026-12-29');
    expect(dateOf('29-12-2026')).toBe('2026-12-29');
    expect(dateOf('29.12.2026')).toBe('2026-12-29');
    expect(dateOf('29/12/2026')).toBe('2026-12-29');
    expect(dateOf('12/29/2026')).toBe('2026-12-29');
    expect(at('31/13')).toMatchObject({ date: null, dateProblem: 'invalid', invalidDate: '31/13' });
  });

  it('reads a year written last, two digits in the nearest century', () => {
    expect(dateOf('3-7-27')).toBe('2027-03-07');
    expect(dateOf('3-7-2017')).toBe('2017-03-07'); // month first, as written, even if past
    expect(dateOf('05/05/89')).toBe('1989-05-05');
  });

  it('does not read versions, ranges or a decimal without a date word as dates', () => {
    expect(at('29.12')).toEqual({ date: null, time: null }); // 29.12万 and 油耗4.8 look the same
    expect(at('1.2.10')).toEqual({ date: null, time: null });
    expect(at('v1.2.2026')).toEqual({ date: null, time: null });
    expect(at('1-2-10万')).toEqual({ date: null, time: null });
    expect(at('13-15岁')).toEqual({ date: null, time: null });
    expect(at('15.6万下午看车')).toEqual({ date: null, time: null, periodOnly: 'afternoon' });
  });

  it('rolls a date before today into next year', () => {
    expect(dateOf('1月3号')).toBe('2027-01-03');
    expect(dateOf('Jan 2nd')).toBe('2027-01-02');
    expect(dateOf('12月2日')).toBe('2027-12-02');
    expect(dateOf('12月3日')).toBe('2026-12-03'); // today is not before today
  });

  it('keeps a stated year', () => {
    expect(dateOf('2027年3月1日')).toBe('2027-03-01');
  });

  it('reports impossible dates instead of rolling them over', () => {
    expect(at('2月30日')).toEqual({ date: null, time: null, dateProblem: 'invalid', invalidDate: '2月30日' });
    expect(at('2/30')).toMatchObject({ date: null, dateProblem: 'invalid', invalidDate: '2/30' });
    expect(at('Feb 30')).toMatchObject({ date: null, dateProblem: 'invalid' });
    expect(at('4月31号下午3点')).toMatchObject({ date: null, time: '15:00', dateProblem: 'invalid', invalidDate: '4月31号' });
    // February 2027 has no 29th; the rollover picks 2027 before checking.
    expect(at('2月29日')).toMatchObject({ date: null, dateProblem: 'invalid' });
    expect(at('2/29')).toMatchObject({ date: null, dateProblem: 'invalid', invalidDate: '2/29' });
    expect(at('29/2')).toMatchObject({ date: null, dateProblem: 'invalid', invalidDate: '29/2' });
    expect(dateOf('2028年2月29日')).toBe('2028-02-29');
  });

  it('reads 29 February in the year the rollover picks, asking when it has none', () => {
    // In 2027 the next 29 February would be in 2028; the customer is asked, not moved.
    expect(at('2月29日', '2027-02-01T10:00:00+08:00')).toMatchObject({ date: null, dateProblem: 'invalid', invalidDate: '2月29日' });
    // Said after February 2027, the rollover lands on 2028, which has it.
    expect(dateOf('2月29日', '2027-12-20T10:00:00+08:00')).toBe('2028-02-29');
    expect(dateOf('2/29', '2027-12-20T10:00:00+08:00')).toBe('2028-02-29');
    expect(dateOf('2月29日', '2028-01-10T10:00:00+08:00')).toBe('2028-02-29');
    expect(at('2月29日', '2028-03-01T10:00:00+08:00')).toMatchObject({ date: null, dateProblem: 'invalid' }); // 2029
  });
});

describe('day number alone', () => {
  it.each(['8号', '8日', '八号', 'the 8th', 'on the 8th'])('%s is this month when on or after today', (text) => {
    expect(dateOf(text)).toBe('2026-12-08');
  });

  it('is today for today’s number', () => {
    expect(dateOf('3号')).toBe('2026-12-03');
  });

  it('is next month when already past', () => {
    expect(dateOf('2号')).toBe('2027-01-02');
    expect(dateOf('31号中午', '2026-12-29T11:10:00+08:00')).toBe('2026-12-31');
  });

  it('counts today unless the time stated is not later than now, like a weekday alone', () => {
    expect(at('3号下午3点')).toEqual({ date: '2026-12-03', time: '15:00' });
    expect(at('3号10:16')).toEqual({ date: '2026-12-03', time: '10:16' });
    expect(at('3号10:15')).toEqual({ date: '2027-01-03', time: '10:15' }); // equal is not later
    expect(at('3号上午9点')).toEqual({ date: '2027-01-03', time: '09:00' });
    expect(at('3号下午')).toEqual({ date: '2026-12-03', time: null, periodOnly: 'afternoon' });
  });

  it('matches the reference cases around a short February', () => {
    expect(dateOf('29日', '2018-02-10T00:00:00+08:00')).toBe('2018-03-29'); // February 2018 has no 29th
    expect(dateOf('29日', '2016-02-10T00:00:00+08:00')).toBe('2016-02-29');
    expect(at('29号下午', '2026-12-03T10:15:00+08:00')).toEqual({ date: '2026-12-29', time: null, periodOnly: 'afternoon' });
    expect(dateOf('30号', '2027-02-10T10:00:00+08:00')).toBe('2027-03-30');
  });

  it('asks, naming the month, when the day has passed and next month has no such day', () => {
    const jan31 = '2027-01-31T10:00:00+08:00';
    expect(at('30号', jan31)).toEqual({ date: null, time: null, dateProblem: 'invalid', invalidDate: '2月30号' });
    expect(at('on the 30th', jan31)).toMatchObject({ date: null, dateProblem: 'invalid', invalidDate: 'the 30th of February' });
    expect(at('29号', '2027-01-30T10:00:00+08:00')).toMatchObject({ dateProblem: 'invalid', invalidDate: '2月29号' });
    expect(dateOf('29号', '2028-01-30T10:00:00+08:00')).toBe('2028-02-29'); // a leap year has it
    expect(dateOf('31号', '2027-03-31T10:00:00+08:00')).toBe('2027-03-31'); // today still counts
    expect(at('31号', '2027-04-01T10:00:00+08:00')).toMatchObject({ date: '2027-05-31' }); // April has none: May's
    expect(at('32号')).toMatchObject({ date: null, dateProblem: 'invalid', invalidDate: '32号' });
  });

  it('keeps today, hour passed, rather than ask about a day next month lacks', () => {
    expect(at('31号上午9点', '2027-01-31T10:00:00+08:00')).toEqual({ date: '2027-01-31', time: '09:00' });
  });

  it('is not a metro line, a gate or 周六日', () => {
    expect(dateOf('地铁11号线')).toBeNull();
    expect(dateOf('3号门')).toBeNull();
    expect(dateOf('周六日可以吗')).toBe('2026-12-05');
  });
});

describe('relative forms beyond the table', () => {
  it('names a month relative to today’s', () => {
    expect(at('下个月5号下午3点')).toEqual({ date: '2027-01-05', time: '15:00' });
    expect(dateOf('本月20号')).toBe('2026-12-20');
    expect(dateOf('这个月2号')).toBe('2026-12-02'); // past, reported as it is, like 这周X
  });

  it('counts days ahead', () => {
    expect(dateOf('两天后')).toBe('2026-12-05');
    expect(dateOf('in 3 days')).toBe('2026-12-06');
  });
});

describe('holidays', () => {
  it('元旦 / New Year’s Day is the next 1 January', () => {
    expect(dateOf('元旦')).toBe('2027-01-01');
    expect(dateOf("New Year's Day")).toBe('2027-01-01');
    expect(dateOf('元旦', '2027-01-01T09:00:00+08:00')).toBe('2027-01-01');
  });

  it.each(['春节', '国庆', 'Christmas', '圣诞节下午3点'])('%s is asked about', (text) => {
    expect(at(text)).toMatchObject({ date: null, dateProblem: 'holiday' });
  });

  it('a date given with the holiday wins', () => {
    expect(at('国庆10月3号')).toEqual({ date: '2027-10-03', time: null });
    expect(at('12月25号圣诞节')).toEqual({ date: '2026-12-25', time: null });
  });
});

describe('times', () => {
  it('keeps 24-hour forms', () => {
    expect(timeOf('14:30')).toBe('14:30');
    expect(timeOf('14点')).toBe('14:00');
    expect(timeOf('14点30')).toBe('14:30');
    expect(timeOf('１４：３０')).toBe('14:30');
  });

  it.each([
    ['上午10点', '10:00'],
    ['早上8点', '08:00'],
    ['早9点', '09:00'],
    ['清早7点', '07:00'],
    ['10am', '10:00'],
    ['10 in the morning', '10:00'],
    ['上午9点', '09:00'],
    ['早晨7点', '07:00'],
    ['凌晨5点', '05:00'],
    ['清晨6点', '06:00'],
    ['今晨5点', '05:00'],
    ['明晨5点', '05:00'],
    ['晨5点', '05:00'],
    ['早上五点半', '05:30'],
    ['8am', '08:00'],
    ['5 am', '05:00'],
    ['5a.m.', '05:00'],
    ['tomorrow morning at 5', '05:00'],
  ])('morning words keep the hour: %s', (text, time) => {
    expect(timeOf(text)).toBe(time);
  });

  it('a morning word beats the bare-hour default, which still holds without one', () => {
    expect(at('今晨5点')).toEqual({ date: '2026-12-03', time: '05:00' });
    expect(at('明晨5点')).toEqual({ date: '2026-12-04', time: '05:00' });
    expect(at('明天清晨6点')).toEqual({ date: '2026-12-04', time: '06:00' });
    expect(timeOf('5点')).toBe('17:00');
    expect(timeOf('晨跑后5点')).toBe('17:00'); // 晨 alone counts only right before the hour
  });

  it('中午 alone is noon; 中午1点 is 13:00', () => {
    expect(timeOf('中午')).toBe('12:00');
    expect(timeOf('中午12点')).toBe('12:00');
    expect(timeOf('中午1点')).toBe('13:00');
    expect(timeOf('at noon')).toBe('12:00');
  });

  it.each([
    ['下午3点', '15:00'],
    ['晚上7点', '19:00'],
    ['傍晚6点', '18:00'],
    ['3pm', '15:00'],
    ['3 p.m.', '15:00'],
    ['3 in the afternoon', '15:00'],
    ['7 in the evening', '19:00'],
    ['下午12点', '12:00'],
  ])('afternoon and evening words add 12 to 1–11: %s', (text, time) => {
    expect(timeOf(text)).toBe(time);
  });

  it.each([
    ['2点', '14:00'],
    ['7点', '19:00'],
    ['8点', '08:00'],
    ['10点', '10:00'],
    ['12点', '12:00'],
    ['at 10', '10:00'],
    ['at 3', '15:00'],
    ['at three', '15:00'],
    ['Sunday 2:30', '14:30'],
  ])('bare hours 1–7 are afternoon, 8–12 stay: %s', (text, time) => {
    expect(timeOf(text)).toBe(time);
  });

  it.each([
    ['3点半', '15:30'],
    ['3点一刻', '15:15'],
    ['3点三刻', '15:45'],
    ['3点10分', '15:10'],
    ['3点10', '15:10'],
    ['两点零五', '14:05'],
    ['half past 2', '14:30'],
    ['quarter past 3', '15:15'],
    ['quarter to 4', '15:45'],
  ])('minutes: %s', (text, time) => {
    expect(timeOf(text)).toBe(time);
  });

  it.each([
    ['十一点半', '11:30'],
    ['两点一刻', '14:15'],
    ['十二点', '12:00'],
    ['两点', '14:00'],
    ['下午三点半', '15:30'],
    ['兩點', '14:00'],
  ])('Chinese numerals: %s', (text, time) => {
    expect(timeOf(text)).toBe(time);
  });

  it.each([
    ['两点左右', '14:00'],
    ['3点前后', '15:00'],
    ['around 3', '15:00'],
    ['about 10am', '10:00'],
  ])('approximate words change nothing: %s', (text, time) => {
    expect(timeOf(text)).toBe(time);
  });

  it('gives no time for a period word without an hour', () => {
    expect(at('明天下午')).toEqual({ date: '2026-12-04', time: null, periodOnly: 'afternoon' });
    expect(at('Saturday morning')).toEqual({ date: '2026-12-05', time: null, periodOnly: 'morning' });
    expect(at('今晚')).toEqual({ date: '2026-12-03', time: null, periodOnly: 'evening' });
    expect(at('明早')).toEqual({ date: '2026-12-04', time: null, periodOnly: 'morning' });
  });

  it('does not read "a little" or counts as hours', () => {
    expect(at('能便宜一点吗')).toEqual({ date: null, time: null });
    expect(at('早一点到')).toEqual({ date: null, time: null });
    expect(at('about two weeks')).toEqual({ date: null, time: null });
    expect(at('1个小时')).toEqual({ date: null, time: null });
  });

  it('ignores period words inside greetings', () => {
    expect(at('Good morning, tomorrow at 3?')).toEqual({ date: '2026-12-04', time: '15:00' });
    expect(at('下午好')).toEqual({ date: null, time: null });
  });
});

describe('reference time in the store timezone', () => {
  it('uses the Shanghai calendar day, not UTC', () => {
    expect(dateOf('今天', '2026-12-03T23:30:00+08:00')).toBe('2026-12-03'); // 15:30Z
    expect(dateOf('今天', '2026-12-03T16:30:00Z')).toBe('2026-12-04'); // 00:30 in Shanghai
    expect(dateOf('明天', '2026-12-03T16:30:00Z')).toBe('2026-12-05');
  });

  it('compares the stated time with the Shanghai clock', () => {
    // 07:30Z is 15:30 on Thursday in Shanghai: 周四3点 has passed, so it is next Thursday.
    expect(at('周四3点', '2026-12-03T07:30:00Z')).toEqual({ date: '2026-12-10', time: '15:00' });
  });

  describe.each(['America/Los_Angeles', 'Pacific/Kiritimati', 'UTC'])('with the server in %s', (serverTz) => {
    const original = process.env.TZ;
    beforeAll(() => {
      process.env.TZ = serverTz;
    });
    afterAll(() => {
      process.env.TZ = original;
    });

    it('gives the same answers', () => {
      expect(dateOf('今天', '2026-12-03T16:30:00Z')).toBe('2026-12-04');
      expect(at('Dec 5 at 3pm', '2026-12-03T16:30:00Z')).toEqual({ date: '2026-12-05', time: '15:00' });
      expect(at('周四3点', '2026-12-03T07:30:00Z')).toEqual({ date: '2026-12-10', time: '15:00' });
    });
  });
});

describe('texts that are no date never throw', () => {
  it.each([
    ['', { date: null, time: null }],
    ['   ', { date: null, time: null }],
    ['🚗🚗🚗', { date: null, time: null }],
    ['👍 明天 🚗', { date: '2026-12-04', time: null }],
    ['农历', { date: null, time: null }],
    ['闰', { date: null, time: null }],
    ['农历闰十三月初八', { date: null, time: null }],
    ['0/0', { date: null, time: null, dateProblem: 'invalid', invalidDate: '0/0' }],
  ])('%j', (text, expected) => {
    expect(at(text)).toEqual(expected);
  });

  it('a lunar year far away still converts', () => {
    expect(dateOf('9999年农历十月初八')).toMatch(/^9999-1[01]-\d{2}$/);
  });

  it('a very long text of date words gives an answer', () => {
    expect(at('农历初八'.repeat(1024))).toEqual({ date: '2026-12-16', time: null });
    expect(at('闰六月初八，'.repeat(700))).toMatchObject({ date: null, dateProblem: 'invalid' });
    expect(at('29/12 '.repeat(700))).toEqual({ date: '2026-12-29', time: null });
  });

  it('any text of date characters, emoji and noise', () => {
    const pieces = [' ', ...'农历 阴历 闰 正月 腊月 冬月 大年 初 廿 卅 十 三 八 月 日 号 年 2027 29 12 / . - 上午 今晨 晨 点 🚗 x'.split(' ')];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 40 }), fc.string({ maxLength: 20 }), (parts, noise) => {
        const text = parts.join('') + noise;
        const r = at(text);
        expect(r.date === null || /^\d{4}-\d{2}-\d{2}$/.test(r.date)).toBe(true);
        expect(r.time === null || /^\d{2}:\d{2}$/.test(r.time)).toBe(true);
      }),
      { numRuns: 2000, seed: 20261203 },
    );
  });
});
