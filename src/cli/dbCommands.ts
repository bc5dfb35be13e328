// `dealerbot db migrate | seed | reset`.
import fs from 'node:fs';
import { openSeededStore } from '../app.js';
import { systemClock } from '../infra/clock.js';
import type { Config } from '../infra/config.js';
import { createLogger } from '../infra/logger.js';
import { sqliteFilePath } from '../store/createPrisma.js';
import { databaseEngine, describePostgresUrl } from '../store/databaseEngine.js';
import { connectPostgres } from '../store/migratePostgres.js';
import { copyStore } from '../store/copyStore.js';
import { migrateDatabase } from '../store/migrateDatabase.js';
import { openStore } from '../store/openStore.js';
import { seedDemo } from '../store/seed/seedDemo.js';
import { createProgressPrinter } from './progressPrinter.js';

export async function runDbMigrate(config: Config): Promise<number> {
  const out = await migrateDatabase(config.databaseUrl);
  // Prisma's own report, without its notes about its config and the datasource url
  // (kept on purpose: without it the CLI tries to download an engine)
  const noise = /Prisma config|Prisma schema loaded|^Datasource|WARNING: Your schema specifies|^- url$|values from your schema|We recommend you to remove/;
  process.stdout.write(
    out
      .split('\n')
      .filter((l) => l.trim() && !noise.test(l))
      .join('\n') + '\n',
  );
  return 0;
}

export async function runDbSeed(config: Config, o: { scale: number; seed: number; now?: string }): Promise<number> {
  const now = o.now ? new Date(o.now) : systemClock.now();
  if (Number.isNaN(now.getTime())) {
    process.stderr.write(`dealerbot: --now "${o.now}" is not a date (use ISO 8601, e.g. 2026-12-03T10:15:00+08:00)\n`);
    return 2;
  }
  const db = await openStore({ databaseUrl: config.databaseUrl });
  const progress = createProgressPrinter(process.stderr);
  const started = Date.now();
  try {
    const summary = await seedDemo(db, { dataDir: config.storeDataDir, now, seed: o.seed, scale: o.scale, onProgress: progress });
    progress.done();
    process.stdout.write(`seeded ${config.storeDataDir} (seed ${o.seed}, scale ${o.scale}) in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    process.stdout.write(`${JSON.stringify(summary)}\n`);
    return 0;
  } finally {
    await db.$disconnect();
  }
}

export async function runDbReset(config: Config, o: { seed: number }): Promise<number> {
  if (databaseEngine(config.databaseUrl) === 'postgres') {
    // the store's tables live in the public schema: dropping it takes every table, index and
    // the migration history, in one statement that either happens or does not
    const client = await connectPostgres(config.databaseUrl);
    try {
      await client.query('DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public');
    } finally {
      await client.end();
    }
    process.stdout.write(`wiped ${describePostgresUrl(config.databaseUrl)}\n`);
  } else {
    const file = sqliteFilePath(config.databaseUrl);
    for (const f of file ? [file, `${file}-wal`, `${file}-shm`, `${file}-journal`] : []) fs.rmSync(f, { force: true });
    process.stdout.write(`wiped ${file}\n`);
  }
  return runDbSeed(config, { scale: 1, seed: o.seed });
}

export async function runDbCopy(config: Config, o: { to: string }): Promise<number> {
  const started = Date.now();
  let last = '';
  const report = await copyStore({
    from: config.databaseUrl,
    to: o.to,
    onProgress: (p) => {
      if (p.done === p.total && p.table !== last) {
        last = p.table;
        process.stderr.write(`  ${p.table}: ${p.total} rows\n`);
      }
    },
  });
  process.stdout.write(
    `copied ${report.rows} rows in ${report.tables.length} tables to ${describePostgresUrl(o.to)} in ${((Date.now() - started) / 1000).toFixed(1)} s; row counts match table by table\n` +
      'next: set DATABASE_URL to that database and start the service (docs/deploy.md, "PostgreSQL")\n',
  );
  return 0;
}

/** Used by commands that only need a ready store (migrated, seeded when empty). */
export async function openReadyStore(config: Config) {
  return openSeededStore(config, systemClock, createLogger('warn'));
}
