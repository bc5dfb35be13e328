import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildModelMatcher } from '../../../src/understanding/nlu/buildModelMatcher.js';
import { normalizeText } from '../../../src/understanding/nlu/normalizeText.js';
import { loadStoreData } from '../../../src/storeData/loadStoreData.js';
import type { CatalogModelData } from '../../../src/storeData/storeDataSchema.js';

const DATA_DIR = path.resolve('data/demo-dealership');
const models = loadStoreData(DATA_DIR).catalog.models;
const mentions = (text: string, catalogue: CatalogModelData[] = models) => buildModelMatcher(catalogue)(normalizeText(text));
/** The model a booking names: the first alias, else the one model described (as understand reads it). */
const match = (text: string, catalogue: CatalogModelData[] = models) => {
  const m = mentions(text, catalogue);
  return m.modelIds[0] ?? m.describedId;
};

describe('buildModelMatcher', () => {
  it.each([
    ['x5油车版本', 'x5'],
    ['E6长续航', 'e6'],
    ['E6 标续', 'e6'],
    ['E6 650', 'e6'],
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

  it.each([
    ['x 5', 'x5'],
    ['X-5', 'x5'],
    ['E 6', 'e6'],
    ['那台 MPV', 'm8'],
    ['S5 插混', 's5'],
  ])('finds an alias however it is spaced: %s', (text, id) => {
    expect(mentions(text).modelIds).toEqual([id]);
  });

  it.each(['宝马X5', '宝马 X5', '宝马 x 5', 'BMW X5', "bmw's x5", '奥迪S3', '奥迪的S3', 'Audi S3', '比亚迪e6', 'BYD e6', '宝马M8', '试驾宝马X7'])(
    'ignores another brand’s car, and says one was named: %s',
    (text) => {
      expect(match(text)).toBeNull();
      expect(mentions(text).otherBrand).toBe(true);
    },
  );

  it('still finds ours next to another brand’s', () => {
    expect(match('奥迪S3和星耀S3比怎么样')).toBe('s3');
    expect(match('我开的是宝马X5，想看看你们的X5')).toBe('x5');
    expect(mentions('我开的是宝马X5，想看看你们的X5').otherBrand).toBe(true);
    expect(mentions('想看看你们的X5').otherBrand).toBe(false);
  });

  it('needs token edges for Latin ids', () => {
    expect(match('x50')).toBeNull();
    expect(match('ds3')).toBeNull();
    expect(match('every day')).toBeNull();
    expect(match('plus 5 seats')).toBeNull();
  });

  it('lists every model named, in order of mention, each once', () => {
    expect(mentions('S5和E6哪个好').modelIds).toEqual(['s5', 'e6']);
    expect(mentions('E6 还是 S5，还是 E6 长续航').modelIds).toEqual(['e6', 's5']);
    expect(match('S5和E6哪个好')).toBe('s5');
  });

  it('blanks what it read, so an alias’s words count once and other words stay', () => {
    const { rest } = mentions('星耀X7四驱版多少钱');
    expect(rest).toBe('    四驱版多少钱');
    expect(mentions('宝马 x5 和 x7 比').rest.trim()).toBe('和    比');
  });

  it('does not bridge a blanked alias with loose spacing: "the" + Xingyao M8 + "MPV" is no "the MPV"', () => {
    expect(mentions('What does the Xingyao M8 MPV cost?').rest).toMatch(/^what does the {12}mpv cost\?$/);
  });

  it('reads the code inside a model’s name, whatever the brand', () => {
    const renamed = models.map((m) => (m.id === 'x5' ? { ...m, name: { zh: '北辰 X5', en: 'Beichen X5' }, aliases: ['北辰X5'] } : m));
    expect(match('北辰 X5 多少钱', renamed)).toBe('x5');
    expect(match('Beichen X5', renamed)).toBe('x5');
    expect(match('x5 几座', renamed)).toBe('x5');
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

  it('says which model the words describe beside the ones an alias names', () => {
    expect(mentions('S5和纯电的比').modelIds).toEqual(['s5']);
    expect(mentions('S5和纯电的比').describedId).toBe('e6');
  });

  it.each(['SUV', '插混', '轿车', '七座', '油车', '新能源'])('leaves an ambiguous descriptor unmatched: %s', (text) => {
    expect(match(text)).toBeNull();
  });

  it('derives descriptors from the catalogue, not from ids', () => {
    const secondEv = { ...models.find((m) => m.id === 'e6')!, id: 'e9', name: { zh: '星耀 E9', en: 'Xingyao E9' }, aliases: ['E9'], not_aliases: [] };
    expect(match('纯电', [...models, secondEv])).toBeNull();
    expect(match('electric', [...models, secondEv])).toBeNull();
    expect(match('那款电车', [...models, secondEv])).toBe('e6'); // an alias in catalog.yaml
  });

  it('finds nothing in a message without a model', () => {
    expect(match('我想约个试驾')).toBeNull();
    expect(match('明天下午两点')).toBeNull();
    expect(mentions('明天下午两点')).toEqual({ modelIds: [], describedId: null, otherBrand: false, rest: '明天下午两点', restUndescribed: '明天下午两点' });
  });

  it('finds a model code typed straight into pinyin, and only into pinyin', () => {
    expect(match('x7duoshaoqian')).toBe('x7');
    expect(match('s3duoshaoqianya')).toBe('s3');
    expect(match('x5jiage')).toBe('x5');
    expect(match('x5showroom')).toBeNull(); // not pinyin: one word, no model
    expect(match('e6xyzq')).toBeNull();
  });

  it('gives the text without the description that named the model, and keeps a description that names none', () => {
    const described = mentions('纯电的轿车多少钱');
    expect(described.describedId).toBe('e6');
    expect(described.restUndescribed).not.toMatch(/纯电|轿车/);
    expect(described.restUndescribed).toContain('多少钱');
    // 插混 and 纯电 together fit no one model: the comparison's words stay
    const compared = mentions('插混和纯电哪个好');
    expect(compared.describedId).toBeNull();
    expect(compared.restUndescribed).toBe(compared.rest);
    expect(compared.rest).toContain('插混');
  });

  it.each([
    ['how much is the 7 seater SUV', 'x7'],
    ['five seater suv', 'x5'],
  ])('reads a seat count written with a space: %s', (text, id) => {
    expect(match(text)).toBe(id);
  });

  it('builds one matcher per catalogue', () => {
    expect(buildModelMatcher(models)).toBe(buildModelMatcher(models));
  });
});
