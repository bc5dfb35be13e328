// npm run db:new-migration -- <name>
// Makes a migration from the difference between the committed migrations and
// prisma/schema.prisma. `prisma migrate dev` cannot be used with the JS engine (P1014 on
// a fresh database, P3006 with multi-statement migrations), so: apply the committed
// migrations to a temporary SQLite file, pull its schema, and diff that against the
// edited schema (the recipe in docs/architecture.md).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error('usage: npm run db:new-migration -- <snake_case_name>');
  process.exit(2);
}
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dealerbot-migration-'));
const env = { ...process.env, DATABASE_URL: `file:${path.join(tmp, 'old.db')}` };
const prisma = (...args: string[]) => execFileSync('npx', ['prisma', ...args], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });

prisma('migrate', 'deploy');
const oldSchema = path.join(tmp, 'old.prisma');
// `db pull --print` prefixes warnings about the driver adapter: keep the schema from its first block on.
const pulled = prisma('db', 'pull', '--print');
const start = pulled.search(/^(generator|datasource) /m);
fs.writeFileSync(oldSchema, start >= 0 ? pulled.slice(start) : pulled);

const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
const dir = path.join('prisma', 'migrations', `${stamp}_${name}`);
fs.mkdirSync(dir, { recursive: true });
const sql = prisma('migrate', 'diff', '--from-schema-datamodel', oldSchema, '--to-schema-datamodel', 'prisma/schema.prisma', '--script');
if (!sql.trim() || /^-- This is an empty migration/m.test(sql)) {
  fs.rmSync(dir, { recursive: true });
  console.log('schema.prisma matches the migrations: nothing to do');
} else {
  fs.writeFileSync(path.join(dir, 'migration.sql'), sql);
  console.log(`wrote ${dir}/migration.sql; apply it with: npx dealerbot db migrate`);
}
fs.rmSync(tmp, { recursive: true, force: true });
