// The linear classifier: learns classes from examples, gives a spread-out "none" class its
// own weights (where naive Bayes spreads it thin), is deterministic, and knows when a text
// has nothing it learned.
import { describe, expect, it } from 'vitest';
import { textFeatures } from '../../../src/understanding/classify/textFeatures.js';
import { trainLinearClassifier } from '../../../src/understanding/classify/trainLinearClassifier.js';

const examples = [
  { id: 'hours', texts: ['几点开门', '几点关门', '周末营业吗', 'when do you open', 'opening hours', '晚上开到几点'] },
  { id: 'price', texts: ['多少钱', '什么价格', '最低价多少', 'how much is it', 'what is the price', '报价多少'] },
];
// every one about something else: no two share much
const none = ['明天天气怎么样', '推荐个电影', '附近有什么好吃的', 'who won the game', 'tell me a joke', '股票涨了吗'];
const OPTIONS = { epochs: 10, learningRate: 0.5, l2: 0.0001 };

describe('trainLinearClassifier', () => {
  const classifier = trainLinearClassifier(examples, none, textFeatures, OPTIONS);

  it('ranks the class whose examples a new wording shares', () => {
    expect(classifier.score('你们几点开门啊')!.ranked[0]!.id).toBe('hours');
    expect(classifier.score('price please')!.ranked[0]!.id).toBe('price');
  });

  it('gives "none" to a text like the unrelated examples', () => {
    const s = classifier.score('明天会下雨吗 天气')!;
    expect(s.none).toBeGreaterThan(s.ranked[0]!.posterior);
    expect(classifier.knowsNone).toBe(true);
  });

  it('has posteriors that sum to 1 with "none"', () => {
    const s = classifier.score('多少钱')!;
    expect(s.ranked.reduce((sum, r) => sum + r.posterior, s.none)).toBeCloseTo(1, 9);
  });

  it('is deterministic: the same examples give the same scores', () => {
    const again = trainLinearClassifier(examples, none, textFeatures, OPTIONS);
    expect(again.score('周末几点关门')).toEqual(classifier.score('周末几点关门'));
  });

  it('returns null for a text with no feature it learned, and works without a none class', () => {
    expect(classifier.score('🙂🙂')).toBeNull();
    const plain = trainLinearClassifier(examples, [], textFeatures, OPTIONS);
    expect(plain.knowsNone).toBe(false);
    expect(plain.score('多少钱')!.none).toBe(0);
  });
});
