// `dealerbot db copy --to postgres://…`: moves a store from its SQLite file to PostgreSQL.
// The target is migrated first and must be empty; every row is copied in one PostgreSQL
// transaction, so a copy that fails leaves the target as it was. Row counts are compared
// table by table at the end. Reading goes straight to the SQLite file (read-only), writing
// is one statement per batch with the rows as a JSON parameter (json_populate_recordset
// gives each value its column's type), as the seed's bulk path does.
import Database from 'better-sqlite3';
import type pg from 'pg';
import { sqliteFilePath } from './createPrisma.js';
import { databaseEngine, describePostgresUrl, redactUrl } from './databaseEngine.js';
import { DatabaseSetupError } from './databaseSetupError.js';
import { migrationsDir } from './migrateDatabase.js';
import { connectPostgres, migratePostgres, readMigrations } from './migratePostgres.js';

const ROWS_PER_STATEMENT = 2_000;

export interface CopyProgress {
  table: string;
  done: number;
  total: number;
}

export interface CopyReport {
  tables: { table: string; rows: number }[];
  rows: number;
}

interface TargetTable {
  name: string;
  jsonColumns: string[];
  /** a column of this table that refers to this table (a referral chain): parents go first */
  selfReference?: string;
  serial?: string;
}

export async function copyStore(opts: { from: string; to: string; onProgress?: (p: CopyProgress) => void }): Promise<CopyReport> {
  const file = sqliteFilePath(opts.from);
  if (!file)
    throw new DatabaseSetupError(
      `db copy reads a SQLite store (file:…); DATABASE_URL is ${redactUrl(opts.from)}. Between PostgreSQL servers, use pg_dump and pg_restore`,
    );
  if (databaseEngine(opts.to) !== 'postgres')
    throw new DatabaseSetupError(`db copy --to needs a PostgreSQL URL (postgres://user:password@host:5432/dealerbot); got ${redactUrl(opts.to)}`);
  const source = openSource(file);
  try {
    await migratePostgres(opts.to, migrationsDir('postgres'));
    const target = await connectPostgres(opts.to);
    try {
      const tables = await readTargetTables(target);
      await refuseUnlessEmpty(target, tables, opts.to);
      return await copyTables(source, target, tables, opts.onProgress);
    } finally {
      await target.end().catch(() => {});
    }
  } finally {
    source.close();
  }
}

function openSource(file: string): Database.Database {
  let source: Database.Database;
  try {
    source = new Database(file, { readonly: true, fileMustExist: true });
  } catch (err) {
    throw new DatabaseSetupError(`cannot open the SQLite store ${file}: ${(err as Error).message}`);
  }
  // the copy must carry every column the target has: the source must be as migrated as the code
  const applied = new Set(
    (source.prepare('SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL').pluck().all() as string[]) ?? [],
  );
  const pending = readMigrations(migrationsDir('sqlite')).filter((m) => !applied.has(m.name));
  if (pending.length) {
    source.close();
    throw new DatabaseSetupError(
      `the SQLite store ${file} has pending migrations (${pending.map((m) => m.name).join(', ')}): run \`dealerbot db migrate\` on it first`,
    );
  }
  return source;
}

/** The store's tables, parents before children, from the target's own foreign keys. */
async function readTargetTables(target: pg.Client): Promise<TargetTable[]> {
  const names = (
    await target.query<{ t: string }>(`SELECT tablename::text AS t FROM pg_tables WHERE schemaname = 'public' AND tablename <> '_prisma_migrations' ORDER BY 1`)
  ).rows.map((r) => r.t);
  const fks = (
    await target.query<{ child: string; parent: string; col: string }>(`
      SELECT c.relname::text AS child, p.relname::text AS parent, a.attname::text AS col
      FROM pg_constraint k
      JOIN pg_class c ON c.oid = k.conrelid
      JOIN pg_class p ON p.oid = k.confrelid
      JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = k.conkey[1]
      WHERE k.contype = 'f' AND c.relnamespace = 'public'::regnamespace`)
  ).rows;
  const columns = (
    await target.query<{ t: string; c: string; type: string; def: string | null }>(`
      SELECT table_name::text AS t, column_name::text AS c, data_type::text AS type, column_default::text AS def
      FROM information_schema.columns WHERE table_schema = 'public'`)
  ).rows;
  const parents = new Map(names.map((n) => [n, new Set<string>()]));
  for (const fk of fks) if (fk.child !== fk.parent) parents.get(fk.child)?.add(fk.parent);
  const ordered: string[] = [];
  const placed = new Set<string>();
  while (ordered.length < names.length) {
    const ready = names.filter((n) => !placed.has(n) && [...(parents.get(n) ?? [])].every((p) => placed.has(p)));
    if (ready.length === 0) throw new Error(`the foreign keys between ${names.filter((n) => !placed.has(n)).join(', ')} form a cycle`);
    for (const n of ready) {
      ordered.push(n);
      placed.add(n);
    }
  }
  return ordered.map((name) => ({
    name,
    jsonColumns: columns.filter((c) => c.t === name && (c.type === 'jsonb' || c.type === 'json')).map((c) => c.c),
    selfReference: fks.find((fk) => fk.child === name && fk.parent === name)?.col,
    serial: columns.find((c) => c.t === name && c.def?.startsWith('nextval('))?.c,
  }));
}

