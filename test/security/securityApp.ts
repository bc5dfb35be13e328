// The real service (createDealerbot, as `dealerbot start` builds it) on a test database,
// with its log lines kept for assertions and, when asked, listening on 127.0.0.1:<any>.
import { Writable } from 'node:stream';
import { createDealerbot, type Dealerbot } from '../../src/app.js';
import { ManualClock } from '../../src/infra/clock.js';
import { loadConfig } from '../../src/infra/config.js';
import { createLogger } from '../../src/infra/logger.js';
import { insertMinimalStore } from '../helpers/fixtures.js';
import { createTestDb, type TestDb } from '../helpers/testDb.js';

export interface SecurityApp {
  app: Dealerbot;
  t: TestDb;
  /** JSON log lines written so far */
  logs: Array<Record<string, unknown>>;
  /** set by listen() */
  port: number;
  /** Starts the service (HTTP server, outbox, scheduler) on 127.0.0.1 and a free port. */
  listen(tune?: (server: Dealerbot['http']['server']) => void): Promise<number>;
  close(): Promise<void>;
}

export async function createSecurityApp(env: Record<string, string> = {}): Promise<SecurityApp> {
  const t = await createTestDb();
  await insertMinimalStore(t.db);
  const logs: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) logs.push(JSON.parse(line));
      done();
    },
  });
  const config = loadConfig({ DATABASE_URL: t.url, PORT: '0', ...env });
  const app = await createDealerbot({ config, clock: new ManualClock('2026-12-03T02:15:00Z'), log: createLogger('debug', sink, 'json') });
  const h: SecurityApp = {
    app,
    t,
    logs,
    port: 0,
    async listen(tune) {
      tune?.(app.http.server);
      const url = new URL(await app.start());
      h.port = Number(url.port);
      return h.port;
    },
    async close() {
      await app.stop();
      await t.close();
    },
  };
  return h;
}
