// Inserts generated history table by table, parents first. SQLite: prepared better-sqlite3
// statements on a second connection to the same file, one transaction per 5,000 rows.
//
// Why not Prisma: measured on this schema (Prisma 6.19, better-sqlite3 adapter), createMany
// writes about 4,000 rows/s whatever the batch size, which puts the scale-334 demo (100k
// customers, 0.9M interactions) at about five minutes; multi-row INSERTs through
// $executeRaw took 100 s and 2.8 GB. This path takes about 45 s and 1 GB for the whole
// run. Values are encoded the way the Prisma adapter stores them (see encode).
import Database from 'better-sqlite3';
import type { Prisma, PrismaClient } from '../../generated/prisma/client.js';
import { engineOf } from '../createPrisma.js';

export interface HistoryRows {
  campaigns: Prisma.CampaignCreateManyInput[];
  customers: Prisma.CustomerCreateManyInput[];
  interactions: Prisma.InteractionCreateManyInput[];
  bookings: Prisma.TestDriveBookingCreateManyInput[];
  orders: Prisma.OrderCreateManyInput[];
  tasks: Prisma.FollowUpTaskCreateManyInput[];
  complaints: Prisma.ComplaintCreateManyInput[];
  referrals: Prisma.ReferralCreateManyInput[];
  targets: Prisma.TargetCreateManyInput[];
}

export interface HistoryProgress {
  phase: string;
  done: number;
  total: number;
}

const ROWS_PER_TRANSACTION = 5_000;
const CACHE_KIB = 256 * 1024;

// Parents first: customers refer to campaigns and to earlier customers, the rest to customers.
const TABLES: [keyof HistoryRows, string][] = [
  ['campaigns', 'Campaign'],
  ['customers', 'Customer'],
  ['interactions', 'Interaction'],
  ['bookings', 'TestDriveBooking'],
  ['orders', 'Order'],
  ['tasks', 'FollowUpTask'],
  ['complaints', 'Complaint'],
  ['referrals', 'Referral'],
  ['targets', 'Target'],
];

export async function writeHistory(db: PrismaClient, rows: HistoryRows, onProgress?: (p: HistoryProgress) => void): Promise<void> {
  if (engineOf(db) === 'postgres') return writeHistoryToPostgres(db, rows, onProgress);
  const sqlite = new Database(await databaseFile(db), { timeout: 5_000 });
  // A large page cache for this connection only: the indexes of a million interactions do
  // not fit the default 2 MB, and inserting then rereads pages from disk.
  sqlite.pragma(`cache_size = -${CACHE_KIB}`);
  try {
    for (const [phase, table] of TABLES) {
      const data = rows[phase] as Record<string, unknown>[];
      onProgress?.({ phase, done: 0, total: data.length });
      if (data.length === 0) continue;
      const columns = columnsOf(data);
      const insert = sqlite.prepare(`INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`);
      const values: unknown[] = new Array(columns.length);
      const insertAll = sqlite.transaction((batch: Record<string, unknown>[]) => {
        for (const row of batch) {
          for (let i = 0; i < columns.length; i++) values[i] = encode(row[columns[i]]);
          insert.run(values);
        }
      });
      for (let start = 0; start < data.length; start += ROWS_PER_TRANSACTION) {
        const end = Math.min(start + ROWS_PER_TRANSACTION, data.length);
        insertAll(data.slice(start, end));
        onProgress?.({ phase, done: end, total: data.length });
      }
    }
  } finally {
    sqlite.close();
  }
}

/**
 * PostgreSQL: one statement per batch, the rows as one JSON parameter that
 * json_populate_recordset turns into the table's own row type, so each value gets its
 * column's type (dates as ISO text, Json as nested JSON) without one placeholder per value.
 */
async function writeHistoryToPostgres(db: PrismaClient, rows: HistoryRows, onProgress?: (p: HistoryProgress) => void): Promise<void> {
  for (const [phase, table] of TABLES) {
    const data = rows[phase] as Record<string, unknown>[];
    onProgress?.({ phase, done: 0, total: data.length });
    if (data.length === 0) continue;
    const columns = columnsOf(data)
      .map((c) => `"${c}"`)
      .join(', ');
    const insert = `INSERT INTO "${table}" (${columns}) SELECT ${columns} FROM json_populate_recordset(NULL::"${table}", $1::json)`;
    for (let start = 0; start < data.length; start += ROWS_PER_TRANSACTION) {
      const end = Math.min(start + ROWS_PER_TRANSACTION, data.length);
      await db.$executeRawUnsafe(insert, JSON.stringify(data.slice(start, end)));
      onProgress?.({ phase, done: end, total: data.length });
    }
  }
}

/** the SQLite file behind the Prisma client */
async function databaseFile(db: PrismaClient): Promise<string> {
  const databases = await db.$queryRawUnsafe<{ name: string; file: string }[]>('PRAGMA database_list');
  const file = databases.find((d) => d.name === 'main')?.file;
  if (!file) throw new Error('generating history needs a file-backed SQLite database');
  return file;
}

/** every field any row sets, in first-seen order; a row without one gets NULL there */
function columnsOf(rows: Record<string, unknown>[]): string[] {
  const columns = new Set<string>();
  for (const row of rows) for (const key of Object.keys(row)) columns.add(key);
  return [...columns];
}

/**
 * A value as @prisma/adapter-better-sqlite3 stores it with its default options (the ones
 * createPrisma uses): ISO dates with "+00:00", booleans as 0/1, Json as its text. Dates
 * must match to the character, because SQLite compares them as text.
 */
function encode(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  if (value instanceof Date) return value.toISOString().replace('Z', '+00:00');
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'object') return JSON.stringify(value);
  return value;
}
