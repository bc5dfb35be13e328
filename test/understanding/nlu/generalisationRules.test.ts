// The rules added after scoring test/eval/booking-paraphrases.jsonl: colloquial day words,
// spaced model codes, spoken English minutes, weekday digits next to an hour, and the
// reschedule / cancel / complaint wordings customers used.
// Calendar: 2026-12-03 is a Thursday, 2026-12-07 a Monday.
import { describe, expect, it } from 'vitest';
import { classifyIntent } from '../../../src/understanding/nlu/classifyIntent.js';
import { resolveDateTime } from '../../../src/understanding/nlu/resolveDateTime.js';
import { understand } from '../../../src/understanding/nlu/understand.js';
import { loadStoreData } from '../../../src/storeData/loadStoreData.js';

const TZ = 'Asia/Shanghai';
const THURSDAY = '2026-12-03T10:15:00+08:00';
const { catalog } = loadStoreData('data/demo-dealership');

function at(text: string, now = THURSDAY) {
  const r = resolveDateTime(text, new Date(now), TZ);
  return { date: r.date, time: r.time };
}

describe('days', () => {
  it.each([
    ['后儿个上午', '2026-12-05'],
    ['后儿', '2026-12-05'],
    ['大后儿个', '2026-12-06'],
    ['明儿个', '2026-12-04'],
    ['2moro', '2026-12-04'],
    ['tomorow', '2026-12-04'],
    ['in two days', '2026-12-05'],
    ['12-20 下午', '2026-12-20'],
  ])('%s → %s', (text, date) => {
    expect(at(text).date).toBe(date);
  });

  it('does not read ranges as month-day dates', () => {
    expect(at('预算10-15万').date).toBeNull();
    expect(at('2-3天能提车吗').date).toBeNull();
    expect(at('明天下午3-4点').time).toBe('15:00');
  });
});

describe('times', () => {
  it.each([
    ['tomorrow at two thirty', '14:30'],
    ['at ten fifteen', '10:15'],
    ['at 3 forty-five', '15:45'],
    ['tomorrow at 10.30am', '10:30'],
    ['tomorrow 10ish', '10:00'],
    ['tmrw @ 2', '14:00'],
    ['十点过一刻', '10:15'],
    ['两点过五分', '14:05'],
    ['礼拜三两点', '14:00'],
    ['礼拜3两点', '14:00'],
    ['星期三三点半', '15:30'],
  ])('%s → %s', (text, time) => {
    expect(at(text).time).toBe(time);
  });

  it('reads digits offered right before a day as an hour, but not a model code or "one"', () => {
    expect(at('Is 9 tomorrow ok?').time).toBe('09:00');
    expect(at('Would 11 on Monday work?').time).toBe('11:00');
    expect(at('How about Friday at half three?').time).toBe('15:30');
    expect(at('the electric one tomorrow at 10').time).toBe('10:00');
    expect(at('the X-5 tomorrow at 9').time).toBe('09:00');
    expect(at('half an hour').time).toBeNull();
  });

  it('reads a bare English ordinal as a day of the month, not "4th floor"', () => {
    expect(at('e6 12th 3pm').date).toBe('2026-12-12');
    expect(at('parking on the 4th floor').date).toBeNull();
  });

  it('does not read 1.5T or 提前一点 as a clock time', () => {
    expect(at('S3 1.5T').time).toBeNull();
    expect(at('能不能提前一点').time).toBeNull();
  });
});

describe('models', () => {
  const modelIn = (text: string) => understand(text, { now: new Date(THURSDAY), timeZone: TZ, models: catalog.models }).model;
  it.each([
    ['x 5', 'x5'],
    ['X-5', 'x5'],
    ['E 6', 'e6'],
    ['ｅ６', 'e6'],
  ])('%s → %s', (text, id) => {
    expect(modelIn(text)).toBe(id);
  });

  it('keeps not_aliases out when spaced', () => {
    expect(modelIn('宝马 x 5')).toBeNull();
    expect(modelIn('plus 5 seats')).toBeNull();
  });
});

describe('intents', () => {
  const slot = { statesDate: true, statesTime: true };
  it.each([
    ['Something came up, can we do Thursday 10am instead?', slot],
    ['Could we change it to Friday 4pm?', slot],
    ['Can I switch my test drive to Saturday at 10?', slot],
    ['周六去不了了，改周日吧', { statesDate: true }],
    ['试驾时间能不能提前一点', {}],
  ])('reschedule: %s', (text, opts) => {
    expect(classifyIntent(text, opts)).toBe('reschedule');
  });

  it('keeps "the X7 instead of the X5" a booking', () => {
    expect(classifyIntent('Can I test drive the X7 instead of the X5 tomorrow at 3?', slot)).toBe('book_test_drive');
  });

  it.each(["I'm not happy with how I was treated last time", 'this is ridiculous, nobody called me back', '你们这什么破服务', '等了半天也没人来接待'])(
    'complaint: %s',
    (text) => {
      expect(classifyIntent(text)).toBe('complaint');
    },
  );

  it('books with a bare 试 and a day', () => {
    expect(classifyIntent('那台MPV周六能试吗', { statesDate: true })).toBe('book_test_drive');
  });

  it('asks whether a test drive needs booking as an FAQ', () => {
    expect(classifyIntent('试驾X5要预约吗')).toBe('faq');
  });
});

describe('new slot of a reschedule', () => {
  const opts = { now: new Date('2026-12-07T08:00:00+08:00'), timeZone: TZ, models: catalog.models };
  it('takes the slot before "instead of"', () => {
    expect(understand('Can I come Thursday instead of Wednesday?', opts)).toMatchObject({ intent: 'reschedule', date: '2026-12-10', time: null });
    expect(understand('can we make it 3 instead of 2 tomorrow', opts)).toMatchObject({ intent: 'reschedule', date: '2026-12-08', time: '15:00' });
  });
  it('does not take the day of the booking being moved as the new slot', () => {
    expect(understand('我明天的试驾要推迟一下', opts)).toMatchObject({ intent: 'reschedule', date: null, time: null });
    expect(understand("Can we reschedule tomorrow's test drive?", opts)).toMatchObject({ intent: 'reschedule', date: null });
    expect(understand('周六的试驾，能不能改一下，周日下午三点可以吗', opts)).toMatchObject({ intent: 'reschedule', date: '2026-12-13', time: '15:00' });
  });
  it('reads 元月 as January', () => {
    expect(at('元月3号').date).toBe('2027-01-03');
  });
  it('takes the day after a bare 改', () => {
    expect(understand('周六去不了了，改周日吧', opts)).toMatchObject({ intent: 'reschedule', date: '2026-12-13' });
  });
});
