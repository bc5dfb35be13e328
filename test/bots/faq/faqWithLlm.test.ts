// The customer FAQ with an LLM configured, end to end: the service talks to fake
// OpenAI-compatible servers on 127.0.0.1; a grounded answer is sent, an invented number
// or a dead endpoint falls back to the store's own answer; the model's choice among the
// search's candidates, with a fallback provider.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { insertDemoStore } from '../../helpers/demoStore.js';
import { FAIL, isChat, isStructured, startFakeOpenAi, startFakeProviders, type FakeOpenAi, type FakeProviders } from '../../helpers/fakeOpenAi.js';
import { createTestApp, type TestApp } from '../../helpers/testApp.js';
import { allText, buttonValues, webChat } from '../../helpers/webChat.js';

describe('FAQ answers worded by an LLM', () => {
  let llm: FakeOpenAi;
  let h: TestApp;
  beforeAll(async () => {
    llm = await startFakeOpenAi();
  });
  afterAll(async () => llm.close());
  afterEach(async () => h.close());

  const start = async (timeoutMs = 2000) => {
    h = await createTestApp({
      now: '2026-12-03T10:15:00+08:00',
      env: { OPENAI_BASE_URL: llm.baseUrl, OPENAI_API_KEY: 'sk-test', LLM_MODEL: 'fake-model', LLM_TIMEOUT_MS: String(timeoutMs) },
      prepare: async (t) => void (await insertDemoStore(t.db)),
    });
    await webChat(h, 'llm-session-1').press('privacy:agree');
    return webChat(h, 'llm-session-1');
  };

  it("sends the model's answer when every figure comes from the retrieved entry, and records the call", async () => {
    const chat = await start();
    llm.enqueue({ content: '星耀 E6 起售价 189,800 元（520 标准续航版），购置税、保险和上牌费用另计。[price-e6]' });
    const r = await chat.say('E6多少钱');
    expect(allText(r)).toBe('星耀 E6 起售价 189,800 元（520 标准续航版），购置税、保险和上牌费用另计。');
    const call = await h.t.db.llmCall.findFirstOrThrow();
    expect(call).toMatchObject({ purpose: 'faq-answer', promptId: 'faq-answer', promptVersion: '1', outcome: 'ok', model: 'fake-model' });
    const prompt = JSON.stringify(llm.requests.at(-1)!.body);
    expect(prompt).toContain('189,800');
  });

  it("falls back to the store's answer when the model invents a number", async () => {
    const chat = await start();
    llm.enqueue({ content: 'E6 现在下单立减 20,000 元，只要 169,800 元！[price-e6]' });
    const r = allText(await chat.say('E6多少钱'));
    expect(r).not.toContain('20,000');
    expect(r).toContain('189,800');
    expect((await h.t.db.llmCall.findFirstOrThrow()).outcome).toBe('rejected');
  });

  it('falls back within the time budget when the model is slow or failing', async () => {
    const chat = await start(300);
    llm.enqueue({ content: 'slow', delayMs: 3000 });
    const started = Date.now();
    expect(allText(await chat.say('E6多少钱'))).toContain('189,800');
    expect(Date.now() - started).toBeLessThan(2500);
    llm.enqueue({ status: 500 }, { status: 500 });
    expect(allText(await chat.say('X5多少钱'))).toMatch(/\d{3},\d{3}/);
    const outcomes = (await h.t.db.llmCall.findMany({ orderBy: { createdAt: 'asc' } })).map((c) => c.outcome);
    expect(outcomes).toEqual(['timeout', expect.stringMatching(/^(error|timeout)$/)]);
  });
});

