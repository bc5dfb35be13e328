// The customer export (PIPL): managers only, each in their scope; masked names always,
// full phones only for the store manager; anonymised customers never; filters; CSV that
// Excel opens (BOM, CRLF, RFC 4180) and that cannot run formulas; one audit row per
// export with the count and no personal data, one access_denied row per refusal.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { anonymiseCustomer } from '../../../src/sales/privacy/anonymiseCustomer.js';
import { EXPORT_COLUMNS, exportCustomers, type ExportFilters, type PhoneMode } from '../../../src/sales/privacy/exportCustomers.js';
import { formatCsvCell } from '../../../src/sales/privacy/formatCsv.js';
import type { ScopedStaff } from '../../../src/sales/staffAccess.js';
import type { Db } from '../../../src/store/createPrisma.js';
import { demoData, insertDemoStore } from '../../helpers/demoStore.js';
import { createTestDb, type TestDb } from '../../helpers/testDb.js';

const NOW = new Date('2026-12-03T10:15:00+08:00');
const STORE = demoData().store.id;
const staff = (id: string): ScopedStaff => {
  const s = demoData().staff.find((x) => x.id === id)!;
  return { id: s.id, role: s.role, teamId: s.team ?? null, storeId: STORE };
};
const STORE_MANAGER = staff('st-01');
const MANAGER_1 = staff('st-02'); // sales-1: st-03, st-04, st-05
const MANAGER_2 = staff('st-06'); // sales-2: st-07, st-08, st-09
const CONSULTANT = staff('st-03');
const DCC = staff('st-10');

/** RFC 4180, enough for the tests: quoted fields with "" and CRLF inside. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') row.push(field), (field = '');
    else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(field), rows.push(row), (row = []), (field = ''), i++;
    } else field += ch;
  }
  if (field || row.length) throw new Error('the last line has no CRLF');
  return rows;
}

/** The data rows as objects keyed by column, by customer id. */
function records(csv: string): Map<string, Record<string, string>> {
  const [header, ...rows] = parseCsv(csv.replace(/^\uFEFF/, ''));
  expect(header).toEqual([...EXPORT_COLUMNS]);
  return new Map(rows.map((r) => [r[0], Object.fromEntries(header.map((h, i) => [h, r[i]]))]));
}

async function run(db: Db, who: ScopedStaff, o: { filters?: ExportFilters; phones?: PhoneMode; lang?: 'zh' | 'en'; pageSize?: number } = {}) {
  return exportCustomers(db, { staff: who, filters: o.filters ?? {}, phones: o.phones ?? 'masked', now: NOW, lang: o.lang, pageSize: o.pageSize });
}

async function ok(db: Db, who: ScopedStaff, o: Parameters<typeof run>[2] = {}) {
  const r = await run(db, who, o);
  if ('denied' in r) throw new Error(`denied: ${r.denied}`);
  return r;
}

