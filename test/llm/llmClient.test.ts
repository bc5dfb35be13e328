// LangChain's ChatOpenAI (the real `openai` SDK under it) against fake servers on
// 127.0.0.1: deadlines, retries, typed failures, structured output, the fallback
// provider, and the LlmCall row every attempt leaves.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ChatPromptTemplate } from '@langchain/core/prompts';
import { ManualClock } from '../../src/infra/clock.js';
import { createLlmClient, LlmUnavailableError, type LlmClient } from '../../src/llm/llmClient.js';
import { createLogger } from '../../src/infra/logger.js';
import { loadConfig } from '../../src/infra/config.js';
import type { Prompt } from '../../src/prompts/prompt.js';
import { FAIL, FAKE_USAGE, startFakeOpenAi, startFakeProviders, type FakeOpenAi, type FakeProviders } from '../helpers/fakeOpenAi.js';
import { createTestDb, type TestDb } from '../helpers/testDb.js';

const NOW = new Date('2026-12-03T10:00:00+08:00');
/** One user message, the text given: the client's own behaviour is under test, not a prompt's. */
const PROMPT: Prompt<{ text: string }> = {
  id: 'test-prompt',
  version: '7',
  template: ChatPromptTemplate.fromMessages([['human', '{text}']]),
  variables: ({ text }) => ({ text }),
};
const HELLO = { text: 'hello' };

let fake: FakeOpenAi;
let t: TestDb;

beforeEach(async () => {
  fake = await startFakeOpenAi();
  t = await createTestDb();
});
afterEach(async () => {
  await fake.close();
  await t.close();
});

function client(timeoutMs = 2000, baseUrl = fake.baseUrl): LlmClient {
  return createLlmClient(
    { baseUrl, apiKey: 'test-key', model: 'fake-model', timeoutMs },
    { db: t.db, log: createLogger('silent'), clock: new ManualClock(NOW) },
  );
}

async function failureOf(p: Promise<unknown>): Promise<LlmUnavailableError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(LlmUnavailableError);
  return err as LlmUnavailableError;
}

