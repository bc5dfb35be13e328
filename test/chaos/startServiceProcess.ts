// The real service as a separate process (`node --import tsx src/main.ts start`, what
// `npm start` runs), so it can be killed with SIGKILL like a crashed or OOM-killed server:
// no shutdown hook runs, whatever was in flight is cut off. Its JSON log goes to a file
// (for a post-mortem) and is scanned for the line saying it is up.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { projectRoot } from '../../src/infra/config.js';

export interface ServiceProcess {
  pid: number;
  /** resolves with the exit code or signal once the process is gone */
  exited: Promise<string>;
  /** SIGKILL, and wait until it is gone */
  kill(): Promise<void>;
  /** SIGTERM (a graceful stop) and wait until it is gone; SIGKILL after `graceMs`. True if it stopped by itself. */
  stop(graceMs?: number): Promise<boolean>;
}

/** A port free now, for a service that must keep its address across restarts (webhooks point at it). */
export async function findFreePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * Starts the service with `env` (on top of a clean environment: the test runner's own
 * variables stay out) and waits until it logs that it is up.
 */
export async function startServiceProcess(env: Record<string, string>, logFile: string, startTimeoutMs = 90_000): Promise<ServiceProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(projectRoot, 'src/main.ts'), 'start'], {
    cwd: projectRoot,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', TMPDIR: process.env.TMPDIR ?? '/tmp', LOG_FORMAT: 'json', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log = fs.createWriteStream(logFile, { flags: 'a' });
  log.write(`--- start ${new Date().toISOString()}\n`);
  const exited = new Promise<string>((resolve) => child.on('exit', (code, signal) => resolve(signal ?? String(code))));
  child.stdout!.pipe(log, { end: false });
  child.stderr!.pipe(log, { end: false });
  // 'close' comes after the last output: the log ends only then
  child.on('close', (code, signal) => log.end(`--- exit ${signal ?? code} ${new Date().toISOString()}\n`));
  await waitUntilUp(child, exited, startTimeoutMs, logFile);
  return {
    pid: child.pid!,
    exited,
    async kill() {
      child.kill('SIGKILL');
      await exited;
    },
    async stop(graceMs = 15_000) {
      child.kill('SIGTERM');
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), graceMs)));
      const how = await Promise.race([exited, late]);
      clearTimeout(timer);
      if (how !== 'late') return true;
      child.kill('SIGKILL');
      await exited;
      return false;
    },
  };
}

async function waitUntilUp(child: ChildProcess, exited: Promise<string>, timeoutMs: number, logFile: string): Promise<void> {
  let buffer = '';
  let timer: NodeJS.Timeout | undefined;
  const up = new Promise<void>((resolve) => {
    const onData = (d: Buffer) => {
      buffer += String(d);
      if (buffer.includes('"dealerbot is up')) {
        child.stdout!.off('data', onData);
        resolve();
      }
      // only the tail can hold a line that is still being written
      buffer = buffer.slice(-4096);
    };
    child.stdout!.on('data', onData);
  });
  const failed = exited.then((how) => Promise.reject(new Error(`the service exited (${how}) before it was up: see ${logFile}`)));
  const late = new Promise<never>(
    (_, reject) => (timer = setTimeout(() => reject(new Error(`the service was not up within ${timeoutMs} ms: see ${logFile}`)), timeoutMs)),
  );
  try {
    await Promise.race([up, failed, late]);
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  } finally {
    clearTimeout(timer);
    failed.catch(() => undefined);
  }
}
