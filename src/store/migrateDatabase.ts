// Applies the committed migrations with Prisma's own CLI (`migrate deploy`, JS engine),
// the same command an operator would run, so the app and the CLI never disagree.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { ensureWritableDir, sqliteFilePath } from './createPrisma.js';

const run = promisify(execFile);
/** Where prisma/ (schema and migrations) is: the store is below config, so it finds it itself. */
export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export class DatabaseSetupError extends Error {}

export async function migrateDatabase(databaseUrl: string): Promise<string> {
  const file = sqliteFilePath(databaseUrl);
  if (!file) throw new DatabaseSetupError(`DATABASE_URL is not a SQLite file URL: ${redactUrl(databaseUrl)}`);
  try {
    ensureWritableDir(file);
  } catch (err) {
    throw new DatabaseSetupError(`the data directory ${path.dirname(file)} (from DATABASE_URL) cannot be created or written: ${(err as Error).message}`);
  }
  const require = createRequire(import.meta.url);
  const cli = path.join(path.dirname(require.resolve('prisma/package.json')), 'build', 'index.js');
  try {
    const { stdout } = await run(process.execPath, [cli, 'migrate', 'deploy'], {
      cwd: projectRoot,
      env: { ...process.env, DATABASE_URL: `file:${file}`, PRISMA_HIDE_UPDATE_MESSAGE: '1' },
      timeout: 120_000,
    });
    return stdout;
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; message: string };
    throw new DatabaseSetupError(`migrating ${file} failed: ${(e.stderr || e.stdout || e.message).trim().split('\n').slice(-6).join(' | ')}`);
  }
}

/** A database URL without credentials, for error messages and logs. */
export function redactUrl(url: string): string {
  return url.replace(/\/\/([^@/]*)@/, '//***@');
}
