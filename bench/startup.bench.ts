// `npm start` to the first answer: the real service in its own process (what `npm start`
// runs), timed from the spawn to the first web chat reply to a FAQ question. A fresh start
// (no store, no trained models: the first start after `npm install`) and a start on the
// existing store (models cached), against the same-run baseline: a bare Node HTTP server
// spawned the same way and asked the same way. Targets (issue 16): ≤ 4 s fresh, ≤ 2 s existing.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { projectRoot } from '../src/infra/config.js';
import { DEFAULT_CACHE_DIR } from '../src/understanding/classify/cachedLinearModel.js';
import { findFreePort } from '../test/chaos/startServiceProcess.js';
import { percentile } from './stats.js';

const BASELINE = `require('http').createServer((q, s) => { s.setHeader('content-type', 'application/json'); s.end('{"replies":[{"text":"ok"}]}'); }).listen(Number(process.env.PORT), '127.0.0.1')`;

export async function benchStartup(runs: number): Promise<void> {
  const fresh: number[] = [];
  const existing: number[] = [];
  const baseline: number[] = [];
  for (let run = 0; run < runs; run++) {
    baseline.push(await timeToFirstAnswer(['-e', BASELINE], {}));
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dealerbot-startup-'));
    const env = { DATABASE_URL: `file:${path.join(dir, 'dealerbot.db')}` };
    // the first start after `npm install`: no store, no trained models
    fs.rmSync(DEFAULT_CACHE_DIR, { recursive: true, force: true });
    fresh.push(await timeToFirstAnswer(['--import', 'tsx', 'src/main.ts', 'start'], env));
    existing.push(await timeToFirstAnswer(['--import', 'tsx', 'src/main.ts', 'start'], env));
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const median = (ms: number[]) =>
    percentile(
      [...ms].sort((a, b) => a - b),
      50,
    );
  const line = (name: string, ms: number[]) =>
    console.log(
      `${name.padEnd(34)} p50 ${median(ms).toFixed(0).padStart(5)} ms  max ${Math.max(...ms)
        .toFixed(0)
        .padStart(5)} ms  ${(median(ms) / median(baseline)).toFixed(1)}× the baseline`,
    );
  console.log(`startup: spawn to the first web chat answer, ${runs} runs, ${os.cpus().length} cores`);
  line('baseline (a bare Node HTTP server)', baseline);
  line('fresh store, no cached models', fresh);
  line('existing store, cached models', existing);
}

/** Spawns node with `args` and asks the web chat a FAQ question until it answers; then stops it. */
async function timeToFirstAnswer(args: string[], env: Record<string, string>): Promise<number> {
  const port = await findFreePort();
  const started = performance.now();
  const child = spawn(process.execPath, args, {
    cwd: projectRoot,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env },
    stdio: 'ignore',
  });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const base = `http://127.0.0.1:${port}`;
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`${args.join(' ')} exited with ${child.exitCode} before answering`);
      try {
        const res = await fetch(`${base}/api/chat`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', origin: base },
          body: JSON.stringify({ role: 'customer', text: '营业时间', messageId: 'startup-1' }),
        });
        const body = (await res.json()) as { replies?: { text: string }[] };
        if (res.ok && body.replies?.length) return performance.now() - started;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  } finally {
    child.kill('SIGKILL');
    await exited;
  }
}
