// A web chat wired to the practice bot and a catch-all, on the demo store with an injected
// clock (and an LLM when the env names one): what the practice tests start from.
import { createPracticeBot } from '../../src/bots/coach/practiceBot.js';
import { registerWebChannel } from '../../src/channels/web/registerWebChannel.js';
import type { Bot } from '../../src/core/bot.js';
import { ManualClock } from '../../src/infra/clock.js';
import { loadConfig } from '../../src/infra/config.js';
import { createHttpServer } from '../../src/infra/httpServer.js';
import { createLlmClient } from '../../src/llm/llmClient.js';
import type { Understanding } from '../../src/understanding/nlu/understand.js';
import { Pipeline } from '../../src/core/pipeline.js';
import { demoData, insertDemoStore } from './demoStore.js';
import { silentLogger } from './silentLogger.js';
import type { TestApp } from './testApp.js';
import { createTestDb } from './testDb.js';
import { webChat } from './webChat.js';

/** A trainee's three good replies to "price too high" on the E6. */
export const GOOD_ZH = [
  '理解，二十多万确实要好好算。方便说下您的预算大概多少吗？',
  '如果主要是市区通勤，520 标准续航版 189,800 元就够用；12 月 31 日前下单 E6 还有 8,000 元现金优惠，电池质保 8 年。',
  '我给您做一份两个版本的落地价对比，周六来店试驾一下好吗？',
];

/** A web chat wired to the practice bot (and a catch-all), built from the pieces as app.ts will. */
export async function createPracticeApp(opts: { env?: Record<string, string>; now?: string; data?: ReturnType<typeof demoData> } = {}) {
  const t = await createTestDb();
  const store = await insertDemoStore(t.db);
  const clock = new ManualClock(opts.now ?? '2026-12-03T02:15:00Z'); // Thursday 10:15 store time
  const config = loadConfig({ DATABASE_URL: t.url, PORT: '0', LOG_LEVEL: 'silent', ...opts.env });
  const llm = config.llm ? createLlmClient(config.llm, { db: t.db, log: silentLogger, clock }) : undefined;
  const catchAll: Bot = { name: 'catch-all', sides: ['staff', 'customer'], handle: async (ctx) => (ctx.reply({ text: '(other bots)' }), true) };
  const pipeline = new Pipeline({
    db: t.db,
    clock,
    log: silentLogger,
    store,
    bots: [createPracticeBot({ data: opts.data ?? demoData(), llm }), catchAll],
    understand: () => ({ intent: 'other' }) as unknown as Understanding,
  });
  const http = createHttpServer(silentLogger);
  await registerWebChannel(http, { db: t.db, pipeline, config, store, clock, welcome: () => ({ text: 'hi' }) });
  await http.ready();
  const h = { app: { http } } as unknown as TestApp;
  return {
    t,
    clock,
    store,
    pipeline,
    chat: (staffId: string) => webChat(h, `practice-${staffId}`, 'staff', staffId),
    async close() {
      await http.close();
      await t.close();
    },
  };
}
