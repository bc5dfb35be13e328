// npm run bench -- healthz-burst: how long /healthz takes to answer while 50 chat turns
// (long and adversarial texts beside ordinary ones, test/security/burstChat.mjs) arrive at
// once, beside the same probe on the idle service in the same run. The target is under
// 100 ms for the slowest probe on a kept-alive connection (a monitoring agent's). A probe
// on a new connection is printed too: opening one in the middle of fifty others costs
// more, which the proxy in front (nginx keeps its upstream connections) usually hides.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDealerbot } from '../src/app.js';
import { loadConfig } from '../src/infra/config.js';
import { createLogger } from '../src/infra/logger.js';
import { percentile } from './stats.js';

const TARGET_MS = 100;
const BURST = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'test', 'security', 'burstChat.mjs');

interface Probe {
  status: number;
  ms: number;
}

function runBurst(port: number, newConnection: boolean): Promise<{ probes: Probe[]; burstMs: number }> {
  return new Promise((resolve, reject) =>
    execFile(
      process.execPath,
      [BURST, String(port)],
      { env: { ...process.env, ...(newConnection ? { PROBE_NEW_CONNECTION: '1' } : {}) }, timeout: 120_000 },
      (err, out) => (err ? reject(err) : resolve(JSON.parse(out))),
    ),
  );
}

async function probeIdle(port: number, n: number): Promise<number[]> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const ms: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await new Promise<void>((resolve, reject) =>
      http.get({ host: '127.0.0.1', port, path: '/healthz', agent }, (res) => res.resume().on('end', () => resolve())).on('error', reject),
    );
    ms.push(performance.now() - t0);
  }
  agent.destroy();
  return ms.sort((a, b) => a - b);
}

export async function benchHealthzBurst(runs = 3): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dealerbot-bench-'));
  const config = loadConfig({ DATABASE_URL: `file:${path.join(dir, 'bench.db')}`, PORT: '0', LOG_LEVEL: 'silent', WEB_CHAT_RATE_LIMIT: '100000000' });
  const app = await createDealerbot({ config, log: createLogger('silent') });
  const url = new URL(await app.start());
  const port = Number(url.port);
  const idle = await probeIdle(port, 200);
  const row = (name: string, ms: number[]) =>
    `  ${name.padEnd(44)} ${String(ms.length).padStart(5)} probes  p50 ${percentile(ms, 50).toFixed(1).padStart(6)} ms  max ${ms.at(-1)!.toFixed(1).padStart(6)} ms`;
  console.log(`\n/healthz while 50 chat turns arrive at once (${runs} bursts each), against the idle service`);
  console.log(row('idle service (baseline)', idle));
  for (const fresh of [false, true]) {
    const probes: number[] = [];
    let burstMs = 0;
    for (let r = 0; r < runs; r++) {
      const out = await runBurst(port, fresh);
      probes.push(...out.probes.map((p) => p.ms));
      burstMs += out.burstMs / runs;
    }
    probes.sort((a, b) => a - b);
    console.log(row(fresh ? 'during the burst, a new connection each' : 'during the burst, a kept-alive connection', probes));
    console.log(
      `    ratio to idle: p50 ${(percentile(probes, 50) / percentile(idle, 50)).toFixed(1)}×; burst ${burstMs.toFixed(0)} ms${fresh ? '' : `; target: max < ${TARGET_MS} ms: ${probes.at(-1)! < TARGET_MS ? 'met' : 'NOT met'}`}`,
    );
  }
  await app.stop();
  fs.rmSync(dir, { recursive: true, force: true });
}