async function refuseUnlessEmpty(target: pg.Client, tables: TargetTable[], url: string): Promise<void> {
  for (const t of tables) {
    const { rows } = await target.query(`SELECT 1 FROM "${t.name}" LIMIT 1`);
    if (rows.length)
      throw new DatabaseSetupError(
        `the PostgreSQL store at ${describePostgresUrl(url)} is not empty (table ${t.name} has rows): copy into an empty database; nothing was changed`,
      );
  }
}

async function copyTables(source: Database.Database, target: pg.Client, tables: TargetTable[], onProgress?: (p: CopyProgress) => void): Promise<CopyReport> {
  const report: CopyReport = { tables: [], rows: 0 };
  await target.query('BEGIN');
  try {
    for (const t of tables) {
      const total = (source.prepare(`SELECT COUNT(*) FROM "${t.name}"`).pluck().get() as number) ?? 0;
      onProgress?.({ table: t.name, done: 0, total });
      let done = 0;
      for (const batch of readBatches(source, t)) {
        const rows = batch.map((row) => toTargetRow(row, t));
        const columns = Object.keys(rows[0])
          .map((c) => `"${c}"`)
          .join(', ');
        await target.query(`INSERT INTO "${t.name}" (${columns}) SELECT ${columns} FROM json_populate_recordset(NULL::"${t.name}", $1::json)`, [
          JSON.stringify(rows),
        ]);
        done += rows.length;
        onProgress?.({ table: t.name, done, total });
      }
      if (t.serial) {
        // explicit ids were copied: the sequence must continue after the largest
        await target.query(
          `SELECT setval(pg_get_serial_sequence('"${t.name}"', '${t.serial}'), COALESCE((SELECT MAX("${t.serial}") FROM "${t.name}"), 0) + 1, false)`,
        );
      }
      const copied = Number((await target.query(`SELECT COUNT(*) AS n FROM "${t.name}"`)).rows[0].n);
      if (copied !== total) throw new Error(`table ${t.name}: ${total} rows in the SQLite store, ${copied} copied`);
      report.tables.push({ table: t.name, rows: copied });
      report.rows += copied;
    }
    await target.query('COMMIT');
  } catch (err) {
    await target.query('ROLLBACK').catch(() => {});
    if (err instanceof DatabaseSetupError) throw err;
    throw new DatabaseSetupError(`copying failed and was rolled back (the PostgreSQL store is as it was): ${(err as Error).message}`);
  }
  return report;
}

/** Rows in batches; a table that refers to itself is ordered so every parent comes first. */
function* readBatches(source: Database.Database, t: TargetTable): Generator<Record<string, unknown>[]> {
  if (t.selfReference) {
    const rows = source.prepare(`SELECT * FROM "${t.name}"`).all() as Record<string, unknown>[];
    const ordered = parentsFirst(rows, t.selfReference);
    for (let i = 0; i < ordered.length; i += ROWS_PER_STATEMENT) yield ordered.slice(i, i + ROWS_PER_STATEMENT);
    return;
  }
  let batch: Record<string, unknown>[] = [];
  for (const row of source.prepare(`SELECT * FROM "${t.name}"`).iterate() as Iterable<Record<string, unknown>>) {
    batch.push(row);
    if (batch.length === ROWS_PER_STATEMENT) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length) yield batch;
}

function parentsFirst(rows: Record<string, unknown>[], column: string): Record<string, unknown>[] {
  const byId = new Map(rows.map((r) => [r.id, r]));
  const out: Record<string, unknown>[] = [];
  const placed = new Set<unknown>();
  const place = (row: Record<string, unknown>, depth: number) => {
    if (placed.has(row.id)) return;
    const parent = row[column] == null ? undefined : byId.get(row[column]);
    if (parent && parent !== row && depth < rows.length) place(parent, depth + 1);
    placed.add(row.id);
    out.push(row);
  };
  for (const row of rows) place(row, 0);
  return out;
}

/** SQLite keeps Json as text: the target's json columns get the value itself, not a string. */
function toTargetRow(row: Record<string, unknown>, t: TargetTable): Record<string, unknown> {
  if (!t.jsonColumns.length) return row;
  const out = { ...row };
  for (const c of t.jsonColumns) if (typeof out[c] === 'string') out[c] = JSON.parse(out[c] as string);
  return out;
}
