// The headless Chromium the browser tests drive through playwright-core (which downloads
// no browser): CHROMIUM_PATH when set, else Debian's /usr/bin/chromium when installed, else
// the Chromium that comes from npm (@sparticuz/chromium), so `npm install && npm test`
// is enough on a fresh machine. The npm one ships without CJK fonts: Chinese text renders
// as boxes in screenshots, while the DOM the tests assert on is the same.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';

const SYSTEM_CHROMIUM = '/usr/bin/chromium';

// no sandbox (CI runs as root), no GPU, and none of the browser's own traffic
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: await findChromium(), args: ARGS });
}

/** The Chromium binary to launch; the npm one is unpacked on first use (a few seconds). */
export async function findChromium(): Promise<string> {
  const chosen = process.env.CHROMIUM_PATH;
  if (chosen) {
    if (!fs.existsSync(chosen)) throw new Error(`CHROMIUM_PATH is ${chosen}, which does not exist`);
    return chosen;
  }
  if (fs.existsSync(SYSTEM_CHROMIUM)) return SYSTEM_CHROMIUM;
  return unpackNpmChromium();
}

/**
 * @sparticuz/chromium unpacks its brotli files into os.tmpdir() itself (chromium, fonts/,
 * the SwiftShader libraries beside the binary) and reuses /tmp/chromium whatever version
 * left it there. So it unpacks into a staging folder of ours, renamed into a folder named
 * after the version: a run that is interrupted, or two runs at once, never leave a
 * half-written binary to be launched, and a new version is unpacked anew. Unpacked once
 * per machine: vitest's globalSetup calls this before any test file runs.
 */
async function unpackNpmChromium(): Promise<string> {
  const packageDir = path.resolve(path.dirname(createRequire(import.meta.url).resolve('@sparticuz/chromium')), '../..');
  const { version } = JSON.parse(fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8')) as { version: string };
  const dir = path.join(os.tmpdir(), `dealerbot-chromium-${version}`);
  const binary = path.join(dir, 'chromium');
  if (fs.existsSync(binary)) return binary;

  const { default: Chromium } = await import('@sparticuz/chromium');
  const staging = fs.mkdtempSync(`${dir}.partial-`);
  try {
    const unpacked = await unpackInto(staging, () => Chromium.executablePath());
    if (unpacked !== path.join(staging, 'chromium')) throw new Error(`@sparticuz/chromium unpacked to ${unpacked}, not into ${staging}`);
    try {
      fs.renameSync(staging, dir);
    } catch (err) {
      if (!fs.existsSync(binary)) throw err; // another run renamed its copy first: use that one
    }
    return binary;
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

/**
 * Runs `unpack` with os.tmpdir() pointing at `dir`. The library reads the temp dir only
 * synchronously, before its first await (the paths of the files it inflates), so TMPDIR
 * is put back before any other code of this process can run.
 */
function unpackInto(dir: string, unpack: () => Promise<string>): Promise<string> {
  const before = process.env.TMPDIR;
  process.env.TMPDIR = dir;
  try {
    return unpack();
  } finally {
    if (before === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = before;
  }
}
