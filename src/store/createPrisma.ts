// The one place that builds a Prisma client: JS engine + better-sqlite3 driver adapter
// (DESIGN.md explains why no native engine is used).
import fs from 'node:fs';
import path from 'node:path';
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaClient } from '../generated/prisma/client.js';

export type Db = PrismaClient;

/** Turns `file:./data/x.db` into an absolute file path (relative to cwd), or null for non-file URLs. */
export function sqliteFilePath(databaseUrl: string): string | null {
  if (!databaseUrl.startsWith('file:')) return null;
  const rest = databaseUrl.slice('file:'.length).split('?')[0];
  if (rest === ':memory:') return null;
  return path.resolve(rest);
}

export function createPrisma(databaseUrl: string): Db {
  const file = sqliteFilePath(databaseUrl);
  if (!file) throw new Error(`DATABASE_URL must be a SQLite file URL (file:./data/dealerbot.db); got a different scheme`);
  // busy timeout: several processes (two schedulers, the CLI beside the service) share the file.
  const adapter = new PrismaBetterSQLite3({ url: `file:${file}`, timeout: 5000 });
  return new PrismaClient({ adapter });
}

/** WAL lets readers and one writer work at once; set once per database file. */
export async function tuneSqlite(db: Db): Promise<void> {
  await db.$queryRawUnsafe('PRAGMA journal_mode=WAL');
  await db.$executeRawUnsafe('PRAGMA synchronous=NORMAL');
}

export function ensureWritableDir(file: string): void {
  const dir = path.dirname(file);
  fs.mkdirSync(dir, { recursive: true });
  fs.accessSync(dir, fs.constants.W_OK);
}
