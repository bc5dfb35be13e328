// `dealerbot ask --json` with two LLM providers configured: the model's pick among the
// search's candidates is the answer's faqId, worded from that entry; with both providers
// down the answer is the search's own.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { runAsk } from '../../src/cli/askCommands.js';
import { loadConfig } from '../../src/infra/config.js';
import { insertDemoStore } from '../helpers/demoStore.js';
import { FAIL, isChat, isStructured, startFakeProviders, type FakeProviders } from '../helpers/fakeOpenAi.js';
import { createTestDb, type TestDb } from '../helpers/testDb.js';

describe('dealerbot ask with an LLM', () => {
  let two: FakeProviders;
  let t: TestDb;
  beforeAll(async () => {
    two = await startFakeProviders();
    t = await createTestDb();
    await insertDemoStore(t.db);
  });
  afterAll(async () => {
    await two.close();
    await t.close();
  });
  afterEach(() => {
    vi.restoreAllMocks();
    two.reset();
  });

  async function ask(question: string): Promise<Record<string, unknown>> {
    const out: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (out.push(String(chunk)), true));
    expect(await runAsk(loadConfig({ DATABASE_URL: t.url, ...two.env(400) }), question, { json: true })).toBe(0);
    vi.restoreAllMocks();
    return JSON.parse(out.join(''));
  }

  it("answers with the model's pick, worded from it", async () => {
    two.primary.enqueue(
      { content: JSON.stringify({ faqId: 'hours-service', alternatives: ['hours-sales'], confidence: 0.8 }), when: isStructured },
      { content: '售后服务时间为周一至周六 08:30–17:30，周日休息。[hours-service]', when: isChat },
    );
    expect(await ask('几点下班')).toMatchObject({
      faqId: 'hours-service',
      answer: '售后服务时间为周一至周六 08:30–17:30，周日休息。',
      confidence: 0.8,
      alternatives: ['hours-sales'],
      sources: ['hours-service'],
    });
  });

  it("answers with the search's own entry and text when both providers fail", async () => {
    for (const fake of [two.primary, two.fallback]) fake.enqueue({ ...FAIL.serverError, when: isStructured }, { ...FAIL.serverError, when: isChat });
    const r = await ask('几点下班');
    expect(r).toMatchObject({ faqId: 'hours-sales', alternatives: ['hours-service'] });
    expect(r.answer).toContain('销售展厅每天 09:00–18:00 营业');
  });
});
