import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildModelMatcher } from '../../../src/understanding/nlu/buildModelMatcher.js';
import { tokenizeForSearch } from '../../../src/understanding/search/tokenizeForSearch.js';
import { loadStoreData } from '../../../src/storeData/loadStoreData.js';

const { catalog } = loadStoreData(path.resolve('data/demo-dealership'));
const matchModels = buildModelMatcher(catalog.models);
const tokenize = (text: string) => tokenizeForSearch(text, matchModels);

describe('tokenizeForSearch', () => {
  it('gives Chinese words and overlapping bigrams, without particles', () => {
    const { terms } = tokenize('家里小区能装充电桩吗');
    expect(terms).toEqual(expect.arrayContaining(['家里', '小区', '充电', '电桩', '区能']));
    expect(terms).not.toContain('桩吗');
    expect(terms).not.toContain('吗');
  });

  it('maps trade synonyms onto one concept', () => {
    for (const q of ['首付多少', '头款多少', 'minimum down payment']) expect(tokenize(q).terms, q).toContain('#downpayment');
    expect(tokenize('最便宜的多少钱').terms).toContain('#price');
    // the longer form wins: cheapest is a price question, not a discount one
    expect(tokenize('最便宜的多少钱').terms).not.toContain('#promotion');
    expect(tokenize('parking').terms).toContain('#parking');
    expect(tokenize('park').terms).toContain('#parking');
  });

  it('names catalogue models by alias, as a model term', () => {
    expect(tokenize('星耀X7四驱版').modelIds).toEqual(['x7']);
    expect(tokenize('S5 和 E6 比').modelIds).toEqual(['s5', 'e6']);
    expect(tokenize('那款电车').terms).toContain('@e6');
    expect(tokenize('s30').modelIds).toEqual([]);
  });

  it('does not take a not_alias for our model, however it is spaced', () => {
    for (const q of ['宝马X5', '宝马 x5', 'BMW X5', "bmw's x5", '比亚迪e6']) {
      const tokens = tokenize(q);
      expect(tokens.modelIds, q).toEqual([]);
      expect(tokens.otherBrand, q).toBe(true);
    }
    expect(tokenize('特斯拉 Model 3').otherBrand).toBe(true);
  });

  it('normalizes traditional and full-width input first', () => {
    expect(tokenize('試駕預約').terms).toEqual(tokenize('试驾预约').terms);
    expect(tokenize('Ｘ５').modelIds).toEqual(['x5']);
  });

  it('folds English inflections', () => {
    expect(tokenize('cancelled').terms).toEqual(tokenize('cancel').terms);
    expect(tokenize('deposits').terms).toEqual(tokenize('deposit').terms);
  });
});