// The model picks among the entries the search found; the answer is then worded from the
// picked entry. 几点下班 finds hours-sales (just sure enough) with hours-service as its
// rival; 多少钱 is unsure, with three price entries as "did you mean".
describe('FAQ entry chosen by an LLM, with a fallback provider', () => {
  let two: FakeProviders;
  let h: TestApp;
  beforeAll(async () => {
    two = await startFakeProviders();
  });
  afterAll(async () => two.close());
  afterEach(async () => {
    await h.close();
    two.reset();
  });

  const SALES_HOURS = '销售展厅每天 09:00–18:00 营业';
  const SERVICE_HOURS = '售后服务时间为周一至周六 08:30–17:30，周日休息。[hours-service]';
  const pick = (faqId: string | null, confidence = 0.9, alternatives: string[] = []) => ({
    content: JSON.stringify({ faqId, alternatives, confidence }),
    when: isStructured,
  });
  const worded = (content: string) => ({ content, when: isChat });

  const start = async (timeoutMs = 400) => {
    h = await createTestApp({
      now: '2026-12-03T10:15:00+08:00',
      env: two.env(timeoutMs),
      prepare: async (t) => void (await insertDemoStore(t.db)),
    });
    await webChat(h, 'choice-1').press('privacy:agree');
    return webChat(h, 'choice-1');
  };
  const rows = async () => (await h.t.db.llmCall.findMany({ orderBy: { createdAt: 'asc' } })).map((c) => `${c.purpose}:${c.provider}:${c.outcome}`);

  it("answers from the model's pick among the candidates, worded from that entry only", async () => {
    const chat = await start();
    two.primary.enqueue(pick('hours-service', 0.9, ['hours-sales']), worded(SERVICE_HOURS));
    const r = allText(await chat.say('几点下班'));
    expect(r).toBe('售后服务时间为周一至周六 08:30–17:30，周日休息。');
    const [choice, answer] = two.primary.requests.map((x) => JSON.stringify(x.body.messages));
    expect(choice).toContain('<entry id=\\"hours-sales\\">');
    expect(choice).toContain('<entry id=\\"hours-service\\">');
    expect(two.primary.requests[0].body.response_format).toEqual({ type: 'json_object' });
    // the wording step sees the picked entry, not the search's
    expect(answer).toContain('<entry id=\\"hours-service\\">');
    expect(answer).not.toContain('hours-sales');
    expect(await rows()).toEqual(['faq-choice:primary:ok', 'faq-answer:primary:ok']);
    const call = await h.t.db.llmCall.findFirstOrThrow({ where: { purpose: 'faq-choice' } });
    expect(call).toMatchObject({ promptId: 'faq-choice', promptVersion: '1', model: 'primary-model', tokensIn: 120, tokensOut: 35 });
  });

  it('answers a question the search was unsure of when the model picks one of its suggestions', async () => {
    const chat = await start();
    two.primary.enqueue(pick('price-x5'), { status: 500 });
    two.fallback.enqueue({ status: 500 });
    const r = allText(await chat.say('多少钱'));
    // the wording failed at both providers: the entry composed from today's catalogue
    expect(r).toMatch(/X5.*\d{3},\d{3}/s);
    expect(r).not.toContain('不太确定');
  });

  it('keeps the search answer ("which of these?" and its entries) when the model picks none, or doubts its pick', async () => {
    const chat = await start();
    two.primary.enqueue(pick(null, 0.8));
    const none = await chat.say('多少钱');
    expect(allText(none)).toContain('您问的是下面哪一个');
    expect(buttonValues(none).filter((b) => b.startsWith('faq:price-')).length).toBeGreaterThanOrEqual(2);
    expect(buttonValues(none).at(-1)).toBe('human');
    two.primary.enqueue(pick('hours-service', 0.3), worded(`${SALES_HOURS}。[hours-sales]`));
    expect(allText(await chat.say('几点下班'))).toContain(SALES_HOURS);
    expect(await rows()).toEqual(['faq-choice:primary:ok', 'faq-choice:primary:ok', 'faq-answer:primary:ok']);
  });

  it('rejects a pick that is not among the candidates and asks the fallback provider', async () => {
    const chat = await start();
    two.primary.enqueue(pick('price-e6'), worded(SERVICE_HOURS));
    two.fallback.enqueue(pick('hours-service'));
    expect(allText(await chat.say('几点下班'))).toBe('售后服务时间为周一至周六 08:30–17:30，周日休息。');
    expect(await rows()).toEqual(['faq-choice:primary:rejected', 'faq-choice:fallback:ok', 'faq-answer:primary:ok']);
  });

  it.each([
    ['a 500', FAIL.serverError, 'error'],
    ['a timeout', FAIL.tooSlow, 'timeout'],
    ['malformed JSON', FAIL.notJson, 'rejected'],
  ] as const)('lets the fallback provider choose when the first gives %s', async (_name, failure, outcome) => {
    const chat = await start();
    two.primary.enqueue({ ...failure, when: isStructured }, worded(SERVICE_HOURS));
    two.fallback.enqueue(pick('hours-service'));
    expect(allText(await chat.say('几点下班'))).toBe('售后服务时间为周一至周六 08:30–17:30，周日休息。');
    expect(await rows()).toEqual([`faq-choice:primary:${outcome}`, 'faq-choice:fallback:ok', 'faq-answer:primary:ok']);
  });

  it("sends the search's own answer when both providers fail at both steps, every attempt recorded", async () => {
    const chat = await start();
    two.primary.enqueue({ ...FAIL.tooSlow, when: isStructured }, { ...FAIL.serverError, when: isChat });
    two.fallback.enqueue({ ...FAIL.notJson, when: isStructured }, { content: ' ', when: isChat });
    const started = Date.now();
    expect(allText(await chat.say('几点下班'))).toContain(SALES_HOURS);
    // each step waits at most its two deadlines (400 ms each)
    expect(Date.now() - started).toBeLessThan(2500);
    expect(await rows()).toEqual(['faq-choice:primary:timeout', 'faq-choice:fallback:rejected', 'faq-answer:primary:error', 'faq-answer:fallback:rejected']);
  });

  it('does not wait on the providers a second time in a turn when both just timed out choosing', async () => {
    const chat = await start();
    // no wording scripted: a call for it would be answered 400 and show as a row
    two.primary.enqueue({ ...FAIL.tooSlow, when: isStructured });
    two.fallback.enqueue({ ...FAIL.tooSlow, when: isStructured });
    const started = Date.now();
    expect(allText(await chat.say('几点下班'))).toContain(SALES_HOURS);
    expect(Date.now() - started).toBeLessThan(1500);
    expect(await rows()).toEqual(['faq-choice:primary:timeout', 'faq-choice:fallback:timeout']);
    expect(two.primary.requests.filter((r) => isChat(r.body))).toHaveLength(0);
  });

  it('does not ask the model to choose when the search is sure and has no rival, or the question is not ours', async () => {
    const chat = await start();
    two.primary.enqueue(worded('星耀 E6 起售价 189,800 元（520 标准续航版），购置税、保险和上牌费用另计。[price-e6]'));
    expect(allText(await chat.say('E6多少钱'))).toContain('189,800');
    expect(allText(await chat.say('附近有什么好吃的'))).toContain('不在本店能解答的范围');
    expect(await rows()).toEqual(['faq-answer:primary:ok']);
  });
});
