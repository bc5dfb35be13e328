// The customer FAQ with an LLM configured, end to end: the service talks to a fake
// OpenAI-compatible server on 127.0.0.1; a grounded answer is sent, an invented number
// or a dead endpoint falls back to the store's own answer.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { insertDemoStore } from '../../helpers/demoStore.js';
import { startFakeOpenAi, type FakeOpenAi } from '../../helpers/fakeOpenAi.js';
import { createTestApp, type TestApp } from '../../helpers/testApp.js';
import { allText, webChat } from '../../helpers/webChat.js';

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
