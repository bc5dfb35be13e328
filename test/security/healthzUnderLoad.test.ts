// /healthz stays cheap while the chat is busy: with 50 chat turns sent at once, the probe
// is answered between turns, not after the whole burst.
//
// The bound is relative, not in milliseconds: a turn is CPU work that holds the event loop
// (tens of ms on an idle machine, several hundred on 2 shared cores under other test
// runs), and the probe waits for the turns already started. Without pacing it waited for
// all 50 (seconds); that is what these assertions catch on any machine.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPacer } from '../../src/infra/paceRequests.js';
import { createSecurityApp, type SecurityApp } from './securityApp.js';

describe('/healthz during a burst of chat turns', () => {
  let h: SecurityApp;
  beforeAll(async () => {
    h = await createSecurityApp({ WEB_CHAT_RATE_LIMIT: '1000', LOG_LEVEL: 'warn' });
    await h.listen();
  });
  afterAll(async () => h?.close());

  it('answers between the turns, long before the burst is done', async () => {
    const out = await new Promise<string>((resolve, reject) =>
      execFile(process.execPath, [path.join(import.meta.dirname, 'burstChat.mjs'), String(h.port)], { timeout: 100_000 }, (err, stdout, stderr) =>
        err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(stdout),
      ),
    );
    const { statuses, probes, burstMs } = JSON.parse(out) as {
      statuses: number[];
      probes: Array<{ status: number; ms: number; pendingAfter: number }>;
      burstMs: number;
    };
    const ms = probes.map((p) => p.ms).sort((a, b) => a - b);
    console.log(
      `healthz during the burst: ${probes.length} probes, p50 ${ms[Math.floor(ms.length / 2)].toFixed(0)} ms, max ${ms.at(-1)!.toFixed(0)} ms; burst ${burstMs.toFixed(0)} ms`,
    );
    expect(statuses).toEqual(Array(50).fill(200));
    expect(probes.every((p) => p.status === 200)).toBe(true);
    // the first probe came back while most of the burst was still waiting
    expect(probes[0].pendingAfter).toBeGreaterThanOrEqual(40);
    expect(probes.length).toBeGreaterThanOrEqual(10);
    // and no probe waited for more than a small part of the burst
    expect(Math.max(...probes.map((p) => p.ms))).toBeLessThan(burstMs / 4);
  }, 120_000);
});

describe('createPacer', () => {
  const nextLoopTurn = () => new Promise((r) => setImmediate(r));

  it('starts one handler per turn of the event loop, in order, and lets the others through later', async () => {
    const pacer = createPacer(1);
    const order: number[] = [];
    expect(pacer.admit()).toBeUndefined(); // room in this turn
    const waits = [1, 2, 3].map((n) => pacer.admit()!.then(() => order.push(n)));
    expect(pacer.waiting()).toBe(3);
    await nextLoopTurn();
    expect(order).toEqual([1]);
    await nextLoopTurn();
    expect(order).toEqual([1, 2]);
    await Promise.all(waits);
    expect(order).toEqual([1, 2, 3]);
    expect(pacer.waiting()).toBe(0);
    await nextLoopTurn();
    await nextLoopTurn();
    expect(pacer.admit()).toBeUndefined(); // an idle pacer admits at once again
  });
});
