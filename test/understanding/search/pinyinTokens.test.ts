// Toneless pinyin: typed with or without spaces it meets the Han it spells; English is
// mostly no pinyin; a homophone typo gives the same pairs as the word meant.
import { describe, expect, it } from 'vitest';
import { hanToPinyin, pinyinPairs, readPinyin } from '../../../src/understanding/search/pinyinTokens.js';

describe('pinyin tokens', () => {
  it('reads pinyin typed with and without spaces, by the fewest syllables', () => {
    expect(readPinyin('shijia yao yuyue ma')).toEqual(['shi', 'jia', 'yao', 'yu', 'yue', 'ma']);
    expect(readPinyin('zhoumokanchekaimenma')).toEqual(['zhou', 'mo', 'kan', 'che', 'kai', 'men', 'ma']);
    expect(readPinyin('xian')).toEqual(['xian']);
    expect(readPinyin('lüse')).toEqual(['lv', 'se']);
  });

  it('refuses a Latin run with any part that is no pinyin', () => {
    expect(readPinyin('showroom')).toBeNull();
    expect(readPinyin('test drive')).toBeNull();
    expect(readPinyin('')).toBeNull();
  });

  it('takes no word longer than anyone types in pinyin (a 4,096-letter run cost 350 ms to split)', () => {
    expect(readPinyin('a'.repeat(4096))).toBeNull();
    expect(readPinyin('ma'.repeat(24))).toHaveLength(24);
    expect(pinyinPairs(`${'a'.repeat(4096)} 试驾`)).toEqual(['shi|jia']);
  });

  it('gives Han and typed pinyin the same pairs, and a homophone typo those of the word meant', () => {
    expect(hanToPinyin('试驾E6要预约吗')).toEqual(['shi', 'jia', 'yao', 'yu', 'yue', 'ma']);
    expect(pinyinPairs('shijia')).toEqual(pinyinPairs('试驾'));
    expect(pinyinPairs('几点关们')).toEqual(pinyinPairs('几点关门'));
    expect(pinyinPairs('what time do you close')).toEqual([]);
  });
});
