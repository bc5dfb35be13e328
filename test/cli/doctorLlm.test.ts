// doctor's LLM lines: each provider asked for its models, the fallback on a line of its own.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { collectChecks } from '../../src/cli/doctor.js';
import { loadConfig } from '../../src/infra/config.js';
import { insertDemoStore } from '../helpers/demoStore.js';
import { startFakeOpenAi, type FakeOpenAi } from '../helpers/fakeOpenAi.js';
import { createTestDb, type TestDb } from '../helpers/testDb.js';

/** A URL on 127.0.0.1 where nothing listens (a port just closed). */
async function deadUrl(): Promise<string> {
  const s = http.createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return `http://127.0.0.1:${port}/v1`;
}

describe('doctor: the LLM', () => {
  let t: TestDb;
  let first: FakeOpenAi;
  afterEach(async () => {
    await first?.close();
    await t?.close();
  });

  const checksFor = async (env: Record<string, string>) => {
    t = await createTestDb();
    await insertDemoStore(t.db);
    return Object.fromEntries((await collectChecks(loadConfig({ DATABASE_URL: t.url, ...env }))).map((c) => [c.part, c]));
  };

  it('shows the first provider and an unreachable fallback, each with its model', async () => {
    first = await startFakeOpenAi('first-model');
    const dead = await deadUrl();
    const checks = await checksFor({
      OPENAI_BASE_URL: first.baseUrl,
      OPENAI_API_KEY: 'sk-first',
      LLM_MODEL: 'first-model',
      LLM_FALLBACK_BASE_URL: dead,
      LLM_FALLBACK_API_KEY: 'sk-second',
      LLM_FALLBACK_MODEL: 'second-model',
    });
    expect(checks.llm).toMatchObject({ status: 'ok', detail: `${first.baseUrl} answers; model first-model` });
    expect(checks['llm fallback'].status).toBe('warn');
    expect(checks['llm fallback'].detail).toMatch(new RegExp(`^${dead} unreachable .*when the first fails too, the bots fall back to retrieval$`));
    expect(first.requests[0].headers.authorization).toBe('Bearer sk-first');
  });

  it('says the fallback answers when the first provider does not', async () => {
    first = await startFakeOpenAi('second-model');
    const checks = await checksFor({
      OPENAI_BASE_URL: await deadUrl(),
      OPENAI_API_KEY: 'sk-first',
      LLM_FALLBACK_BASE_URL: first.baseUrl,
      LLM_FALLBACK_API_KEY: 'sk-second',
    });
    expect(checks.llm.status).toBe('warn');
    expect(checks.llm.detail).toMatch(/unreachable .*; the fallback answers$/);
    expect(checks['llm fallback']).toMatchObject({ status: 'ok', detail: `${first.baseUrl} answers; model gpt-4o-mini` });
  });

  it('has one line, off, without a key', async () => {
    const checks = await checksFor({});
    expect(checks.llm.status).toBe('off');
    expect(checks['llm fallback']).toBeUndefined();
  });
});
