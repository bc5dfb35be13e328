// The web pages' files, read once at start-up into memory and served from a Map.
// Why not a stream per request: a missing file's ENOENT on a stream nobody listens to
// ended the process, and a lookup with `in` on a plain object matched prototype names
// (`/web/constructor`). A Map holds only the names put in it, and serving bytes from
// memory has no error path.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyReply } from 'fastify';

export const PUBLIC_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'public');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

interface StaticFile {
  body: Buffer;
  type: string;
}

type StaticFiles = ReadonlyMap<string, StaticFile>;

/** Reads the named files of `public/` (throws at start-up if one is missing, never per request). */
export function loadStaticFiles(names: readonly string[], dir = PUBLIC_DIR): StaticFiles {
  const files = new Map<string, StaticFile>();
  for (const name of names) {
    const type = TYPES[path.extname(name)];
    if (!type) throw new Error(`no content type for ${name}`);
    files.set(name, { body: fs.readFileSync(path.join(dir, name)), type });
  }
  return files;
}

/** Sends the file, or a 404 when the name is not one of the loaded files. */
export function sendStaticFile(reply: FastifyReply, files: StaticFiles, name: string) {
  const file = files.get(name);
  if (!file) return reply.status(404).send({ error: 'no such file' });
  return reply.type(file.type).header('cache-control', 'no-cache').send(file.body);
}
