// A car named by what it is: a description that fits one catalogue model names it; one
// that fits several, or none, names nothing; the search takes it only when no model is named.
import path from 'node:path';
import { expect, it } from 'vitest';
import { buildModelMatcher, modelsAbout } from '../../../src/understanding/nlu/buildModelMatcher.js';
import { normalizeText } from '../../../src/understanding/nlu/normalizeText.js';
import { loadStoreData } from '../../../src/storeData/loadStoreData.js';

const models = loadStoreData(path.resolve('data/demo-dealership')).catalog.models;
const match = buildModelMatcher(models);
const about = (text: string) => modelsAbout(match(normalizeText(text)));

it.each([
  ['你们那个纯电的轿车卖多少', 'e6'],
  ['七座的SUV有现车吗', 'x7'],
  ['那台插电混动的轿车', 's5'],
  ['the seven-seat suv', 'x7'],
  ['七座的商务车', 'm8'],
  ['五座的混动SUV', 'x5'],
])('%s → %s', (text, id) => {
  expect(about(text)).toEqual([id]);
});

it.each(['七座那台多少钱', 'SUV有哪些', '轿车多少钱', '明天天气', ''])('%s names no one model', (text) => {
  expect(about(text)).toEqual([]);
});

it('prefers a model named by name, and takes no description beside another brand', () => {
  expect(about('S5和纯电的轿车比')).toEqual(['s5']);
  expect(about('宝马X5有纯电的吗')).toEqual([]);
});
