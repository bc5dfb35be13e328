// A web chat turn through the whole path (HTTP → validation → dedupe → identity →
// conversation → router → bot → transcript) beside a bare Fastify route that answers the
// same JSON on the same server: what the core costs per message.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDealerbot } from '../src/app.js';
import { loadConfig } from '../src/infra/config.js';
import { createLogger } from '../src/infra/logger.js';
import { printComparison, timeEach } from './stats.js';

export async function benchWebChatTurn(n = 2000): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dealerbot-bench-'));
  const config = loadConfig({ DATABASE_URL: `file:${path.join(dir, 'bench.db')}`, PORT: '0', LOG_LEVEL: 'silent', WEB_CHAT_RATE_LIMIT: '100000000' });
  const app = await createDealerbot({ config, log: createLogger('silent') });
  const canned = { replies: [{ text: 'Hello and welcome!', buttons: [{ label: 'Book a test drive', value: 'book_test_drive' }] }] };
  app.http.post('/bench/bare', async () => canned);

  const body = () => JSON.stringify({ role: 'customer', text: 'hello' });
  const headers = { 'content-type': 'application/json' };
  // 50 visitors: each one's session is the cookie the server sets on their first message
  const cookies: string[] = [];
  // warm both paths (JIT, prepared statements) before measuring
  for (let i = 0; i < 50; i++) {
    await app.http.inject({ method: 'POST', url: '/bench/bare', payload: body(), headers });
    const first = await app.http.inject({ method: 'POST', url: '/api/chat', payload: body(), headers });
    cookies.push(String(first.headers['set-cookie']).split(';')[0]);
  }
  const bare = await timeEach('bare Fastify route', n, (i) =>
    app.http.inject({ method: 'POST', url: '/bench/bare', payload: body(), headers: { ...headers, cookie: cookies[i % 50] } }),
  );
  const full = await timeEach('POST /api/chat (full pipeline)', n, async (i) => {
    const res = await app.http.inject({ method: 'POST', url: '/api/chat', payload: body(), headers: { ...headers, cookie: cookies[i % 50] } });
    if (res.statusCode !== 200) throw new Error(`unexpected ${res.statusCode}: ${res.body}`);
  });
  printComparison(`web chat turn, ${n} messages over 50 sessions (SQLite, WAL)`, full, bare);
  await app.stop();
  fs.rmSync(dir, { recursive: true, force: true });
}
