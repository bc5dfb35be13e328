// The coach's objection classifier without an LLM: the playbook's ids for the customer's
// words in simplified or traditional Chinese and English, several when a text carries
// several objections, none for what is no objection; and the dev sets' accuracy.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildObjectionIndex } from '../../../src/bots/coach/buildObjectionIndex.js';
import { classifyObjection } from '../../../src/bots/coach/classifyObjection.js';
import { evalObjections } from '../../../src/eval/evalObjections.js';
import { DEMO_DIR, demoData } from '../../helpers/demoStore.js';

const ix = buildObjectionIndex(demoData());
const top = (text: string) => classifyObjection(text, ix).ids[0] ?? null;

describe('classifyObjection', () => {
  it.each([
    ['太贵了，超预算了', 'price-too-high'],
    ['这价格比我预算高出两万', 'price-too-high'],
    ["It's way more than I wanted to spend.", 'price-too-high'],
    ['对面那家同级别的车便宜一万多', 'competitor-cheaper'],
    ['The BYD dealer down the road is much cheaper.', 'competitor-cheaper'],
    ['我回去再考虑考虑', 'think-it-over'],
    ['I need to sleep on it.', 'think-it-over'],
    ['要跟我老婆商量一下', 'ask-family'],
    ['My husband has the final say.', 'ask-family'],
    ['等年底看看还会不会降价', 'wait-for-price-drop'],
    ['这牌子我都没听过', 'brand-trust'],
    ['三年后还能卖多少钱，保值吗', 'resale-value'],
    ['冬天续航会不会打对折', 'ev-range-anxiety'],
    ['小区没车位，装不了充电桩', 'charging-inconvenience'],
    ['电池会不会自燃', 'quality-reliability'],
    ['要等两个月才能提车？', 'delivery-wait-too-long'],
    ['我就随便看看', 'just-looking'],
    ['再送一套脚垫我就定了', 'wants-extras'],
    ['贷款利息太高了', 'finance-interest-high'],
    ['我的旧车你们估价太低了', 'tradein-value-low'],
    ['网上好多人说你们车机老死机', 'negative-reviews'],
  ])('%s → %s', (text, id) => {
    expect(top(text)).toBe(id);
  });

  it.each([
    ['這個價格太貴了，超出預算', 'price-too-high'],
    ['我得回家跟老婆商量一下', 'ask-family'],
    ['電車冬天續航會不會打對折', 'ev-range-anxiety'],
    ['舊車估價也太低了吧', 'tradein-value-low'],
    ['網上評論說你們售後很差', 'negative-reviews'],
  ])('reads traditional Chinese: %s → %s', (text, id) => {
    expect(top(text)).toBe(id);
  });

  it.each(['今天天气不错', '下午三点开会', 'What time is the team meeting?', '你好', '谢谢', ''])('finds no objection in "%s"', (text) => {
    const m = classifyObjection(text, ix);
    expect(m.ids).toEqual([]);
    expect(m.confidence).toBeLessThan(0.35);
  });

  it('lists a second objection when the text carries two', () => {
    const m = classifyObjection('太贵了，而且还得回家跟老婆商量', ix);
    expect(m.ids.slice(0, 2).sort()).toEqual(['ask-family', 'price-too-high']);
  });

  it('knows the model named and answers in the language written', () => {
    const m = classifyObjection('E6 太贵了', ix);
    expect(m).toMatchObject({ ids: ['price-too-high'], modelIds: ['e6'], lang: 'zh' });
    expect(classifyObjection('The X7 is too expensive', ix)).toMatchObject({ modelIds: ['x7'], lang: 'en' });
  });

  // Measured on sets nobody tuned on when first run (docs/coach.md has the history):
  // objection-phrasings-b.jsonl was written by a helper that saw neither the code nor set A,
  // and scored 90/96 the first time it was run; a tuning change that drops it below 90% is
  // overfitting to the other sets.
  it.each([
    ['the playbook dev set', path.join(DEMO_DIR, 'objections-dev.jsonl')],
    ['our own paraphrases', path.resolve('test/bots/coach/objection-paraphrases.jsonl')],
    ['fresh phrasings A (tuned on)', path.resolve('test/bots/coach/objection-phrasings-a.jsonl')],
    ['fresh phrasings B (held out)', path.resolve('test/bots/coach/objection-phrasings-b.jsonl')],
    ['work chatter and neutral questions (no objection)', path.resolve('test/bots/coach/not-objections.jsonl')],
  ])('reaches 90%% top-1 on %s', (_name, file) => {
    const r = evalObjections(file, ix);
    expect(r.total).toBeGreaterThanOrEqual(20);
    expect(r.accuracy, JSON.stringify(r.misses)).toBeGreaterThanOrEqual(0.9);
  });
});
