import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cachedLinearModel } from '../../../src/understanding/classify/cachedLinearModel.js';
import { textFeatures } from '../../../src/understanding/classify/textFeatures.js';
import { linearClassifier, trainLinearModel } from '../../../src/understanding/classify/trainLinearClassifier.js';

const EXAMPLES = [
  { id: 'hours', texts: ['几点开门', '营业时间', 'what time do you open', 'opening hours'] },
  { id: 'price', texts: ['多少钱', '什么价格', 'how much is it', 'price please'] },
];
const NONE = ['今天天气怎么样', 'tell me a joke'];
const OPTIONS = { epochs: 5, learningRate: 0.5, l2: 0.0001 };

let dir: string;
let trainings: number;
const train =
  (examples = EXAMPLES) =>
  () => {
    trainings++;
    return trainLinearModel(examples, NONE, textFeatures, OPTIONS);
  };

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'model-cache-'));
  trainings = 0;
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('cachedLinearModel', () => {
  it('trains once, then loads a model that scores exactly as the trained one', () => {
    const trained = cachedLinearModel('t', [EXAMPLES, NONE], train(), { dir });
    const loaded = cachedLinearModel('t', [EXAMPLES, NONE], train(), { dir });
    expect(trainings).toBe(1);
    expect(loaded).not.toBe(trained);
    for (const q of ['你们几点开门', 'how much', '讲个笑话']) {
      expect(linearClassifier(loaded, textFeatures).score(q)).toEqual(linearClassifier(trained, textFeatures).score(q));
    }
    expect(Array.from(loaded.weights)).toEqual(Array.from(trained.weights));
  });

  it('trains again for other inputs, and keeps only the newest few models of a name', () => {
    for (let n = 0; n < 6; n++) {
      const examples = [...EXAMPLES, { id: `extra${n}`, texts: [`extra words ${n}`] }];
      cachedLinearModel('t', [examples, NONE], train(examples), { dir });
    }
    expect(trainings).toBe(6);
    expect(fs.readdirSync(dir).filter((f) => f.startsWith('t-')).length).toBe(4);
  });

  it('trains again over a damaged file, and replaces it', () => {
    cachedLinearModel('t', [EXAMPLES, NONE], train(), { dir });
    const [file] = fs.readdirSync(dir);
    const full = path.join(dir, file!);
    fs.truncateSync(full, fs.statSync(full).size - 8);
    const again = cachedLinearModel('t', [EXAMPLES, NONE], train(), { dir });
    expect(trainings).toBe(2);
    expect(linearClassifier(again, textFeatures).score('几点开门')!.ranked[0]!.id).toBe('hours');
    fs.writeFileSync(full, 'not a model');
    cachedLinearModel('t', [EXAMPLES, NONE], train(), { dir });
    expect(trainings).toBe(3);
    cachedLinearModel('t', [EXAMPLES, NONE], train(), { dir });
    expect(trainings).toBe(3);
  });

  it('trains when the cache cannot be written, and when told not to cache', () => {
    const notADir = path.join(dir, 'file');
    fs.writeFileSync(notADir, '');
    const model = cachedLinearModel('t', [EXAMPLES, NONE], train(), { dir: notADir });
    expect(linearClassifier(model, textFeatures).score('how much is it')!.ranked[0]!.id).toBe('price');
    cachedLinearModel('t', [EXAMPLES, NONE], train(), { dir: null });
    cachedLinearModel('t', [EXAMPLES, NONE], train(), { dir: null });
    expect(trainings).toBe(3);
  });
});
