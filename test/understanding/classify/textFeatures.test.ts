import { describe, expect, it } from 'vitest';
import { textFeatures } from '../../../src/understanding/classify/textFeatures.js';

describe('textFeatures', () => {
  it('reads every amount as one number token, in figures or spoken, exact or vague', () => {
    const base = textFeatures('比我想的贵了三万');
    for (const text of ['比我想的贵了2万', '比我想的贵了十几万', '比我想的贵了两万', '比我想的贵了30万']) expect(textFeatures(text), text).toEqual(base);
    expect(base.get('b0万')).toBe(1);
  });

  it('keeps numerals that are no amount as words', () => {
    expect(textFeatures('一起去看看').has('b一起')).toBe(true);
  });
});