describe('llmClient', () => {
  it('returns the text and tokens, sends model and key, and records the call', async () => {
    fake.enqueue({ content: 'hi there' });
    const res = await client().complete({ purpose: 'test', prompt: PROMPT, args: HELLO, maxTokens: 50 });
    expect(res).toMatchObject({ text: 'hi there', tokensIn: FAKE_USAGE.prompt_tokens, tokensOut: FAKE_USAGE.completion_tokens });
    expect(fake.requests[0].headers.authorization).toBe('Bearer test-key');
    expect(fake.requests[0].body).toMatchObject({ model: 'fake-model', messages: [{ role: 'user', content: 'hello' }], max_tokens: 50 });
    expect(fake.requests[0].body.response_format).toBeUndefined();
    const row = await t.db.llmCall.findUniqueOrThrow({ where: { id: res.callId } });
    expect(row).toMatchObject({
      purpose: 'test',
      model: 'fake-model',
      promptId: 'test-prompt',
      promptVersion: '7',
      tokensIn: 120,
      tokensOut: 35,
      outcome: 'ok',
      createdAt: NOW,
    });
    expect(row.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it('gives up at the deadline on a slow server: timeout, recorded', async () => {
    fake.enqueue({ content: 'too late', delayMs: 5000 });
    const started = Date.now();
    const err = await failureOf(client(300).complete({ purpose: 'test', prompt: PROMPT, args: HELLO }));
    expect(err.reason).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(1500);
    const rows = await t.db.llmCall.findMany();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ outcome: 'timeout', tokensIn: null });
  });

  // LangChain's withRetry waits 1-2 s before its retry, so these give the call room for it
  it('retries a 500 once when the deadline has room, then fails as http_500, each attempt recorded as error', async () => {
    fake.enqueue({ status: 500 }, { status: 500 });
    const err = await failureOf(client(5000).complete({ purpose: 'test', prompt: PROMPT, args: HELLO }));
    expect(err.reason).toBe('http_500');
    expect(fake.requests).toHaveLength(2);
    expect((await t.db.llmCall.findMany()).map((r) => r.outcome)).toEqual(['error', 'error']);
  });

  it('honours retry-after on a 429 and succeeds on the retry', async () => {
    fake.enqueue({ status: 429, headers: { 'retry-after': '0' } }, { content: 'ok now' });
    const res = await client(5000).complete({ purpose: 'test', prompt: PROMPT, args: HELLO });
    expect(res.text).toBe('ok now');
    expect(fake.requests).toHaveLength(2);
  });

  it('does not retry when the wait would not fit the deadline: fails at once', async () => {
    fake.enqueue({ status: 429, headers: { 'retry-after': '2' } });
    const started = Date.now();
    const err = await failureOf(client(2500).complete({ purpose: 'test', prompt: PROMPT, args: HELLO }));
    expect(err.reason).toBe('http_429');
    expect(Date.now() - started).toBeLessThan(1000);
    expect(fake.requests).toHaveLength(1);
    fake.enqueue({ status: 500 });
    // a 500 with 1.5 s left: the retry's own wait (up to 2 s) would not fit
    expect((await failureOf(client(1500).complete({ purpose: 'test', prompt: PROMPT, args: HELLO }))).reason).toBe('http_500');
    expect(fake.requests).toHaveLength(2);
  });

  it('does not retry a spent quota (429 insufficient_quota)', async () => {
    fake.enqueue({
      status: 429,
      rawBody: JSON.stringify({ error: { message: 'You exceeded your current quota', type: 'insufficient_quota', code: 'insufficient_quota' } }),
    });
    expect((await failureOf(client(5000).complete({ purpose: 'test', prompt: PROMPT, args: HELLO }))).reason).toBe('http_429');
    expect(fake.requests).toHaveLength(1);
  });

  it('treats an empty answer as malformed, recorded as rejected with its tokens', async () => {
    fake.enqueue({ content: '  ' });
    expect((await failureOf(client().complete({ purpose: 'test', prompt: PROMPT, args: HELLO }))).reason).toBe('malformed');
    expect(await t.db.llmCall.findMany()).toMatchObject([{ outcome: 'rejected', tokensIn: 120, tokensOut: 35 }]);
  });

  it('does not retry a 401 and names its status', async () => {
    fake.enqueue({ status: 401 });
    expect((await failureOf(client().complete({ purpose: 'test', prompt: PROMPT, args: HELLO }))).reason).toBe('http_401');
    expect(fake.requests).toHaveLength(1);
  });

  it('reports a refused connection as network', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const err = await failureOf(client(3000, `http://127.0.0.1:${port}/v1`).complete({ purpose: 'test', prompt: PROMPT, args: HELLO }));
    expect(err.reason).toBe('network');
    expect((await t.db.llmCall.findMany())[0].outcome).toBe('error');
  });

  it('reports a body that is not JSON as malformed', async () => {
    fake.enqueue({ rawBody: '{"choices": [' });
    expect((await failureOf(client().complete({ purpose: 'test', prompt: PROMPT, args: HELLO }))).reason).toBe('malformed');
  });

  it('corrects an outcome with recordOutcome', async () => {
    fake.enqueue({ content: 'an answer' });
    const llm = client();
    const res = await llm.complete({ purpose: 'test', prompt: PROMPT, args: HELLO });
    await llm.recordOutcome(res.callId, 'rejected');
    expect((await t.db.llmCall.findUniqueOrThrow({ where: { id: res.callId } })).outcome).toBe('rejected');
  });

  describe('structured', () => {
    const Score = z.object({ score: z.number().int().min(0).max(100), feedback: z.string() });
    const ASK = { text: 'Score this reply. Answer in JSON: {"score": 0-100, "feedback": "..."}' };

    it('asks for a JSON object and returns the validated value', async () => {
      fake.enqueue({ content: '{"score": 82, "feedback": "good needs analysis"}' });
      const res = await client().structured({ purpose: 'coach-score', prompt: PROMPT, args: ASK, schema: Score });
      expect(res.value).toEqual({ score: 82, feedback: 'good needs analysis' });
      expect(fake.requests[0].body.response_format).toEqual({ type: 'json_object' });
    });

    it('accepts JSON inside a code fence', async () => {
      fake.enqueue({ content: '```json\n{"score": 60, "feedback": "ok"}\n```' });
      expect((await client().structured({ purpose: 'coach-score', prompt: PROMPT, args: ASK, schema: Score })).value.score).toBe(60);
    });

    it.each([
      ['not JSON', 'Sure! The score is 82.'],
      ['the wrong shape', '{"score": "eighty", "feedback": 1}'],
    ])('throws malformed on %s and records the call as rejected', async (_name, content) => {
      fake.enqueue({ content });
      const err = await failureOf(client().structured({ purpose: 'coach-score', prompt: PROMPT, args: ASK, schema: Score }));
      expect(err.reason).toBe('malformed');
      expect((await t.db.llmCall.findMany())[0]).toMatchObject({ outcome: 'rejected', promptId: 'test-prompt' });
    });
  });

  describe('with a fallback provider', () => {
    let two: FakeProviders;
    beforeEach(async () => {
      two = await startFakeProviders();
    });
    afterEach(async () => two.close());

    const Pick = z.object({ pick: z.enum(['a', 'b']) });
    const ASK = { text: 'Pick a or b. Answer in JSON: {"pick": "a"|"b"}' };
    /** the two fakes as configured by their env, each with `timeoutMs` */
    const withFallback = (timeoutMs: number) =>
      createLlmClient(loadConfig(two.env(timeoutMs)).llm!, { db: t.db, log: createLogger('silent'), clock: new ManualClock(NOW) });
    const rows = () => t.db.llmCall.findMany({ orderBy: { createdAt: 'asc' } });

    it.each([
      ['a 500', FAIL.serverError, 'error'],
      ['a timeout', FAIL.tooSlow, 'timeout'],
      ['malformed JSON', FAIL.notJson, 'rejected'],
    ] as const)('answers when the first provider gives %s, each attempt recorded with its provider', async (_name, failure, outcome) => {
      two.primary.enqueue(failure);
      two.fallback.enqueue({ content: '{"pick": "b"}', usage: { prompt_tokens: 300, completion_tokens: 7 } });
      const started = Date.now();
      const res = await withFallback(400).structured({ purpose: 'test-pick', prompt: PROMPT, args: ASK, schema: Pick });
      expect(Date.now() - started).toBeLessThan(1500);
      expect(res).toMatchObject({ value: { pick: 'b' }, provider: 'fallback', model: 'fallback-model', tokensIn: 300, tokensOut: 7 });
      expect(two.fallback.requests[0].headers.authorization).toBe('Bearer sk-fallback');
      expect(two.fallback.requests[0].body).toMatchObject({ model: 'fallback-model', response_format: { type: 'json_object' } });
      const [first, second] = await rows();
      expect(first).toMatchObject({ purpose: 'test-pick', provider: 'primary', model: 'primary-model', outcome, promptId: 'test-prompt', promptVersion: '7' });
      // a malformed answer still cost its tokens
      expect(first.tokensIn).toBe(outcome === 'rejected' ? 120 : null);
      expect(second).toMatchObject({ id: res.callId, provider: 'fallback', model: 'fallback-model', outcome: 'ok', tokensIn: 300, tokensOut: 7 });
    });

    it('gives the fallback its own deadline after a first provider that used all of its own', async () => {
      two.primary.enqueue(FAIL.tooSlow);
      two.fallback.enqueue({ content: 'from the fallback', delayMs: 250 });
      const res = await withFallback(400).complete({ purpose: 'test', prompt: PROMPT, args: HELLO });
      expect(res).toMatchObject({ text: 'from the fallback', provider: 'fallback' });
      expect((await rows()).map((r) => [r.provider, r.outcome])).toEqual([
        ['primary', 'timeout'],
        ['fallback', 'ok'],
      ]);
    });

    it('retries the first provider before falling back when there is time, and records all three attempts', async () => {
      two.primary.enqueue(FAIL.serverError, { status: 503 });
      two.fallback.enqueue({ content: 'from the fallback' });
      const res = await withFallback(5000).complete({ purpose: 'test', prompt: PROMPT, args: HELLO });
      expect(res.text).toBe('from the fallback');
      expect((await rows()).map((r) => [r.provider, r.outcome])).toEqual([
        ['primary', 'error'],
        ['primary', 'error'],
        ['fallback', 'ok'],
      ]);
    });

    it('falls back on a 401 without retrying it (a wrong key does not heal)', async () => {
      two.primary.enqueue({ status: 401 });
      two.fallback.enqueue({ content: 'from the fallback' });
      expect((await withFallback(5000).complete({ purpose: 'test', prompt: PROMPT, args: HELLO })).text).toBe('from the fallback');
      expect(two.primary.requests).toHaveLength(1);
    });

    it("fails with the last provider's reason when both fail, each attempt recorded", async () => {
      two.primary.enqueue(FAIL.serverError);
      two.fallback.enqueue(FAIL.notJson);
      const err = await failureOf(withFallback(400).structured({ purpose: 'test-pick', prompt: PROMPT, args: ASK, schema: Pick }));
      expect(err.reason).toBe('malformed');
      expect((await rows()).map((r) => [r.provider, r.outcome])).toEqual([
        ['primary', 'error'],
        ['fallback', 'rejected'],
      ]);
    });

    it('does not call the fallback when the first provider answers', async () => {
      two.primary.enqueue({ content: '{"pick": "a"}' });
      const res = await withFallback(400).structured({ purpose: 'test-pick', prompt: PROMPT, args: ASK, schema: Pick });
      expect(res).toMatchObject({ value: { pick: 'a' }, provider: 'primary' });
      expect(two.fallback.requests).toHaveLength(0);
      expect(await rows()).toHaveLength(1);
    });

    it('rejects a value outside the schema (an option not offered) and asks the fallback', async () => {
      two.primary.enqueue({ content: '{"pick": "c"}' });
      two.fallback.enqueue({ content: '{"pick": "a"}' });
      expect((await withFallback(400).structured({ purpose: 'test-pick', prompt: PROMPT, args: ASK, schema: Pick })).value).toEqual({ pick: 'a' });
      expect((await rows()).map((r) => r.outcome)).toEqual(['rejected', 'ok']);
    });
  });
});
