// The process guard: an unhandled rejection or an uncaught exception is logged (name,
// code, masked message) and counted, and the process keeps serving.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { Writable } from 'node:stream';
import { Registry } from 'prom-client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { projectRoot } from '../../src/infra/config.js';
import { createLogger } from '../../src/infra/logger.js';
import { installProcessGuard, PROCESS_ERRORS_METRIC } from '../../src/infra/processGuard.js';
import { insertMinimalStore } from '../helpers/fixtures.js';
import { createTestDb } from '../helpers/testDb.js';

const EVENTS = ['unhandledRejection', 'uncaughtException'] as const;

function memoryLogger() {
  const lines: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      for (const l of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(l));
      done();
    },
  });
  return { log: createLogger('info', sink, 'json'), lines };
}

async function count(registry: Registry, kind: string): Promise<number> {
  const metric = await registry.getSingleMetric(PROCESS_ERRORS_METRIC)!.get();
  return metric.values.find((v) => v.labels.kind === kind)?.value ?? NaN;
}

describe('installProcessGuard', () => {
  // vitest listens for these events itself (it fails the run on an unhandled error): its
  // listeners are set aside while the guard's are the only ones, as in `dealerbot start`
  let saved: Record<string, Array<(...args: unknown[]) => void>>;
  beforeEach(() => {
    saved = {};
    for (const e of EVENTS) {
      saved[e] = process.listeners(e as 'unhandledRejection') as Array<(...args: unknown[]) => void>;
      process.removeAllListeners(e);
    }
  });
  afterEach(() => {
    for (const e of EVENTS) {
      process.removeAllListeners(e);
      for (const l of saved[e]) process.on(e as 'unhandledRejection', l);
    }
    vi.restoreAllMocks();
  });

  it('logs and counts an unhandled rejection without the personal data in it, and nothing exits', async () => {
    const exit = vi.spyOn(process, 'exit').mockImplementation((() => undefined) as never);
    const { log, lines } = memoryLogger();
    const registry = new Registry();
    const uninstall = installProcessGuard(log, { registry });
    expect(await count(registry, 'unhandledRejection')).toBe(0);

    const err = Object.assign(new Error('lookup failed for "王小明" 13812345678 wang@example.com'), { code: 'E_LOOKUP' });
    process.emit('unhandledRejection', err, Promise.resolve());
    expect(await count(registry, 'unhandledRejection')).toBe(1);
    const line = lines.at(-1)!;
    expect(line).toMatchObject({
      level: 50,
      kind: 'unhandledRejection',
      errorName: 'Error',
      errorCode: 'E_LOOKUP',
      msg: 'unhandled promise rejection: still serving',
    });
    expect(line.errorMessage).toBe('lookup failed for "…" 138****5678 …@…');
    expect(JSON.stringify(line)).not.toMatch(/王小明|13812345678|wang@example/);
    expect(String(line.stack)).toMatch(/^at /);

    // a rejection with a value that is no Error: its kind, never the value
    process.emit('unhandledRejection', { phone: '13812345678' }, Promise.resolve());
    expect(lines.at(-1)).toMatchObject({ errorName: 'object', errorMessage: 'a value that is not an Error' });
    expect(JSON.stringify(lines.at(-1))).not.toContain('13812345678');
    expect(await count(registry, 'unhandledRejection')).toBe(2);

    uninstall();
    expect(process.listenerCount('unhandledRejection')).toBe(0);
    expect(exit).not.toHaveBeenCalled();
  });

  it('logs and counts an uncaught exception with a warning, and nothing exits', async () => {
    const exit = vi.spyOn(process, 'exit').mockImplementation((() => undefined) as never);
    const { log, lines } = memoryLogger();
    const registry = new Registry();
    const uninstall = installProcessGuard(log, { registry });
    // what Node does with an uncaught exception once a listener is there (the types lack this form)
    (process.emit as (event: string, ...args: unknown[]) => boolean)(
      'uncaughtException',
      new TypeError("Cannot read properties of undefined (reading 'phone')"),
      'uncaughtException',
    );
    expect(await count(registry, 'uncaughtException')).toBe(1);
    expect(lines.at(-1)).toMatchObject({
      level: 50,
      kind: 'uncaughtException',
      errorName: 'TypeError',
      errorMessage: "Cannot read properties of undefined (reading 'phone')",
    });
    expect(String(lines.at(-1)!.msg)).toMatch(/still serving.*may be inconsistent/);
    uninstall();
    expect(process.listenerCount('uncaughtException')).toBe(0);
    expect(exit).not.toHaveBeenCalled();
  });

  it('installed twice on one registry, shares one counter', async () => {
    const { log } = memoryLogger();
    const registry = new Registry();
    const a = installProcessGuard(log, { registry });
    const b = installProcessGuard(log, { registry });
    process.emit('unhandledRejection', new Error('x'), Promise.resolve());
    expect(await count(registry, 'unhandledRejection')).toBe(2);
    a();
    b();
  });
});

describe('dealerbot start with the guard', () => {
  it('keeps serving after a real unhandled rejection and uncaught exception, then stops on SIGTERM', async () => {
    const t = await createTestDb();
    await insertMinimalStore(t.db);
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(projectRoot, 'test/security/guardedStart.ts')], {
      cwd: projectRoot,
      env: { ...process.env, DATABASE_URL: t.url, PORT: '0', HOST: '127.0.0.1', LOG_FORMAT: 'json', LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const lines: Array<Record<string, unknown>> = [];
    let buffer = '';
    child.stdout.on('data', (d) => {
      buffer += String(d);
      const parts = buffer.split('\n');
      buffer = parts.pop()!;
      for (const p of parts.filter(Boolean)) lines.push(JSON.parse(p));
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += String(d)));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      // the start-up loads every module through tsx: slow on a busy machine, hence the long wait
      const url = await vi.waitFor(() => String(lines.find((l) => typeof l.url === 'string' && String(l.msg).startsWith('dealerbot is up'))!.url), {
        timeout: 60_000,
        interval: 100,
      });
      child.kill('SIGUSR2');
      await vi.waitFor(() => expect(lines.filter((l) => l.kind === 'uncaughtException')).toHaveLength(1), { timeout: 10_000, interval: 50 });
      expect(lines.filter((l) => l.kind === 'unhandledRejection')).toHaveLength(1);
      const health = await fetch(`${url}/healthz`);
      expect(health.status).toBe(200);
      const metrics = await (await fetch(`${url}/metrics`)).text();
      expect(metrics).toContain(`${PROCESS_ERRORS_METRIC}{kind="unhandledRejection"} 1`);
      expect(metrics).toContain(`${PROCESS_ERRORS_METRIC}{kind="uncaughtException"} 1`);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(lines.some((l) => l.msg === 'stopped cleanly')).toBe(true);
    } catch (err) {
      child.kill('SIGKILL');
      throw new Error(`${(err as Error).message}\nchild stderr: ${stderr}`);
    } finally {
      await t.close();
    }
  }, 90_000);
});
