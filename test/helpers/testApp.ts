// A whole dealerbot service on a test database (minimal store unless told otherwise),
// built by the same composition root as `dealerbot start`.
import { createDealerbot, type Dealerbot } from '../../src/app.js';
import { ManualClock } from '../../src/infra/clock.js';
import { loadConfig } from '../../src/infra/config.js';
import { insertMinimalStore } from './fixtures.js';
import { silentLogger } from './silentLogger.js';
import { createTestDb, type TestDb } from './testDb.js';

export interface TestApp {
  app: Dealerbot;
  t: TestDb;
  clock: ManualClock;
  close(): Promise<void>;
}

export async function createTestApp(opts: { env?: Record<string, string>; now?: string; prepare?: (t: TestDb) => Promise<void> } = {}): Promise<TestApp> {
  const t = await createTestDb();
  await (opts.prepare ?? ((x) => insertMinimalStore(x.db).then(() => undefined)))(t);
  const clock = new ManualClock(opts.now ?? '2026-12-03T02:15:00Z');
  const config = loadConfig({ DATABASE_URL: t.url, PORT: '0', LOG_LEVEL: 'silent', ...opts.env });
  const app = await createDealerbot({ config, clock, log: silentLogger });
  return {
    app,
    t,
    clock,
    async close() {
      await app.stop();
      await t.close();
    },
  };
}
