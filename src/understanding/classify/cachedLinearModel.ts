// Trained classifiers kept on disk between starts. Training the FAQ's ranker reads 6,500
// texts (about 1.2 s on 2 cores) and the intents' 1,640 more: every start of the service
// and of each CLI command paid it again for the same files. A model is stored under a key
// made of what it learned from (the caller's inputs) and the project's source code (a
// change to a feature function or an example bank must not load a stale model), so a hit
// gives exactly the model training would give, to the bit. The cache is an optimisation
// only: an unreadable, truncated or unwritable cache means training as before.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LinearModel } from './trainLinearClassifier.js';

const SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
/** where npm-installed tools keep their caches; gone with a fresh `npm install`, as it should be */
export const DEFAULT_CACHE_DIR = path.join(SRC, '..', 'node_modules', '.cache', 'dealerbot');
const MAGIC = 'dealerbot-linear-model/1\n';
/** models kept per classifier */
const KEEP = 4;

interface CacheOptions {
  /** null: no cache (train every time) */
  dir?: string | null;
}

/** The model for these inputs from the cache, or trained now (and stored for the next start). */
export function cachedLinearModel(name: string, inputs: unknown, train: () => LinearModel, opts: CacheOptions = {}): LinearModel {
  const dir = opts.dir === undefined ? DEFAULT_CACHE_DIR : opts.dir;
  if (dir === null) return train();
  const key = crypto.createHash('sha256').update(codeFingerprint()).update(JSON.stringify(inputs)).digest('hex').slice(0, 24);
  const file = path.join(dir, `${name}-${key}.bin`);
  const cached = readModel(file);
  if (cached) return cached;
  const model = train();
  writeModel(dir, name, file, model);
  return model;
}

let fingerprint: string | undefined;
/** A hash of every source file (about 520, 10 ms once per process): any code change retrains. */
function codeFingerprint(): string {
  if (fingerprint) return fingerprint;
  const hash = crypto.createHash('sha256');
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'generated') walk(full);
      } else if (/\.(ts|yaml|json)$/.test(entry.name)) {
        hash.update(path.relative(SRC, full)).update('\0').update(fs.readFileSync(full)).update('\0');
      }
    }
  };
  walk(SRC);
  fingerprint = hash.digest('hex');
  return fingerprint;
}

export function readModel(file: string): LinearModel | null {
  let buf: Buffer;
  try {
    buf = fs.readFileSync(file);
  } catch {
    return null;
  }
  try {
    if (buf.toString('utf8', 0, MAGIC.length) !== MAGIC) return null;
    let at = MAGIC.length;
    const headerLength = buf.readUInt32LE(at);
    at += 4;
    const header = JSON.parse(buf.toString('utf8', at, at + headerLength)) as Omit<LinearModel, 'idf' | 'weights' | 'bias'>;
    at += headerLength;
    const F = header.features.length;
    const C = header.ids.length + (header.knowsNone ? 1 : 0);
    const floats = (n: number) => {
      if (at + n * 8 > buf.length) throw new Error('truncated');
      const out = new Float64Array(n);
      Buffer.from(out.buffer).set(buf.subarray(at, at + n * 8));
      at += n * 8;
      return out;
    };
    const idf = floats(F);
    const bias = floats(C);
    const weights = floats(F * C);
    if (at !== buf.length) return null;
    return { ...header, idf, bias, weights };
  } catch {
    return null;
  }
}

function writeModel(dir: string, name: string, file: string, model: LinearModel): void {
  const { idf, bias, weights, ...header } = model;
  const json = Buffer.from(JSON.stringify(header));
  const length = Buffer.alloc(4);
  length.writeUInt32LE(json.length);
  const bytes = (a: Float64Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
  // written aside and renamed: a process reading at the same moment sees the whole file or none
  const temp = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}`;
  try {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(temp, Buffer.concat([Buffer.from(MAGIC), length, json, bytes(idf), bytes(bias), bytes(weights)]));
    fs.renameSync(temp, file);
    // the models of older code or data are not read again: keep the few newest (tests
    // build a variant store or two beside the demo), drop the rest
    const mine = fs
      .readdirSync(dir)
      .filter((f) => f.startsWith(`${name}-`) && f.endsWith('.bin'))
      .map((f) => ({ f, at: fs.statSync(path.join(dir, f)).mtimeMs }))
      .sort((a, b) => b.at - a.at);
    for (const { f } of mine.slice(KEEP)) fs.rmSync(path.join(dir, f), { force: true });
  } catch {
    try {
      fs.rmSync(temp, { force: true });
    } catch {
      // nothing was written
    }
  }
}