describe('exportCustomers', () => {
  let t: TestDb;
  let db: Db;

  beforeEach(async () => {
    t = await createTestDb();
    db = t.db;
    await insertDemoStore(db);
    await db.campaign.create({
      data: {
        id: 'cmp-1',
        storeId: STORE,
        nameZh: '年终, "特惠"\n直播',
        nameEn: 'Year-end, "deals"',
        source: 'online',
        startsOn: '2026-11-01',
        endsOn: '2026-12-31',
        costCny: 10_000,
      },
    });
    const base = { storeId: STORE, source: 'walk_in' };
    await db.customer.createMany({
      data: [
        {
          ...base,
          id: 'c-01',
          name: '王小明',
          phone: '13812345678',
          grade: 'H',
          ownerId: 'st-03',
          source: 'online',
          campaignId: 'cmp-1',
          intendedModelId: 'x5',
          budgetMin: 150_000,
          budgetMax: 200_000,
          timeframe: 'within_7d',
          onFileAt: new Date('2026-11-20T03:00:00Z'),
          lastContactAt: new Date('2026-12-02T06:05:00Z'),
          nextFollowUpAt: new Date('2026-12-04T01:30:00Z'),
          createdAt: new Date('2026-11-30T16:30:00Z'), // 00:30 on 1 December in Shanghai
          leadAt: new Date('2026-11-30T16:30:00Z'),
        },
        {
          ...base,
          id: 'c-02',
          name: '李雷',
          phone: '13900001111',
          grade: 'A',
          ownerId: 'st-07',
          intendedModelId: 's3',
          createdAt: new Date('2026-11-30T15:59:00Z'),
          leadAt: new Date('2026-11-30T15:59:00Z'),
        }, // 23:59 on 30 November
        // a name that would be a formula, an opt-out, no owner
        {
          ...base,
          id: 'c-03',
          name: '=cmd',
          phone: '13700002222',
          grade: 'C',
          ownerId: 'st-04',
          source: '@SUM(A1)',
          optOutAt: new Date('2026-11-25T02:00:00Z'),
          createdAt: new Date('2026-11-10T02:00:00Z'),
          leadAt: new Date('2026-11-10T02:00:00Z'),
        },
        {
          ...base,
          id: 'c-04',
          name: '张三丰',
          phone: '13600003333',
          grade: 'B',
          ownerId: 'st-03',
          createdAt: new Date('2026-11-12T02:00:00Z'),
          leadAt: new Date('2026-11-12T02:00:00Z'),
        },
        // a web chat visitor who left no phone and booked nothing: no lead (leadAt null)
        { ...base, id: 'c-05', name: null, phone: null, grade: 'C', ownerId: null, source: 'web_chat', createdAt: new Date('2026-12-02T02:00:00Z') },
        // a web chat visitor since November who left a phone on 2 December: December's lead
        {
          ...base,
          id: 'c-06',
          name: null,
          phone: '13500004444',
          grade: 'C',
          ownerId: null,
          source: 'web_chat',
          createdAt: new Date('2026-11-05T02:00:00Z'),
          leadAt: new Date('2026-12-02T03:00:00Z'),
        },
      ],
    });
    await anonymiseCustomer(db, 'c-04', NOW, { type: 'staff', id: 'st-01' });
  });
  afterEach(async () => t.close());

  it('gives the store manager every customer but the anonymised one', async () => {
    const r = await ok(db, STORE_MANAGER);
    const rows = records(r.csv);
    expect([...rows.keys()]).toEqual(['c-01', 'c-02', 'c-03', 'c-05', 'c-06']);
    expect(r.rows).toBe(5);
  });

  it('gives a sales manager their team only', async () => {
    expect([...records((await ok(db, MANAGER_1)).csv).keys()]).toEqual(['c-01', 'c-03']);
    expect([...records((await ok(db, MANAGER_2)).csv).keys()]).toEqual(['c-02']);
  });

  it('refuses a consultant and a DCC agent, with an access_denied row and no export row', async () => {
    expect(await run(db, CONSULTANT)).toEqual({ denied: 'not_a_manager' });
    expect(await run(db, DCC)).toEqual({ denied: 'not_a_manager' });
    const denied = await db.auditLog.findMany({ where: { action: 'access_denied' }, orderBy: { actorId: 'asc' } });
    expect(denied.map((d) => [d.actorId, d.detail])).toEqual([
      ['st-03', { attempted: 'export', role: 'sales_consultant', reason: 'not_a_manager' }],
      ['st-10', { attempted: 'export', role: 'dcc_agent', reason: 'not_a_manager' }],
    ]);
    expect(await db.auditLog.count({ where: { action: 'export' } })).toBe(0);
  });

  it('masks names and phones by default; full phones for the store manager only', async () => {
    const masked = records((await ok(db, STORE_MANAGER)).csv);
    expect(masked.get('c-01')).toMatchObject({ name: '王**', phone: '138****5678' });
    expect(masked.get('c-05')).toMatchObject({ name: '', phone: '' });
    const full = records((await ok(db, STORE_MANAGER, { phones: 'full' })).csv);
    expect(full.get('c-01')).toMatchObject({ name: '王**', phone: '13812345678' });

    expect(await run(db, MANAGER_1, { phones: 'full' })).toEqual({ denied: 'full_phones_store_manager_only' });
    const denied = await db.auditLog.findFirstOrThrow({ where: { action: 'access_denied', actorId: 'st-02' } });
    expect(denied.detail).toEqual({ attempted: 'export', role: 'sales_manager', reason: 'full_phones_store_manager_only' });
  });

  it('writes every column in store-local time, with names in the asked language', async () => {
    const zh = records((await ok(db, STORE_MANAGER)).csv).get('c-01');
    expect(zh).toEqual({
      id: 'c-01',
      name: '王**',
      phone: '138****5678',
      grade: 'H',
      owner_id: 'st-03',
      owner_name: '林晓雯',
      source: 'online',
      campaign: '年终, "特惠"\n直播',
      intended_model: '星耀 X5',
      budget_min: '150000',
      budget_max: '200000',
      timeframe: 'within_7d',
      on_file: 'yes',
      last_contact: '2026-12-02 14:05',
      next_follow_up: '2026-12-04 09:30',
      opted_out: 'no',
      created: '2026-12-01 00:30',
    });
    const en = records((await ok(db, STORE_MANAGER, { lang: 'en' })).csv);
    expect(en.get('c-01')).toMatchObject({ owner_name: 'Lin Xiaowen', campaign: 'Year-end, "deals"', intended_model: 'Xingyao X5' });
    expect(en.get('c-03')).toMatchObject({ opted_out: 'yes', on_file: 'no', campaign: '', budget_min: '', last_contact: '' });
    expect(en.get('c-05')).toMatchObject({ owner_id: '', owner_name: '' });
  });

  it('filters by grade, owner, source, model, on file and the store-local day they became a lead', async () => {
    const ids = async (filters: ExportFilters, who = STORE_MANAGER) => [...records((await ok(db, who, { filters })).csv).keys()];
    expect(await ids({ grades: ['H', 'A'] })).toEqual(['c-01', 'c-02']);
    expect(await ids({ ownerId: 'st-04' })).toEqual(['c-03']);
    expect(await ids({ ownerId: 'st-03' }, MANAGER_1)).toEqual(['c-01']);
    expect(await ids({ source: 'web_chat' })).toEqual(['c-05', 'c-06']);
    expect(await ids({ intendedModelId: 's3' })).toEqual(['c-02']);
    expect(await ids({ onFileOnly: true })).toEqual(['c-01']);
    // c-01 came at 00:30 on 1 December in Shanghai (16:30 UTC the day before), c-02 at 23:59 on 30 November;
    // the web visitors: c-05 is no lead (in no dated export), c-06 counts from the day it left its phone
    expect(await ids({ createdFrom: '2026-12-01' })).toEqual(['c-01', 'c-06']);
    expect(await ids({ createdTo: '2026-11-30' })).toEqual(['c-02', 'c-03']);
    expect(await ids({ createdFrom: '2026-11-30', createdTo: '2026-12-01' })).toEqual(['c-01', 'c-02']);
    expect(await ids({ grades: ['H'], ownerId: 'st-07' })).toEqual([]);
  });

  it('refuses an owner outside a sales manager’s team (recorded)', async () => {
    expect(await run(db, MANAGER_1, { filters: { ownerId: 'st-07' } })).toEqual({ denied: 'owner_out_of_scope' });
    expect(await run(db, STORE_MANAGER, { filters: { ownerId: 'st-99' } })).toEqual({ denied: 'owner_out_of_scope' });
    expect(
      await db.auditLog.count({
        where: { action: 'access_denied', detail: { equals: { attempted: 'export', role: 'sales_manager', reason: 'owner_out_of_scope' } } },
      }),
    ).toBe(1);
  });

  it('reads in pages and gets the same file', async () => {
    const whole = await ok(db, STORE_MANAGER);
    const paged = await ok(db, STORE_MANAGER, { pageSize: 2 });
    const single = await ok(db, STORE_MANAGER, { pageSize: 1 });
    expect(paged).toEqual(whole);
    expect(single).toEqual(whole);
  });

  it('writes CSV Excel opens: a BOM, CRLF, quoting, and no formulas', async () => {
    const { csv } = await ok(db, STORE_MANAGER);
    expect(csv.startsWith('\uFEFFid,name,phone,grade,owner_id,owner_name,')).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
    // every line break outside the quoted campaign name is CRLF
    expect(
      csv
        .replace(/"[^"]*(?:""[^"]*)*"/g, '')
        .match(/\r?\n/g)!
        .every((n) => n === '\r\n'),
    ).toBe(true);
    expect(csv).toContain(',"年终, ""特惠""\n直播",');
    const c03 = records(csv).get('c-03')!;
    expect(c03.name).toBe("'=***");
    expect(c03.source).toBe("'@SUM(A1)");

    expect(formatCsvCell('=1+1')).toBe("'=1+1");
    expect(formatCsvCell('+86 138')).toBe("'+86 138");
    expect(formatCsvCell('-2')).toBe("'-2");
    expect(formatCsvCell('@x')).toBe("'@x");
    expect(formatCsvCell('=a,b')).toBe(`"'=a,b"`);
    expect(formatCsvCell('a"b')).toBe('"a""b"');
    expect(formatCsvCell('a\r\nb')).toBe('"a\r\nb"');
    expect(formatCsvCell('plain')).toBe('plain');
    expect(formatCsvCell(-5)).toBe('-5');
    expect(formatCsvCell(null)).toBe('');
  });

  it('writes one export audit row with filters, phone mode and count, and nothing personal', async () => {
    const filters = { grades: ['H', 'C'], createdFrom: '2026-11-01' };
    const r = await ok(db, STORE_MANAGER, { filters, phones: 'full' });
    expect(r.rows).toBe(3); // c-01 (H), c-03 and c-06 (C); c-05 is no lead
    const rows = await db.auditLog.findMany({ where: { action: 'export' } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ actorType: 'staff', actorId: 'st-01', subjectType: 'customer', subjectId: null, createdAt: NOW });
    expect(rows[0].detail).toEqual({ role: 'store_manager', filters, phones: 'full', rows: 3 });
    const text = JSON.stringify(rows[0]);
    for (const personal of ['13812345678', '138****5678', '王', 'c-01', '=cmd']) expect(text).not.toContain(personal);
  });

  it('writes no audit row when the export fails', async () => {
    await expect(run(db, STORE_MANAGER, { filters: { createdFrom: '1 Dec' } })).rejects.toThrow(/YYYY-MM-DD/);
    expect(await db.auditLog.count({ where: { action: 'export' } })).toBe(0);
  });
});
