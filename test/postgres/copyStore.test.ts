// `dealerbot db copy --to postgres://…`: a seeded SQLite store moved to an empty PostgreSQL
// database has the same rows table by table, and the same board computed on both.
import { afterEach, describe, expect, it } from 'vitest';
import { runDbCopy } from '../../src/cli/dbCommands.js';
import { loadConfig } from '../../src/infra/config.js';
import { computeBoard } from '../../src/sales/board/computeBoard.js';
import { copyStore } from '../../src/store/copyStore.js';
import { createPrisma, type Db } from '../../src/store/createPrisma.js';
import { DatabaseSetupError } from '../../src/store/databaseSetupError.js';
import { seedDemo } from '../../src/store/seed/seedDemo.js';
import { createSqliteTestDb, type TestDb } from '../helpers/testDb.js';
import { databaseUrlOf, withAdmin } from '../helpers/testPostgres.js';

const NOW = new Date('2026-12-15T00:30:00Z');
const adminUrl = () => process.env.DEALERBOT_TEST_PG_ADMIN_URL!;
let seq = 0;

/** An empty database (not even migrated): what an operator creates with createdb. */
async function emptyPostgres(): Promise<string> {
  const name = `copy_${process.pid}_${++seq}`;
  await withAdmin(adminUrl(), (c) => c.query(`CREATE DATABASE ${name}`));
  return databaseUrlOf(adminUrl(), name);
}

async function tableCounts(db: Db, tables: string[]): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of tables) out[t] = Number((await db.$queryRawUnsafe<{ n: unknown }[]>(`SELECT COUNT(*) AS n FROM "${t}"`))[0].n);
  return out;
}

describe('db copy from SQLite to PostgreSQL', () => {
  const open: { close(): Promise<void> }[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((x) => x.close()));
  });

  async function seededSqlite(): Promise<TestDb> {
    const source = await createSqliteTestDb();
    open.push(source);
    await seedDemo(source.db, { dataDir: 'data/demo-dealership', now: NOW, seed: 11 });
    // a transcript: its ids come from a sequence on PostgreSQL, which must go on after the copy
    const conversation = await source.db.conversation.create({ data: { channel: 'web', chatId: 'visitor-copy-1' } });
    await source.db.chatMessage.createMany({
      data: ['你好', '周六能试驾吗', '好的'].map((text, i) => ({
        conversationId: conversation.id,
        direction: i % 2 ? 'out' : 'in',
        author: i % 2 ? 'bot' : 'customer',
        text,
      })),
    });
    return source;
  }

  it('copies every row, keeps JSON, dates and sequences, and the board is the same on both', async () => {
    const source = await seededSqlite();
    const to = await emptyPostgres();
    const report = await copyStore({ from: source.url, to });
    const target = createPrisma(to);
    open.push({ close: () => target.$disconnect() });

    const tables = report.tables.map((t) => t.table);
    expect(tables).toEqual(expect.arrayContaining(['Store', 'Customer', 'Interaction', 'Order', 'ChatMessage', 'Referral']));
    expect(tables.indexOf('Store')).toBeLessThan(tables.indexOf('Customer'));
    expect(await tableCounts(target, tables)).toEqual(await tableCounts(source.db, tables));
    expect(report.rows).toBeGreaterThan(1000);

    const storeId = (await source.db.store.findFirstOrThrow()).id;
    const args = { storeId, date: '2026-12-15', timeZone: 'Asia/Shanghai', now: NOW };
    expect(await computeBoard(target, args)).toEqual(await computeBoard(source.db, args));

    const quote = await source.db.interaction.findFirstOrThrow({ where: { type: 'quote' }, orderBy: { id: 'asc' } });
    expect(await target.interaction.findUniqueOrThrow({ where: { id: quote.id } })).toEqual(quote);
    const store = await source.db.store.findFirstOrThrow();
    expect(await target.store.findFirstOrThrow()).toEqual(store);

    const last = await target.chatMessage.findFirstOrThrow({ orderBy: { id: 'desc' } });
    const next = await target.chatMessage.create({ data: { conversationId: last.conversationId, direction: 'in', author: 'customer', text: '还有吗' } });
    expect(next.id).toBe(last.id + 1);
  });

  it('refuses a target that already holds rows, and changes nothing', async () => {
    const source = await seededSqlite();
    const to = await emptyPostgres();
    await copyStore({ from: source.url, to });
    const target = createPrisma(to);
    open.push({ close: () => target.$disconnect() });
    const before = await target.customer.count();
    const err = await copyStore({ from: source.url, to }).catch((e: Error) => e);
    expect(err).toBeInstanceOf(DatabaseSetupError);
    expect((err as Error).message).toMatch(/is not empty \(table \w+ has rows\).*nothing was changed/);
    expect(await target.customer.count()).toBe(before);
  });

  it('says what it needs when the URLs are the wrong way round, naming no password', async () => {
    const source = await seededSqlite();
    await expect(copyStore({ from: 'postgres://u:secret@h/x', to: source.url })).rejects.toThrow(/reads a SQLite store.*pg_dump/);
    const err = await copyStore({ from: source.url, to: 'mysql://u:secret@h/x' }).catch((e: Error) => e);
    expect((err as Error).message).toMatch(/needs a PostgreSQL URL/);
    expect((err as Error).message).not.toMatch(/secret/);
  });

  it('runs as `dealerbot db copy --to` and prints what it copied', async () => {
    const source = await seededSqlite();
    const to = await emptyPostgres();
    const out: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    const errWrite = process.stderr.write.bind(process.stderr);
    process.stdout.write = ((s: string) => out.push(String(s)) > 0) as typeof process.stdout.write;
    process.stderr.write = (() => true) as typeof process.stderr.write;
    try {
      expect(await runDbCopy(loadConfig({ DATABASE_URL: source.url }), { to })).toBe(0);
    } finally {
      process.stdout.write = write;
      process.stderr.write = errWrite;
    }
    expect(out.join('')).toMatch(/^copied \d+ rows in \d+ tables to 127\.0\.0\.1:\d+\/copy_\d+_\d+ in [\d.]+ s; row counts match table by table/);
    expect(out.join('')).not.toMatch(/test@/);
  });
});
