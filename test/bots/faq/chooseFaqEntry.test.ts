// The model's pick among the search's candidates, against a stand-in LlmClient that
// validates its answer with the caller's schema as the real client does: which questions
// ask the model at all, what it is shown, and what the customer gets for each kind of pick.
// (The real client, two providers and the LlmCall rows: faqWithLlm.test.ts.)
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { Answer } from '../../../src/bots/faq/answerQuestion.js';
import { buildKnowledgeIndex, type KnowledgeBase } from '../../../src/bots/faq/buildKnowledgeIndex.js';
import { chooseFaqEntry } from '../../../src/bots/faq/chooseFaqEntry.js';
import { composeAnswer } from '../../../src/bots/faq/composeAnswer.js';
import { createLogger } from '../../../src/infra/logger.js';
import { type LlmClient, LlmUnavailableError } from '../../../src/llm/llmClient.js';
import { loadStoreData } from '../../../src/storeData/loadStoreData.js';

const NOW = new Date('2026-12-03T10:15:00+08:00');
const log = createLogger('silent');
let kb: KnowledgeBase;
beforeAll(() => {
  kb = buildKnowledgeIndex(loadStoreData('data/demo-dealership'));
});

/** A client whose structured() answers `value` (checked by the request's schema) or throws `error`. */
function stubLlm(reply: { value?: unknown; error?: unknown }) {
  const requests: any[] = [];
  const llm: LlmClient = {
    model: 'stub',
    complete: () => Promise.reject(new Error('not used')),
    async structured(req) {
      requests.push(req);
      if (reply.error) throw reply.error;
      const parsed = req.schema.safeParse(reply.value);
      if (!parsed.success) throw new LlmUnavailableError('malformed');
      return { value: parsed.data, callId: 'c1', provider: 'primary', model: 'stub' };
    },
    recordOutcome: async () => {},
  };
  return { llm, requests };
}

const found = (over: Partial<Answer>): Answer => ({
  faqId: 'hours-sales',
  answer: kb.faqs.get('hours-sales')!.answer.zh,
  lang: 'zh',
  confidence: 0.32,
  alternatives: ['hours-service'],
  sources: ['hours-sales'],
  ...over,
});
const choose = (question: string, f: Answer, llm?: LlmClient) => chooseFaqEntry(question, f, { kb, llm, now: NOW, log });

