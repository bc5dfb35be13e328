import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { Db } from '../../../src/store/createPrisma.js';
import { createStoreCalendar } from '../../../src/store/seed/createStoreCalendar.js';
import { generateHistory, type HistoryProgress } from '../../../src/store/seed/generateHistory.js';
import { loadStoreData, StoreDataError } from '../../../src/storeData/loadStoreData.js';
import { seedDemo } from '../../../src/store/seed/seedDemo.js';
import { seedStore } from '../../../src/store/seed/seedStore.js';
import { createTestDb, type TestDb, testEngine } from '../../helpers/testDb.js';

const DATA_DIR = path.resolve('data/demo-dealership');
const STORE_ID = 'xingyao-sh-pudong';
// A Thursday, 10:15 in Shanghai: fixed, so no test depends on the wall clock.
const NOW = new Date('2026-12-03T02:15:00Z');
const SEED = 7;

const opened: TestDb[] = [];
const tempDirs: string[] = [];

async function openDb(): Promise<Db> {
  const testDb = await createTestDb();
  opened.push(testDb);
  return testDb.db;
}

async function demoDb(seed = SEED): Promise<Db> {
  const db = await openDb();
  await seedDemo(db, { dataDir: DATA_DIR, now: NOW, seed });
  return db;
}

function fileOf(db: Db): string {
  return opened.find((t) => t.db === db)!.file;
}

