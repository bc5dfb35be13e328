// The callback handler on its own, as any LangChain user would attach it: one row per
// model run with tokens, latency and outcome, and a parser's refusal turning its row to
// rejected.
import { ChatOpenAI } from '@langchain/openai';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ManualClock } from '../../src/infra/clock.js';
import { createLogger } from '../../src/infra/logger.js';
import { LlmCallRecorder } from '../../src/llm/LlmCallRecorder.js';
import { startFakeOpenAi, type FakeOpenAi } from '../helpers/fakeOpenAi.js';
import { createTestDb, type TestDb } from '../helpers/testDb.js';

const NOW = new Date('2026-12-03T10:00:00+08:00');

describe('LlmCallRecorder', () => {
  let fake: FakeOpenAi;
  let t: TestDb;
  beforeEach(async () => {
    fake = await startFakeOpenAi('recorded-model');
    t = await createTestDb();
  });
  afterEach(async () => {
    await fake.close();
    await t.close();
  });

  const model = () => new ChatOpenAI({ model: 'recorded-model', apiKey: 'k', configuration: { baseURL: fake.baseUrl }, maxRetries: 0 });
  const recorder = () =>
    new LlmCallRecorder({ db: t.db, log: createLogger('silent'), clock: new ManualClock(NOW), purpose: 'p', prompt: { id: 'x', version: '3' } });

  it("records a model run's tokens, model and latency", async () => {
    fake.enqueue({ content: 'hi', usage: { prompt_tokens: 1234, completion_tokens: 56 } });
    const r = recorder();
    await model().invoke('hello', { callbacks: [r] });
    const rows = await t.db.llmCall.findMany();
    expect(rows).toEqual([
      expect.objectContaining({
        purpose: 'p',
        provider: 'primary',
        model: 'recorded-model',
        promptId: 'x',
        promptVersion: '3',
        tokensIn: 1234,
        tokensOut: 56,
        outcome: 'ok',
        createdAt: NOW,
      }),
    ]);
    expect(rows[0].latencyMs).toBeGreaterThanOrEqual(0);
    expect(r.answeredAttempt()).toMatchObject({ callId: rows[0].id, tokensIn: 1234, tokensOut: 56 });
  });

  it('records a failed run as error without tokens, and a refused answer as rejected with them', async () => {
    fake.enqueue({ status: 400 }, { content: 'not json', usage: { prompt_tokens: 10, completion_tokens: 2 } });
    const r = recorder();
    await expect(model().invoke('hello', { callbacks: [r] })).rejects.toThrow();
    const structured = model().withStructuredOutput(z.object({ a: z.number() }), { method: 'jsonMode' });
    await expect(structured.invoke('hello JSON', { callbacks: [r] })).rejects.toThrow();
    const rows = await t.db.llmCall.findMany({ orderBy: { createdAt: 'asc' } });
    expect(rows.map((x) => [x.outcome, x.tokensIn])).toEqual([
      ['error', null],
      ['rejected', 10],
    ]);
    expect(r.lastFailure()).toMatchObject({ outcome: 'rejected', failure: 'malformed' });
  });
});