describe('chooseFaqEntry', () => {
  it("shows the model the search's best and its alternatives, in the customer's language, and answers from its pick", async () => {
    const { llm, requests } = stubLlm({ value: { faqId: 'hours-service', alternatives: ['hours-sales', 'hours-service'], confidence: 0.9 } });
    const r = await choose('营业时间', found({}), llm);
    expect(r.outcome).toBe('chosen');
    expect(r.answer).toEqual({
      faqId: 'hours-service',
      answer: composeAnswer('hours-service', kb, { now: NOW, lang: 'zh' }).text,
      lang: 'zh',
      confidence: 0.9,
      alternatives: ['hours-sales'],
      sources: ['hours-service'],
    });
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({ purpose: 'faq-choice', prompt: { id: 'faq-choice', version: '1' } });
    const entries = requests[0].args.entries as { id: string; questions: string[]; answer: string }[];
    expect(entries.map((e) => e.id)).toEqual(['hours-sales', 'hours-service']);
    expect(entries[1].questions[0]).toBe('售后几点上班？');
    expect(entries[1].answer.length).toBeLessThanOrEqual(160);
  });

  it('chooses among the entries the search would ask "which?" about, and keeps the question on none', async () => {
    const asking = found({ faqId: null, answer: '您问的是下面哪一个？', alternatives: [], sources: [], clarify: ['fuel-economy', 'compare-x5-petrol-hev'] });
    const { llm, requests } = stubLlm({ value: { faqId: 'fuel-economy', alternatives: [], confidence: 0.8 } });
    const r = await choose('X5一百公里多少油', asking, llm);
    expect(requests[0].args.entries.map((e: { id: string }) => e.id)).toEqual(['fuel-economy', 'compare-x5-petrol-hev']);
    expect(r).toMatchObject({ outcome: 'chosen', answer: { faqId: 'fuel-economy' } });
    expect(r.answer.clarify).toBeUndefined();
    const none = stubLlm({ value: { faqId: null, alternatives: [], confidence: 0.2 } });
    expect(await choose('X5一百公里多少油', asking, none.llm)).toEqual({ outcome: 'none', answer: asking });
  });

  it('keeps the search answer when the model confirms it, with the confidence and alternatives it gave', async () => {
    const { llm } = stubLlm({ value: { faqId: 'hours-sales', alternatives: [], confidence: 0.95 } });
    const f = found({});
    expect(await choose('营业时间', f, llm)).toEqual({ outcome: 'chosen', answer: { ...f, confidence: 0.95, alternatives: [] } });
  });

  it('offers at most five candidates, known entries only, once each', async () => {
    const { llm, requests } = stubLlm({ value: { faqId: null, alternatives: [], confidence: 0.9 } });
    await choose(
      '多少钱',
      found({ faqId: null, alternatives: ['price-s5', 'no-such-entry', 'price-x7', 'price-s5', 'price-m8', 'price-e6', 'price-s3', 'price-x5'] }),
      llm,
    );
    expect(requests[0].args.entries.map((e: { id: string }) => e.id)).toEqual(['price-s5', 'price-x7', 'price-m8', 'price-e6', 'price-s3']);
  });

  it('keeps the search answer on "none of these" and on a pick the model doubts', async () => {
    const unsure = found({ faqId: null, answer: '抱歉，这个问题我不太确定', alternatives: ['price-s5', 'price-x7'] });
    for (const value of [
      { faqId: null, alternatives: ['price-s5'], confidence: 0.9 },
      { faqId: 'price-s5', alternatives: [], confidence: 0.49 },
    ]) {
      expect(await choose('多少钱', unsure, stubLlm({ value }).llm)).toEqual({ outcome: 'none', answer: unsure });
    }
  });

  it('refuses a pick or an alternative that is not among the candidates: the search answer stands', async () => {
    const f = found({});
    for (const value of [
      { faqId: 'price-e6', alternatives: [], confidence: 0.9 },
      { faqId: 'hours-service', alternatives: ['price-e6'], confidence: 0.9 },
      { faqId: 'hours-service', confidence: 1.5 },
      { pick: 'hours-service' },
    ]) {
      expect(await choose('营业时间', f, stubLlm({ value }).llm)).toEqual({ outcome: 'rejected', answer: f });
    }
  });

  it('keeps the search answer when every provider fails, saying how', async () => {
    const f = found({});
    expect(await choose('营业时间', f, stubLlm({ error: new LlmUnavailableError('timeout') }).llm)).toEqual({ outcome: 'timeout', answer: f });
    expect(await choose('营业时间', f, stubLlm({ error: new LlmUnavailableError('http_503') }).llm)).toEqual({ outcome: 'error', answer: f });
    const logged = createLogger('silent');
    const spy = vi.spyOn(logged, 'error');
    expect(await chooseFaqEntry('营业时间', f, { kb, llm: stubLlm({ error: new TypeError('a bug') }).llm, now: NOW, log: logged })).toEqual({
      outcome: 'error',
      answer: f,
    });
    expect(spy).toHaveBeenCalledOnce();
  });

  it('does not ask the model when there is nothing to choose', async () => {
    const { llm, requests } = stubLlm({ value: { faqId: 'price-e6', alternatives: [], confidence: 1 } });
    const sure = found({ faqId: 'price-e6', confidence: 1, alternatives: [] });
    expect(await choose('E6多少钱', sure, llm)).toEqual({ outcome: 'skipped', answer: sure });
    const notOurs = found({ faqId: null, alternatives: [], notOurs: true });
    expect((await choose('附近有什么好吃的', notOurs, llm)).outcome).toBe('skipped');
    expect((await choose('？？', found({ faqId: null, alternatives: [] }), llm)).outcome).toBe('skipped');
    expect(requests).toHaveLength(0);
    expect(await choose('营业时间', found({}), undefined)).toEqual({ outcome: 'no_llm', answer: found({}) });
  });
});