afterEach(async () => {
  await Promise.all(opened.splice(0).map((t) => t.close()));
  for (const dir of tempDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** a copy of the demo data with one file's text edited */
function brokenCopy(file: string, from: string, to: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dealerbot-data-'));
  tempDirs.push(dir);
  for (const name of fs.readdirSync(DATA_DIR)) fs.copyFileSync(path.join(DATA_DIR, name), path.join(dir, name));
  const text = fs.readFileSync(path.join(dir, file), 'utf8');
  expect(text).toContain(from);
  fs.writeFileSync(path.join(dir, file), text.replace(from, to));
  return dir;
}

function localHour(instant: Date): number {
  return Number(new Intl.DateTimeFormat('en-US', { timeZone: 'Asia/Shanghai', hour: 'numeric', hourCycle: 'h23' }).format(instant));
}

describe('loadStoreData', () => {
  it('loads the demo store with the ids of its files', () => {
    const data = loadStoreData(DATA_DIR);
    expect(data.store.id).toBe(STORE_ID);
    expect(data.store.timezone).toBe('Asia/Shanghai');
    expect(data.catalog.models.map((m) => m.id)).toEqual(['s3', 's5', 'x5', 'x7', 'e6', 'm8']);
    expect(data.staff).toHaveLength(12);
    expect(data.staff.filter((s) => s.role === 'sales_consultant').map((s) => s.id)).toEqual(['st-03', 'st-04', 'st-05', 'st-07', 'st-08', 'st-09']);
    expect(data.teams.map((t) => t.id)).toEqual(['sales-1', 'sales-2', 'dcc']);
    expect(data.demoCars.find((c) => c.id === 'dc-e6-02')?.status).toBe('maintenance');
    expect(data.faqs.map((f) => f.id)).toContain('hours-sales');
    expect(data.faqs).toHaveLength(60);
    expect(data.objections).toHaveLength(16);
    expect(data.promotions.map((p) => p.id)).toContain('p-e6-yearend-cash');
  });

  it('keeps the parts of the files the code does not read', () => {
    const data = loadStoreData(DATA_DIR);
    expect(data.store.address).toMatchObject({ zh: expect.stringContaining('申江南路') });
    const e6 = data.catalog.models.find((m) => m.id === 'e6')!;
    expect(e6.delivery_wait).toBeDefined();
    expect(e6.colours).toHaveLength(5);
    expect(data.policies.referral).toBeDefined();
    expect(data.testDrive.route).toBeDefined();
  });

  it('names the file and the field path of a bad value', () => {
    const dir = brokenCopy('catalog.yaml', 'price: 139800', 'price: "about 140k"');
    const load = () => loadStoreData(dir);
    expect(load).toThrow(StoreDataError);
    expect(load).toThrow(/catalog\.yaml/);
    expect(load).toThrow(/models\[2\]\.trims\[0\]\.price/);
  });

  it('names the file and the field path of a broken reference', () => {
    const dir = brokenCopy('store.yaml', 'model_id: m8', 'model_id: m9');
    expect(() => loadStoreData(dir)).toThrow(/store\.yaml[\s\S]*demo_cars\[7\]\.model_id: unknown catalogue model "m9"/);
  });

  it('reads the optional objection examples, and names an example filed under no objection', () => {
    const data = loadStoreData(DATA_DIR);
    expect(Object.keys(data.objectionExamples)).toEqual(data.objections.map((o) => o.id));
    expect(Object.values(data.objectionExamples).every((lines) => lines.length >= 20)).toBe(true);
    expect(data.notObjections.length).toBeGreaterThanOrEqual(100);
    const dir = brokenCopy('objection-examples.yaml', '  price-too-high:', '  price-too-hihg:');
    expect(() => loadStoreData(dir)).toThrow(/objection-examples\.yaml[\s\S]*examples\.price-too-hihg: no objection "price-too-hihg" in objections\.yaml/);
    fs.rmSync(path.join(dir, 'objection-examples.yaml'));
    expect(loadStoreData(dir)).toMatchObject({ objectionExamples: {}, notObjections: [] });
  });

  it('reads the FAQ examples, refuses one for an entry the FAQ lacks, and does without the file', () => {
    const data = loadStoreData(DATA_DIR);
    expect(Object.keys(data.faqExamples)).toHaveLength(data.faqs.length);
    expect(data.outOfScope.length).toBeGreaterThanOrEqual(100);
    const dir = brokenCopy('faq-examples.yaml', '  hours-sales:', '  hours-sale:');
    expect(() => loadStoreData(dir)).toThrow(/faq-examples\.yaml[\s\S]*examples\.hours-sale: no FAQ "hours-sale" in faq\.yaml/);
    fs.rmSync(path.join(dir, 'faq-examples.yaml'));
    expect(loadStoreData(dir)).toMatchObject({ faqExamples: {}, outOfScope: [] });
  });

  it('names the file of invalid YAML', () => {
    const dir = brokenCopy('faq.yaml', 'faqs:', 'faqs: [');
    expect(() => loadStoreData(dir)).toThrow(/faq\.yaml[\s\S]*not valid YAML/);
  });
});

describe('seedStore', () => {
  it('writes the reference data once, however often it runs', async () => {
    const db = await openDb();
    const data = loadStoreData(DATA_DIR);
    const counts = async () => ({
      stores: await db.store.count(),
      teams: await db.team.count(),
      staff: await db.staff.count(),
      models: await db.catalogModel.count(),
      trims: await db.trim.count(),
      demoCars: await db.demoCar.count(),
      promotions: await db.promotion.count(),
      faqs: await db.faqEntry.count(),
      objections: await db.objectionEntry.count(),
    });
    await seedStore(db, data);
    const first = await counts();
    await seedStore(db, data);
    expect(await counts()).toEqual(first);
    expect(first).toEqual({
      stores: 1,
      teams: 3,
      staff: 12,
      models: 6,
      trims: 18,
      demoCars: 8,
      promotions: 7,
      faqs: 60,
      objections: 16,
    });
  });

  it('stores staff, the store profile and whole catalogue entries', async () => {
    const db = await openDb();
    await seedStore(db, loadStoreData(DATA_DIR));
    const lin = await db.staff.findUniqueOrThrow({ where: { id: 'st-03' } });
    expect(lin).toMatchObject({ role: 'sales_consultant', teamId: 'sales-1', languages: 'zh,en', email: 'st-03@xingyao-pudong.example' });
    const store = await db.store.findUniqueOrThrow({ where: { id: STORE_ID } });
    expect(store.profile).toMatchObject({ id: STORE_ID, test_drive: { last_slot_start: '17:00' }, policies: { deposit: { amount: 5000 } } });
    const e6 = await db.catalogModel.findUniqueOrThrow({ where: { id: 'e6' } });
    expect(e6).toMatchObject({ priceMin: 189800, priceMax: 239800, nev: true, powertrain: 'bev' });
    expect(e6.spec).toMatchObject({ delivery_wait: { by_trim: { 'e6-520-standard': { min_days: 7 } } } });
    const car = await db.demoCar.findUniqueOrThrow({ where: { id: 'dc-e6-02' } });
    expect(car.status).toBe('maintenance');
    const promo = await db.promotion.findUniqueOrThrow({ where: { id: 'p-x5-newyear' } });
    expect(promo).toMatchObject({ validFrom: '2026-12-15', validTo: '2027-01-31', modelIds: ['x5'] });
  });
});

describe('generateHistory', () => {
  const snapshot = async (db: Db) => ({
    customers: await db.customer.findMany({ orderBy: { id: 'asc' } }),
    interactions: await db.interaction.findMany({ orderBy: { id: 'asc' } }),
    bookings: await db.testDriveBooking.findMany({ orderBy: { id: 'asc' } }),
    orders: await db.order.findMany({ orderBy: { id: 'asc' } }),
    tasks: await db.followUpTask.findMany({ orderBy: { id: 'asc' } }),
  });

  it('gives the same rows for the same seed and now, and other rows for another seed', async () => {
    const a = await demoDb();
    const b = await demoDb();
    const other = await demoDb(SEED + 1);
    const first = await snapshot(a);
    expect(first.customers.length).toBeGreaterThan(250);
    expect(first.customers[0].id).toBe('c-000001');
    expect(await snapshot(b)).toEqual(first);
    const different = await snapshot(other);
    expect(different.customers.map((c) => c.phone)).not.toEqual(first.customers.map((c) => c.phone));
    expect(different.interactions.length).not.toBe(first.interactions.length);
  });

  it('replaces its earlier history when run again', async () => {
    const db = await demoDb();
    const first = await snapshot(db);
    const progress: HistoryProgress[] = [];
    const summary = await generateHistory(db, {
      storeId: STORE_ID,
      now: NOW,
      timezone: 'Asia/Shanghai',
      seed: SEED,
      onProgress: (p) => progress.push(p),
    });
    expect(await snapshot(db)).toEqual(first);
    expect(summary.customers).toBe(first.customers.length);
    expect(summary.interactions).toBe(first.interactions.length);
    const finished = new Set(progress.filter((p) => p.done === p.total).map((p) => p.phase));
    for (const phase of ['customers', 'interactions', 'orders', 'tasks', 'targets']) expect(finished).toContain(phase);
  });

  // SQLite compares dates as text, so the bulk path must write them to the character.
  if (testEngine() === 'sqlite')
    it('stores dates, booleans and JSON exactly as Prisma stores its own rows', async () => {
      const db = await demoDb();
      const sqlite = new Database(fileOf(db), { readonly: true });
      const byPrisma = sqlite.prepare('SELECT "createdAt" AS at FROM "Store"').get() as { at: string };
      const generated = sqlite
        .prepare(`SELECT "createdAt" AS at, "tradeIn" AS tradeIn FROM "Customer" WHERE "tradeIn" IS NOT NULL ORDER BY "id" LIMIT 1`)
        .get() as { at: string; tradeIn: unknown };
      const detail = sqlite.prepare(`SELECT "detail" FROM "Interaction" WHERE "type" = 'quote' LIMIT 1`).pluck().get() as string;
      sqlite.close();
      const iso = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$/;
      expect(byPrisma.at).toMatch(iso);
      expect(generated.at).toMatch(iso);
      expect([0, 1]).toContain(generated.tradeIn);
      expect(JSON.parse(detail)).toMatchObject({ trimId: expect.any(String), offerPriceCny: expect.any(Number) });
      const viaPrisma = await db.customer.findFirstOrThrow({ where: { tradeIn: { not: null } }, orderBy: { id: 'asc' } });
      expect(viaPrisma.createdAt.toISOString().replace('Z', '+00:00')).toBe(generated.at);
      expect(await db.customer.count({ where: { createdAt: { lte: NOW } } })).toBe(await db.customer.count());
    });

  // PostgreSQL types each column: the bulk path (one JSON parameter a batch) must not turn a
  // Json value into a JSON string, nor a date into another instant.
  if (testEngine() === 'postgres')
    it('stores dates, booleans and JSON as typed values Prisma reads back', async () => {
      const db = await demoDb();
      const [row] = await db.$queryRaw<{ t: string; trim: string | null; b: string; d: string }[]>`
        SELECT jsonb_typeof(i."detail") AS t, i."detail"->>'trimId' AS trim,
               pg_typeof(c."tradeIn")::text AS b, pg_typeof(c."createdAt")::text AS d
        FROM "Interaction" i JOIN "Customer" c ON c."id" = i."customerId"
        WHERE i."type" = 'quote' AND c."tradeIn" IS NOT NULL LIMIT 1`;
      expect(row).toMatchObject({ t: 'object', trim: expect.any(String), b: 'boolean', d: 'timestamp without time zone' });
      const quote = await db.interaction.findFirstOrThrow({ where: { type: 'quote' } });
      expect(quote.detail).toMatchObject({ trimId: expect.any(String), offerPriceCny: expect.any(Number) });
      expect(await db.customer.count({ where: { createdAt: { lte: NOW } } })).toBe(await db.customer.count());
      const store = await db.store.findFirstOrThrow();
      const earliest = await db.customer.findFirstOrThrow({ orderBy: { createdAt: 'asc' } });
      expect(earliest.createdAt.getTime()).toBeGreaterThan(NOW.getTime() - 400 * 86_400_000);
      expect(store.createdAt).toBeInstanceOf(Date);
    });

  it('has funnel ratios a manager would recognise', async () => {
    const db = await demoDb();
    const leads = await db.customer.count();
    const reached = async (type: string) => db.customer.count({ where: { interactions: { some: { type } } } });
    const onFile = await db.customer.count({ where: { onFileAt: { not: null } } });
    const visits = await reached('visit');
    const testDrives = await reached('test_drive');
    const quotes = await reached('quote');
    const orders = await db.order.count();
    const delivered = await db.order.count({ where: { status: 'delivered' } });
    expect(onFile / leads).toBeGreaterThan(0.55);
    expect(onFile / leads).toBeLessThan(0.85);
    expect(visits).toBeLessThan(onFile);
    expect(testDrives).toBeLessThan(visits);
    expect(quotes).toBeLessThan(testDrives);
    expect(orders).toBeLessThan(quotes);
    expect(orders / leads).toBeGreaterThan(0.05);
    expect(orders / leads).toBeLessThan(0.2);
    expect(delivered / orders).toBeGreaterThan(0.5);
    const sources = await db.customer.groupBy({ by: ['source'], _count: true });
    expect(sources.map((s) => s.source).sort()).toEqual(['event', 'online', 'phone', 'referral', 'walk_in', 'web_chat']);
    const grades = await db.customer.groupBy({ by: ['grade'], _count: true });
    expect(grades.map((g) => g.grade).sort()).toEqual(['A', 'B', 'C', 'F', 'H', 'O']);
  });

  it('keeps customer records consistent with their events', async () => {
    const db = await demoDb();
    expect(await db.customer.count({ where: { grade: 'F', lostReason: null } })).toBe(0);
    expect(await db.customer.count({ where: { grade: { not: 'F' }, lostReason: { not: null } } })).toBe(0);
    const incompleteOnFile = await db.customer.count({
      where: {
        onFileAt: { not: null },
        OR: [{ name: null }, { phone: null }, { intendedModelId: null }, { budgetMin: null }, { budgetMax: null }, { timeframe: null }],
      },
    });
    expect(incompleteOnFile).toBe(0);
    expect(await db.interaction.count({ where: { occurredAt: { gt: NOW } } })).toBe(0);
    // Open grades follow up at their cadence from the last contact.
    const cadence: Record<string, number> = { H: 2, A: 3, B: 7, C: 14 };
    const open = await db.customer.findMany({ where: { grade: { in: ['H', 'A', 'B', 'C'] } } });
    for (const c of open) {
      expect(c.nextFollowUpAt!.getTime() - c.lastContactAt!.getTime()).toBe(cadence[c.grade] * 86_400_000);
    }
    expect(await db.customer.count({ where: { grade: 'F', nextFollowUpAt: { not: null } } })).toBe(0);
    const overdue = await db.followUpTask.count({ where: { kind: 'follow_up', status: 'open', dueAt: { lt: NOW } } });
    expect(overdue).toBeGreaterThan(0);
    const phones = await db.customer.findMany({ where: { phone: { not: null } }, select: { phone: true } });
    for (const { phone } of phones) expect(phone).toMatch(/^1[3-9]\d{9}$/);
    expect(await db.customer.count({ where: { lang: 'en' } })).toBeGreaterThan(10);
  });

  it('books test drives only on bookable cars and business slots', async () => {
    const db = await demoDb();
    expect(await db.testDriveBooking.count({ where: { demoCarId: 'dc-e6-02' } })).toBe(0);
    expect(await db.testDriveBooking.count({ where: { status: 'completed' } })).toBeGreaterThan(30);
    expect(await db.testDriveBooking.count({ where: { status: 'no_show' } })).toBeGreaterThan(0);
    const upcoming = await db.testDriveBooking.findMany({ where: { slotStart: { gt: NOW } } });
    expect(upcoming.length).toBeGreaterThan(0);
    for (const b of upcoming) {
      expect(b.status).toBe('booked');
      expect(b.activeSlot).toEqual(b.slotStart);
      expect(b.slotStart.getTime() % 3_600_000).toBe(0);
      expect(localHour(b.slotStart)).toBeGreaterThanOrEqual(9);
      expect(localHour(b.slotStart)).toBeLessThanOrEqual(17);
      expect(b.slotStart.getTime() - NOW.getTime()).toBeLessThanOrEqual(7 * 86_400_000);
    }
    const returnVisits = await db.followUpTask.findMany({ where: { kind: 'return_visit' } });
    expect(returnVisits.length).toBeGreaterThan(0);
    for (const t of returnVisits) expect(t.dedupeKey).toMatch(/^return_visit:o-\d+:d(1|3|7|30)$/);
    const complaints = await db.complaint.findMany();
    for (const c of complaints) expect(c.ref).toMatch(/^TS-\d{8}-\d{4}$/);
  });

  it('sets this month’s targets for the store, both sales teams and every consultant', async () => {
    const db = await demoDb();
    const targets = await db.target.findMany({ where: { period: '2026-12' } });
    const metrics = ['deliveries', 'leads', 'orders', 'revenue', 'test_drives'];
    const scopeIds = (scope: string) => [...new Set(targets.filter((t) => t.scope === scope).map((t) => t.scopeId))].sort();
    expect(scopeIds('store')).toEqual([STORE_ID]);
    expect(scopeIds('team')).toEqual(['sales-1', 'sales-2']);
    expect(scopeIds('staff')).toEqual(['st-03', 'st-04', 'st-05', 'st-07', 'st-08', 'st-09']);
    for (const scopeId of [STORE_ID, 'sales-1', 'st-03']) {
      expect(
        targets
          .filter((t) => t.scopeId === scopeId)
          .map((t) => t.metric)
          .sort(),
      ).toEqual(metrics);
    }
    const value = (scopeId: string, metric: string) => targets.find((t) => t.scopeId === scopeId && t.metric === metric)!.value;
    expect(value(STORE_ID, 'orders')).toBe(value('sales-1', 'orders') + value('sales-2', 'orders'));
    expect(value(STORE_ID, 'revenue')).toBeGreaterThan(value(STORE_ID, 'orders') * 100_000);
  });
});

describe('createStoreCalendar', () => {
  it('turns local times into UTC instants, across a DST change too', () => {
    const shanghai = createStoreCalendar(NOW, 'Asia/Shanghai');
    expect(shanghai.period).toBe('2026-12');
    expect(shanghai.nowMinute).toBe(10 * 60 + 15);
    expect(shanghai.toUtc(-1440 + 9 * 60).toISOString()).toBe('2026-12-02T01:00:00.000Z');
    expect(shanghai.isoDate(shanghai.monthStartDay)).toBe('2026-12-01');
    // New York leaves DST on 2026-11-01: 09:00 local is 13:00Z before and 14:00Z after.
    const newYork = createStoreCalendar(new Date('2026-11-03T15:00:00Z'), 'America/New_York');
    expect(newYork.toUtc(-3 * 1440 + 9 * 60).toISOString()).toBe('2026-10-31T13:00:00.000Z');
    expect(newYork.toUtc(-1 * 1440 + 9 * 60).toISOString()).toBe('2026-11-02T14:00:00.000Z');
    expect(newYork.toUtc(-2 * 1440 + 9 * 60).toISOString()).toBe('2026-11-01T14:00:00.000Z');
  });
});
