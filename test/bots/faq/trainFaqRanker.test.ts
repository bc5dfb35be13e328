// The FAQ's learned ranker and its blend with the retrieval, on the demo store: pinyin,
// traditional characters, homophone typos and informal English find their entry; a
// question that is not the store's gets no entry; a store without examples still ranks.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { answerQuestion } from '../../../src/bots/faq/answerQuestion.js';
import { buildKnowledgeIndex } from '../../../src/bots/faq/buildKnowledgeIndex.js';
import { searchKnowledge } from '../../../src/bots/faq/searchKnowledge.js';
import { trainFaqRanker } from '../../../src/bots/faq/trainFaqRanker.js';
import { loadStoreData } from '../../../src/storeData/loadStoreData.js';

const data = loadStoreData(path.resolve('data/demo-dealership'));
const kb = buildKnowledgeIndex(data);
const NOW = new Date('2026-12-05T10:00:00+08:00');

describe('the FAQ ranker', () => {
  it.each([
    ['shijia yao yuyue ma', 'testdrive-booking'],
    ['zhanting jidianguanmen', 'hours-sales'],
    ['展厅几点关们', 'hours-sales'],
    ['試駕要預約嗎', 'testdrive-booking'],
    ['u guys open sunday', 'hours-sales'],
  ])('finds the entry for %s', (question, expected) => {
    expect(searchKnowledge(question, kb).faqId).toBe(expected);
  });

  it("gives no entry for a question that is not the store's, suggests none, and says so with a person offered", () => {
    const match = searchKnowledge('明天天气怎么样', kb);
    expect(match).toMatchObject({ faqId: null, alternatives: [], notOurs: true });
    const zh = answerQuestion('明天天气怎么样', kb, { now: NOW });
    expect(zh).toMatchObject({ faqId: null, notOurs: true, lang: 'zh' });
    expect(zh.answer).toMatch(/不在本店能解答的范围内[\s\S]*转人工/);
    const en = answerQuestion("what's the weather like tomorrow in shanghai", kb, { now: NOW });
    expect(en).toMatchObject({ faqId: null, notOurs: true, lang: 'en' });
    expect(en.answer).toMatch(/not something this store can answer[\s\S]*human/);
    // a question of ours that the search is merely unsure of is no "not ours"
    expect(searchKnowledge('多少钱', kb).notOurs).toBeUndefined();
  });

  it('learns out-of-scope questions as a class of their own', () => {
    const scores = kb.ranker!.score('明天上海下雨吗')!;
    expect(scores.none).toBeGreaterThan(scores.ranked[0]!.posterior);
    expect(kb.ranker!.knowsNone).toBe(true);
  });

  it('is trained once per process for the same store data', () => {
    expect(trainFaqRanker(loadStoreData(path.resolve('data/demo-dealership')), kb.matchModels)).toBe(kb.ranker);
  });

  it('searches by retrieval alone when a store ships no examples (too few texts to learn from)', () => {
    const bare = buildKnowledgeIndex({ ...data, faqExamples: {}, outOfScope: [] });
    expect(bare.ranker).toBeUndefined();
    expect(searchKnowledge('周日可以来看车吗', bare).faqId).toBe('hours-sales');
  });
});
