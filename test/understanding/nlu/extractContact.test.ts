import { describe, expect, it } from 'vitest';
import { extractName, extractPhone } from '../../../src/understanding/nlu/extractContact.js';

describe('extractPhone', () => {
  it.each([
    ['13812345678', '13812345678'],
    ['138 1234 5678', '13812345678'],
    ['138-1234-5678', '13812345678'],
    ['+86 138 1234 5678', '13812345678'],
    ['8613812345678', '13812345678'],
    ['电话：１３８１２３４５６７８', '13812345678'],
    ['我叫王小明，手机19912345678，明天下午两点', '19912345678'],
  ])('reads a mainland mobile: %s', (text, phone) => {
    expect(extractPhone(text)).toEqual({ phone });
  });

  it.each([
    ['12345678901', '12345678901'], // 11 digits but no mobile range
    ['1381234567', '1381234567'], // a digit short
    ['021-5888 6600', '021-5888 6600'], // a landline
  ])('reports a number that is not a valid mobile: %s', (text, invalidPhone) => {
    expect(extractPhone(text)).toEqual({ phone: null, invalidPhone });
  });

  it.each(['E6 650 520', '价格189800', '2026-12-05', '12/5 上午10点', '没有号码'])('finds no phone in %s', (text) => {
    expect(extractPhone(text)).toEqual({ phone: null });
  });
});

describe('extractName', () => {
  it.each([
    ['我叫王小明', '王小明'],
    ['我叫王小明，电话13812345678', '王小明'],
    ['我叫李雷想约明天', '李雷'],
    ['我姓李', '李'],
    ['免贵姓欧阳', '欧阳'],
    ['我是张先生', '张先生'],
    ['my name is John Smith', 'John Smith'],
    ['My name is anna', 'anna'],
    ["I'm Anna", 'Anna'],
    ['I’m Anna Lee, tomorrow at 3pm', 'Anna Lee'],
  ])('reads a stated name: %s', (text, name) => {
    expect(extractName(text)).toBe(name);
  });

  it.each(['我想试驾', '我是来试驾的', '我要投诉', "I'm interested in the X5", "I'm looking for an SUV", 'E6多少钱'])('does not take %s as a name', (text) => {
    expect(extractName(text)).toBeNull();
  });
});
