import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { understand } from '../../../src/understanding/nlu/understand.js';
import { loadStoreData } from '../../../src/storeData/loadStoreData.js';

const DATA_DIR = path.resolve('data/demo-dealership');
const models = loadStoreData(DATA_DIR).catalog.models;
const MONDAY = '2026-12-21T10:05:00+08:00';

function u(text: string, now = MONDAY, faqScore?: (normalizedText: string) => number) {
  return understand(text, { now: new Date(now), timeZone: 'Asia/Shanghai', models, faqScore });
}

describe('understand', () => {
  it('reads a whole booking request', () => {
    expect(u('我叫王小明，电话138 1234 5678，明天下午两点试驾E6')).toEqual({
      intent: 'book_test_drive',
      model: 'e6',
      date: '2026-12-22',
      time: '14:00',
      name: '王小明',
      phone: '13812345678',
    });
  });

  it('passes on what the parser must ask about', () => {
    expect(u('明天下午试驾X5')).toMatchObject({ date: '2026-12-22', time: null, periodOnly: 'afternoon' });
    expect(u('周末试驾X5')).toMatchObject({ date: null, dateProblem: 'weekend' });
    expect(u('春节试驾X5')).toMatchObject({ date: null, dateProblem: 'holiday' });
    expect(u('2月30日试驾X5')).toMatchObject({ date: null, dateProblem: 'invalid', invalidDate: '2月30日' });
    expect(u('试驾，电话1381234567')).toMatchObject({ phone: null, invalidPhone: '1381234567' });
  });

  it('reports the new slot of a reschedule', () => {
    expect(u('把我周四的试驾改到周五下午4点')).toMatchObject({ intent: 'reschedule', date: '2026-12-25', time: '16:00' });
    expect(u('I need to reschedule my test drive to Sunday 2:30', '2027-01-09T10:00:00+08:00')).toMatchObject({
      intent: 'reschedule',
      date: '2027-01-10',
      time: '14:30',
    });
  });

  it('keeps the day stated before a reschedule that gives only a new time', () => {
    expect(u('把明天的试驾改到下午4点')).toMatchObject({ intent: 'reschedule', date: '2026-12-22', time: '16:00' });
  });

  it('reports the booking being cancelled', () => {
    expect(u('取消明天的试驾')).toMatchObject({ intent: 'cancel', model: null, date: '2026-12-22', time: null });
  });

  it('reports the model but no date or time for faq, human, complaint and other', () => {
    expect(u('E6多少钱')).toEqual({ intent: 'faq', model: 'e6', date: null, time: null, name: null, phone: null });
    expect(u('明天E6能提车吗')).toMatchObject({ intent: 'faq', model: 'e6', date: null, time: null });
    expect(u('帮我转人工')).toMatchObject({ intent: 'human', date: null, time: null });
    expect(u('明天那个销售太差了，我要投诉')).toMatchObject({ intent: 'complaint', date: null, time: null });
    expect(u('周末再说吧，我考虑一下')).toEqual({ intent: 'other', model: null, date: null, time: null, name: null, phone: null });
  });

  it('turns a bare greeting into other, flagged as a greeting', () => {
    expect(u('你好')).toEqual({ intent: 'other', model: null, date: null, time: null, name: null, phone: null, greeting: true });
    expect(u('你好，我想约个试驾').greeting).toBeUndefined();
  });

  it('hands the normalized text to the FAQ scorer', () => {
    const seen: string[] = [];
    const result = u('ＬＥＴ ME KNOW about 保修', MONDAY, (text) => {
      seen.push(text);
      return 0.9;
    });
    expect(seen).toEqual(['let me know about 保修']);
    expect(result.intent).toBe('faq');
  });

  it('asks the FAQ scorer only when the intent depends on it', () => {
    const seen: string[] = [];
    const score = (text: string) => {
      seen.push(text);
      return 0.9;
    };
    expect(u('明天下午两点试驾E6', MONDAY, score).intent).toBe('book_test_drive');
    expect(u('把明天的试驾改到下午4点', MONDAY, score).intent).toBe('reschedule');
    expect(u('帮我转人工', MONDAY, score).intent).toBe('human');
    expect(seen).toEqual([]);
    expect(u('讲讲你们品牌的历史', MONDAY, score).intent).toBe('faq');
    expect(seen).toEqual(['讲讲你们品牌的历史']);
  });
});
