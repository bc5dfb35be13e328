// Applies the committed migrations. SQLite: Prisma's own CLI (`migrate deploy`, JS engine),
// the same command an operator would run, so the app and the CLI never disagree.
// PostgreSQL: migratePostgres (Prisma 6's migrate cannot run through the pg adapter).
import { execFile } from 'node:child_process';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { ensureWritableDir, sqliteFilePath } from './createPrisma.js';
import { type DatabaseEngine, databaseEngine, redactUrl } from './databaseEngine.js';
import { DatabaseSetupError } from './databaseSetupError.js';
import { migratePostgres } from './migratePostgres.js';

export { DatabaseSetupError } from './databaseSetupError.js';
export { redactUrl } from './databaseEngine.js';

const run = promisify(execFile);
/** Where prisma/ (schema and migrations) is: the store is below config, so it finds it itself. */
export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Where an engine's committed migrations live. */
export function migrationsDir(engine: DatabaseEngine): string {
  return engine === 'postgres' ? path.join(projectRoot, 'prisma', 'postgres', 'migrations') : path.join(projectRoot, 'prisma', 'migrations');
}

export async function migrateDatabase(databaseUrl: string): Promise<string> {
  if (databaseEngine(databaseUrl) === 'postgres') return migratePostgres(databaseUrl, migrationsDir('postgres'));
  const file = sqliteFilePath(databaseUrl);
  if (!file) throw new DatabaseSetupError(`DATABASE_URL must be a SQLite file URL (file:./data/dealerbot.db) or postgres://…; got ${redactUrl(databaseUrl)}`);
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
