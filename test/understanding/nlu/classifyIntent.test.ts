import { describe, expect, it } from 'vitest';
import { classifyIntent } from '../../../src/understanding/nlu/classifyIntent.js';

const slot = { statesDate: true, statesTime: true };

describe('classifyIntent', () => {
  it.each([
    '我想约个试驾',
    '想试驾一下E6',
    '可以试乘试驾吗',
    '能试车吗',
    '我想预约X5',
    'I would like to test drive the X7',
    'Can I book a test drive?',
    'Could I try the S5?',
  ])('book_test_drive: %s', (text) => {
    expect(classifyIntent(text)).toBe('book_test_drive');
  });

  it('books a slot stated without a booking verb', () => {
    expect(classifyIntent('this Saturday at 4pm for the X5 hybrid', slot)).toBe('book_test_drive');
    expect(classifyIntent('下周二上午十一点 E6 标续', slot)).toBe('book_test_drive');
    expect(classifyIntent('明天可以吗', { statesDate: true })).toBe('book_test_drive');
    expect(classifyIntent('明天下午3点来看车', slot)).toBe('book_test_drive');
  });

  it.each([
    '把我周四的试驾改到周五下午4点',
    '我要改期',
    '能换个时间吗',
    '试驾推迟一天',
    'I need to reschedule my test drive',
    'Can we move my appointment to Sunday?',
  ])('reschedule: %s', (text) => {
    expect(classifyIntent(text)).toBe('reschedule');
  });

  it.each(['取消明天的试驾', '我不去了', '明天来不了了', 'Please cancel my test drive', "I can't make it tomorrow"])('cancel: %s', (text) => {
    expect(classifyIntent(text)).toBe('cancel');
  });

  it('prefers reschedule over cancel when a new time is asked for', () => {
    expect(classifyIntent('明天去不了，改到周五吧')).toBe('reschedule');
  });

  it.each([
    '帮我转人工',
    '人工',
    '我要找真人',
    '客服在吗',
    'I want to talk to a real person',
    'Can I speak with an agent?',
    'human please',
    '机器人太笨了，我要找人',
  ])('human: %s', (text) => {
    expect(classifyIntent(text)).toBe('human');
  });

  it.each([
    '上次试驾那个销售一直催我，很烦，我要投诉',
    '你们服务态度太差了',
    '被你们坑了',
    'Your salesman was rude',
    'I want to complain about my test drive',
    'This is terrible service',
  ])('complaint beats everything: %s', (text) => {
    expect(classifyIntent(text)).toBe('complaint');
  });

  it.each([
    'E6多少钱',
    'How much does the M8 cost?',
    '你们几点关门',
    '店在哪里',
    '试驾要钱吗',
    '试驾需要带驾照吗',
    'Can I bring my kids on the test drive?',
    '取消预约要收费吗',
    '周日可以来看车吗',
    '有什么优惠',
  ])('faq: %s', (text) => {
    expect(classifyIntent(text)).toBe('faq');
  });

  it('uses the FAQ score for statements', () => {
    expect(classifyIntent('讲讲你们品牌的历史')).not.toBe('faq');
    expect(classifyIntent('讲讲你们品牌的历史', { faqScore: 0.8 })).toBe('faq');
    expect(classifyIntent('讲讲你们品牌的历史', { faqScore: 0.2 })).not.toBe('faq');
  });

  it.each(['你好', '您好！', 'hi', 'Hello!', 'Good morning!', 'hello, is anyone there?', '在吗', '您好，在吗', '下午好呀', '你好啊~'])(
    'greeting alone: %s',
    (text) => {
      // even when the FAQ search would claim it (a greeting is no question of the FAQ's)
      expect(classifyIntent(text, { faqScore: 0.9 })).toBe('greeting');
    },
  );

  it('does not take a particle for a greeting', () => {
    expect(classifyIntent('呀')).not.toBe('greeting');
  });

  it('does not treat a greeting with a request as a greeting', () => {
    expect(classifyIntent('你好，我想约个试驾')).toBe('book_test_drive');
  });

  it.each(['好的', '谢谢', '我考虑一下', '太贵了', 'ok', 'The price is more than I planned to spend.'])('other: %s', (text) => {
    expect(classifyIntent(text)).toBe('other');
  });

  it('does not book after-sales appointments', () => {
    expect(classifyIntent('预约保养')).not.toBe('book_test_drive');
  });
});
