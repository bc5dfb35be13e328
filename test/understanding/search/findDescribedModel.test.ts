// A car named by what it is: a description that fits one catalogue model names it; one
// that fits several, or none, names nothing.
import path from 'node:path';
import { expect, it } from 'vitest';
import { normalizeText } from '../../../src/understanding/nlu/normalizeText.js';
import { buildDescribedModelFinder } from '../../../src/understanding/search/findDescribedModel.js';
import { buildModelMatcher } from '../../../src/understanding/search/buildModelMatcher.js';
import { loadStoreData } from '../../../src/storeData/loadStoreData.js';

const models = loadStoreData(path.resolve('data/demo-dealership')).catalog.models;
const described = buildDescribedModelFinder(models);

it.each([
  ['你们那个纯电的轿车卖多少', 'e6'],
  ['七座的SUV有现车吗', 'x7'],
  ['那台插电混动的轿车', 's5'],
  ['the seven-seat suv', 'x7'],
  ['do you have an all-electric car', 'e6'],
  ['七座的商务车', 'm8'],
])('%s → %s', (text, id) => {
  expect(described(normalizeText(text))).toBe(id);
});

it.each(['七座那台多少钱', 'SUV有哪些', '轿车多少钱', '混动的省油吗', '明天天气', ''])('%s names no one model', (text) => {
  expect(described(normalizeText(text))).toBeNull();
});

it('is used by the model matcher only when no model is named by name', () => {
  const match = buildModelMatcher(models);
  expect(match(normalizeText('纯电的轿车多少钱')).modelIds).toEqual(['e6']);
  expect(match(normalizeText('S5和纯电的轿车比')).modelIds).toEqual(['s5']);
  expect(match(normalizeText('宝马X5有纯电的吗')).modelIds).toEqual([]); // another brand's car was named
});
