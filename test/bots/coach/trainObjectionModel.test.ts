// The objection model learned at start-up: the same model on every start, a quick
// training, "no objection" learned from not_objections, and without the examples file
// the coach still reads the playbook's own wordings and refuses chatter.
import { describe, expect, it } from 'vitest';
import { buildObjectionIndex } from '../../../src/bots/coach/buildObjectionIndex.js';
import { classifyObjection } from '../../../src/bots/coach/classifyObjection.js';
import { trainObjectionModel } from '../../../src/bots/coach/trainObjectionModel.js';
import { textFeatures } from '../../../src/understanding/classify/textFeatures.js';
import { demoData } from '../../helpers/demoStore.js';

const data = demoData();

describe('trainObjectionModel', () => {
  it('learns from the phrasings, the names and the examples, the same way every time', () => {
    const a = trainObjectionModel(data);
    const b = trainObjectionModel(data);
    const lines = data.objections.reduce((n, o) => n + o.phrasings.zh.length + o.phrasings.en.length + 2 + (data.objectionExamples[o.id]?.length ?? 0), 0);
    expect(a.size).toBe(lines + data.notObjections.length);
    expect(a.knowsNone).toBe(true);
    const text = '隔壁比亚迪落地便宜两万';
    expect(a.score(text)).toEqual(b.score(text));
    expect(a.score(text)!.ranked[0]!.id).toBe('competitor-cheaper');
    const sum = a.score(text)!.ranked.reduce((s, x) => s + x.posterior, 0) + a.score(text)!.none;
    expect(sum).toBeCloseTo(1, 6);
  });

  it('tells objections from work chatter by what it learned', () => {
    const m = trainObjectionModel(data);
    expect(m.score('帮我把王先生改成 A 级客户')!.none).toBeGreaterThan(0.5);
    expect(m.score('利息这么高我可不贷')!.none).toBeLessThan(0.1);
    // nothing it has ever seen: no opinion at all
    expect(m.score('🙂')).toBeNull();
  });

  it('reads numbers as one kind of thing and ignores particles', () => {
    expect([...textFeatures('贵了三万').keys()]).toEqual([...textFeatures('贵了2万').keys()]);
    expect([...textFeatures('你们的车').keys()].filter((k) => k.startsWith('b'))).toEqual(['b的车']);
  });

  it("without the examples file, still knows the playbook's wordings and needs the trade's words for an objection", () => {
    const bare = { ...data, objectionExamples: {}, notObjections: [] };
    const ix = buildObjectionIndex(bare);
    expect(ix.model.knowsNone).toBe(false);
    expect(classifyObjection('我再考虑考虑', ix).ids[0]).toBe('think-it-over');
    expect(classifyObjection('贷款利息太高了', ix).ids[0]).toBe('finance-interest-high');
    for (const chatter of ['今天天气不错', '下午三点开会', '谢谢']) expect(classifyObjection(chatter, ix).ids).toEqual([]);
  });

  it('trains in well under a second on the demo examples', () => {
    const started = performance.now();
    trainObjectionModel(data);
    // a start-up cost, not a benchmark: generous, so a busy machine does not fail it
    expect(performance.now() - started).toBeLessThan(3000);
  });
});
