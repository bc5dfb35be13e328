// The ready-to-say answer worded by an LLM (the real `openai` SDK against a fake
// OpenAI-compatible server on 127.0.0.1): a good answer is used; an invented discount,
// a slight on a competitor, a slow or failing server and malformed output all fall back
// to the playbook answer; every call leaves an LlmCall row (purpose 'coach', prompt id
// and version).
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { answerObjection } from '../../../src/bots/coach/answerObjection.js';
import { buildObjectionIndex } from '../../../src/bots/coach/buildObjectionIndex.js';
import { ManualClock } from '../../../src/infra/clock.js';
import { createLlmClient, type LlmClient } from '../../../src/llm/llmClient.js';
import { coachAnswerPrompt } from '../../../src/prompts/coachAnswer.js';
import { demoData } from '../../helpers/demoStore.js';
import { startFakeOpenAi, type FakeOpenAi } from '../../helpers/fakeOpenAi.js';
import { silentLogger } from '../../helpers/silentLogger.js';
import { createTestDb, type TestDb } from '../../helpers/testDb.js';

const data = demoData();
const ix = buildObjectionIndex(data);
const now = new Date('2026-12-03T10:15:00+08:00');
const PLAYBOOK_ZH = data.objections.find((o) => o.id === 'price-too-high')!.sample_responses[0].zh;

describe('coach answers worded by an LLM', () => {
  let fake: FakeOpenAi;
  let t: TestDb;
  beforeAll(async () => {
    fake = await startFakeOpenAi();
  });
  afterAll(async () => fake.close());
  beforeEach(async () => {
    t = await createTestDb();
  });
  afterEach(async () => t.close());

  const client = (timeoutMs = 2000): LlmClient =>
    createLlmClient({ baseUrl: fake.baseUrl, apiKey: 'sk-test', model: 'fake-model', timeoutMs }, { db: t.db, log: silentLogger, clock: new ManualClock(now) });
  const ask = (llm: LlmClient, text = '客户说 E6 太贵了') => answerObjection({ text, now }, { ix, data, llm, log: silentLogger });
  const json = (answer: string) => ({ content: JSON.stringify({ answer }) });

  it('uses a good answer and records the call', async () => {
    const good =
      '理解，二十多万确实要好好算。您的预算大概多少？E6 520 标准续航版 189,800 元，12 月 31 日前下单还有 8,000 元现金优惠，我给您做个落地价对比好吗？';
    fake.enqueue(json(good));
    const r = await ask(client());
    expect(r).toMatchObject({ objectionIds: ['price-too-high'], answer: good, usedLlm: true, llmOutcome: 'ok', lang: 'zh' });
    expect(r.text).toContain(good);
    const call = await t.db.llmCall.findFirstOrThrow();
    expect(call).toMatchObject({
      purpose: 'coach',
      promptId: coachAnswerPrompt.id,
      promptVersion: coachAnswerPrompt.version,
      outcome: 'ok',
      model: 'fake-model',
    });
    const sent = JSON.stringify(fake.requests.at(-1)!.body);
    expect(sent).toContain('8,000');
    expect(sent).toContain('price-too-high');
  });

  it('falls back to the playbook answer on an invented discount, and marks the call rejected', async () => {
    fake.enqueue(json('王先生，E6 我再给您便宜一万，今天就能定。'));
    const r = await ask(client());
    expect(r).toMatchObject({ answer: PLAYBOOK_ZH, usedLlm: false, llmOutcome: 'rejected' });
    expect(r.text).not.toContain('一万');
    expect((await t.db.llmCall.findFirstOrThrow()).outcome).toBe('rejected');
  });

  it('falls back on a slight against a competitor and on the wrong language', async () => {
    fake.enqueue(json('对面那家的车质量不行，买我们的 E6 准没错。'));
    expect(await ask(client(), '客户说对面那家便宜两万')).toMatchObject({ usedLlm: false, llmOutcome: 'rejected' });
    fake.enqueue(json('I understand, the E6 is a big spend. Shall I compare both trims for you?'));
    expect(await ask(client())).toMatchObject({ answer: PLAYBOOK_ZH, llmOutcome: 'rejected' });
  });

  it('falls back within the time budget when the server is slow', async () => {
    fake.enqueue({ ...json('太慢了'), delayMs: 3000 });
    const started = Date.now();
    const r = await ask(client(300));
    expect(Date.now() - started).toBeLessThan(2000);
    expect(r).toMatchObject({ answer: PLAYBOOK_ZH, usedLlm: false, llmOutcome: 'timeout' });
    expect((await t.db.llmCall.findFirstOrThrow()).outcome).toBe('timeout');
  });

  it('falls back on a 500 and on malformed output', async () => {
    // within 2 s there is no room for the retry's own wait (1-2 s): one attempt
    fake.enqueue({ status: 500 });
    expect(await ask(client())).toMatchObject({ answer: PLAYBOOK_ZH, usedLlm: false, llmOutcome: 'error' });
    fake.enqueue({ content: 'Sure! Here is what to say: be nice.' });
    expect(await ask(client())).toMatchObject({ answer: PLAYBOOK_ZH, usedLlm: false });
    fake.enqueue({ content: JSON.stringify({ reply: 'wrong key' }) });
    expect(await ask(client())).toMatchObject({ answer: PLAYBOOK_ZH, usedLlm: false });
    const calls = await t.db.llmCall.findMany({ orderBy: { createdAt: 'asc' } });
    expect(calls).toHaveLength(3);
    expect(calls.every((c) => c.purpose === 'coach')).toBe(true);
    expect(calls.map((c) => c.outcome).sort()).toEqual(['error', 'rejected', 'rejected']);
  });

  it('does not call the model for a text that is no objection', async () => {
    const r = await ask(client(), '今天天气不错');
    expect(r.objectionIds).toEqual([]);
    expect(await t.db.llmCall.count()).toBe(0);
  });
});
