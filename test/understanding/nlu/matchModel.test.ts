import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { matchModel } from '../../../src/understanding/nlu/matchModel.js';
import { loadStoreData } from '../../../src/storeData/loadStoreData.js';
import type { CatalogModelData } from '../../../src/storeData/storeDataSchema.js';

const DATA_DIR = path.resolve('data/demo-dealership');
const models = loadStoreData(DATA_DIR).catalog.models;
const match = (text: string, catalogue: CatalogModelData[] = models) => matchModel(text, catalogue);

describe('matchModel', () => {
  it.each([
    ['x5油车版本', 'x5'],
    ['E6长续航', 'e6'],
    ['E6 标续', 'e6'],
    ['星耀M8', 'm8'],
    ['星耀 X7', 'x7'],
    ['Xingyao S5', 's5'],
    ['the X5 hybrid', 'x5'],
    ['s3', 's3'],
    ['试驾一下S3吧', 's3'],
    ['Ｅ６多少钱', 'e6'],
    ['S5插混', 's5'],
    ['7座SUV', 'x7'],
    ['seven-seat SUV', 'x7'],
  ])('finds the model by alias: %s', (text, id) => {
    expect(match(text)).toBe(id);
  });

  it.each(['宝马X5', '宝马 X5', 'BMW X5', "bmw's x5", '奥迪S3', '奥迪的S3', 'Audi S3', '比亚迪e6', 'BYD e6', '宝马M8', '试驾宝马X7'])(
    'ignores another brand’s car: %s',
    (text) => {
      expect(match(text)).toBeNull();
    },
  );

  it('still finds ours next to another brand’s', () => {
    expect(match('奥迪S3和星耀S3比怎么样')).toBe('s3');
    expect(match('我开的是宝马X5，想看看你们的X5')).toBe('x5');
  });

  it('needs token edges for Latin ids', () => {
    expect(match('x50')).toBeNull();
    expect(match('ds3')).toBeNull();
    expect(match('every day')).toBeNull();
  });

  it('takes the model named first', () => {
    expect(match('S5和E6哪个好')).toBe('s5');
  });

  it.each([
    ['那款电车', 'e6'],
    ['纯电的', 'e6'],
    ['an EV', 'e6'],
    ['the electric one', 'e6'],
    ['MPV', 'm8'],
    ['商务车', 'm8'],
    ['插混SUV', 'x7'],
    ['七座的MPV', 'm8'],
  ])('finds the only model that fits a descriptor: %s', (text, id) => {
    expect(match(text)).toBe(id);
  });

  it.each(['SUV', '插混', '轿车', '七座', '油车', '新能源'])('leaves an ambiguous descriptor unmatched: %s', (text) => {
    expect(match(text)).toBeNull();
  });

  it('derives descriptors from the catalogue, not from ids', () => {
    const secondEv = { ...models.find((m) => m.id === 'e6')!, id: 'e9', aliases: ['E9'], not_aliases: [] };
    expect(match('纯电', [...models, secondEv])).toBeNull();
    expect(match('electric', [...models, secondEv])).toBeNull();
    expect(match('那款电车', [...models, secondEv])).toBe('e6'); // an alias in catalog.yaml
  });

  it('finds nothing in a message without a model', () => {
    expect(match('我想约个试驾')).toBeNull();
    expect(match('明天下午两点')).toBeNull();
  });
});
