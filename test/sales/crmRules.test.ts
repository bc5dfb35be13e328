// The staff CRM's rules as plain functions: scope per role, budget and phone parsing,
// grade defaults, leads, outcomes, lost approval and "my day", on fixed dates.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Staff } from '../../src/generated/prisma/client.js';
import { DEFAULT_GRADE_SCHEME, gradeForTimeframe, nextFollowUpDue, suggestedGrade } from '../../src/sales/followUp/gradeRules.js';
import { createLead } from '../../src/sales/customers/leads.js';
import { decideLost, requestLost } from '../../src/sales/customers/lostApproval.js';
import { buildMyDay } from '../../src/sales/board/myDay.js';
import { normaliseMobile } from '../../src/sales/customers/normaliseMobile.js';
import { logOutcome } from '../../src/sales/customers/outcomes.js';
import { parseBudget } from '../../src/sales/customers/parseBudget.js';
import { regradeCustomer } from '../../src/sales/followUp/regradeCustomer.js';
import { canSeeCustomer, customerScope, loadCustomerInScope } from '../../src/sales/staffAccess.js';
import type { Db } from '../../src/store/createPrisma.js';
import { demoData, insertDemoStore } from '../helpers/demoStore.js';
import { createTestDb, type TestDb } from '../helpers/testDb.js';

const TZ = 'Asia/Shanghai';
const NOW = new Date('2026-12-03T08:30:00+08:00');
const DAY = 86_400_000;
const STORE = demoData().store.id;
const MODEL_IDS = demoData().catalog.models.map((m) => m.id);

async function addCustomer(
  db: Db,
  id: string,
  o: { ownerId?: string | null; grade?: string; phone?: string; name?: string; lastContactAt?: Date | null } = {},
) {
  return db.customer.create({
    data: {
      id,
      storeId: STORE,
      source: 'walk_in',
      name: o.name ?? `客户${id}`,
      phone: o.phone ?? null,
      ownerId: o.ownerId ?? null,
      grade: o.grade ?? 'C',
      lastContactAt: o.lastContactAt ?? null,
      createdAt: new Date(NOW.getTime() - 30 * DAY),
    },
  });
}

describe('parsing', () => {
  it.each([
    ['15-20万', 150_000, 200_000],
    ['150000-200000', 150_000, 200_000],
    ['20万以内', null, 200_000],
    ['25万以上', 250_000, null],
    ['15w-20w', 150_000, 200_000],
    ['15到20万', 150_000, 200_000],
    ['18万', 180_000, 180_000],
    ['20万左右', 180_000, 220_000],
    ['15-20', 150_000, 200_000],
    ['150,000 - 200,000', 150_000, 200_000],
  ])('budget %s → %s..%s', (text, min, max) => {
    expect(parseBudget(text)).toEqual({ min, max });
  });

  it.each(['abc', '20-15万', '5元', '', '很多钱'])('rejects the budget %j', (text) => {
    expect(parseBudget(text)).toBeNull();
  });

  it.each([
    ['13812345678', '13812345678'],
    ['138 1234 5678', '13812345678'],
    ['+86 138-1234-5678', '13812345678'],
    ['8613812345678', '13812345678'],
    ['12345678901', null],
    ['1381234567', null],
    ['02112345678', null],
    ['138123456789', null],
    ['tel 13812345678', null],
  ])('mobile %s → %s', (text, phone) => {
    expect(normaliseMobile(text)).toBe(phone);
  });

  it('defaults the grade from the timeframe and schedules by cadence', () => {
    expect(['within_7d', 'within_15d', 'within_30d', 'within_90d', 'later', null].map(gradeForTimeframe)).toEqual(['H', 'A', 'B', 'C', 'C', 'C']);
    expect(nextFollowUpDue('H', NOW, DEFAULT_GRADE_SCHEME.rules)!.getTime() - NOW.getTime()).toBe(2 * DAY);
    expect(nextFollowUpDue('A', NOW, DEFAULT_GRADE_SCHEME.rules)!.getTime() - NOW.getTime()).toBe(3 * DAY);
    expect(nextFollowUpDue('B', NOW, DEFAULT_GRADE_SCHEME.rules)!.getTime() - NOW.getTime()).toBe(7 * DAY);
    expect(nextFollowUpDue('C', NOW, DEFAULT_GRADE_SCHEME.rules)!.getTime() - NOW.getTime()).toBe(14 * DAY);
    expect(nextFollowUpDue('F', NOW, DEFAULT_GRADE_SCHEME.rules)).toBeNull();
    expect(suggestedGrade('test_drive', 'B', DEFAULT_GRADE_SCHEME.suggestions)).toBe('A');
    expect(suggestedGrade('test_drive', 'H', DEFAULT_GRADE_SCHEME.suggestions)).toBeNull();
    expect(suggestedGrade('quote', 'A', DEFAULT_GRADE_SCHEME.suggestions)).toBe('H');
    expect(suggestedGrade('visit', 'C', DEFAULT_GRADE_SCHEME.suggestions)).toBeNull();
  });
});

describe('CRM rules on the demo store', () => {
  let t: TestDb;
  let staff: Record<string, Staff>;
  beforeEach(async () => {
    t = await createTestDb();
    await insertDemoStore(t.db);
    staff = Object.fromEntries((await t.db.staff.findMany()).map((s) => [s.id, s]));
    await addCustomer(t.db, 'c1', { ownerId: 'st-03' });
    await addCustomer(t.db, 'c2', { ownerId: 'st-04' });
    await addCustomer(t.db, 'c3', { ownerId: 'st-07' });
    await addCustomer(t.db, 'c4', { ownerId: null });
    await addCustomer(t.db, 'c5', { ownerId: 'st-02' });
    await addCustomer(t.db, 'c6', { ownerId: 'st-10' });
  });
  afterEach(async () => t.close());

  const visible = async (id: string) =>
    (await t.db.customer.findMany({ where: customerScope(staff[id]), select: { id: true }, orderBy: { id: 'asc' } })).map((c) => c.id);

  it('limits the customers each role sees', async () => {
    expect(await visible('st-01')).toEqual(['c1', 'c2', 'c3', 'c4', 'c5', 'c6']);
    expect(await visible('st-02')).toEqual(['c1', 'c2', 'c5']);
    expect(await visible('st-06')).toEqual(['c3']);
    expect(await visible('st-03')).toEqual(['c1']);
    expect(await visible('st-10')).toEqual(['c4', 'c6']);
    expect(await canSeeCustomer(t.db, staff['st-03'], 'c3')).toBe(false);
    expect(await canSeeCustomer(t.db, staff['st-02'], 'c2')).toBe(true);
  });

  it('audits and warns on a refused access, with ids only', async () => {
    const warnings: object[] = [];
    const c = await loadCustomerInScope(t.db, { staff: staff['st-07'], customerId: 'c1', action: 'open', now: NOW, log: { warn: (o) => warnings.push(o) } });
    expect(c).toBeNull();
    expect(await t.db.auditLog.findFirstOrThrow({ where: { action: 'access_denied' } })).toMatchObject({
      actorType: 'staff',
      actorId: 'st-07',
      subjectType: 'customer',
      subjectId: 'c1',
    });
    expect(warnings).toEqual([{ staffId: 'st-07', customerId: 'c1', attempted: 'open' }]);
  });

  it('creates a lead with its first follow-up, and catches duplicates by phone', async () => {
    const bad = await createLead(t.db, {
      staff: staff['st-03'],
      input: { name: '', phone: '123', source: 'tv', budget: 'lots' },
      modelIds: MODEL_IDS,
      now: NOW,
      grades: DEFAULT_GRADE_SCHEME,
    });
    expect(bad).toEqual({ kind: 'invalid', errors: { name: 'required', phone: 'invalid_phone', source: 'invalid_option', budget: 'invalid_budget' } });

    const ok = await createLead(t.db, {
      staff: staff['st-03'],
      input: { name: '王小明', phone: '138-1234-5678', source: 'walk_in', model: 's5', budget: '15-20万', timeframe: 'within_7d', owner: 'st-04' },
      modelIds: MODEL_IDS,
      now: NOW,
      grades: DEFAULT_GRADE_SCHEME,
    });
    if (ok.kind !== 'created') throw new Error(ok.kind);
    // a consultant's lead is their own whatever the form says
    expect(ok.customer).toMatchObject({ phone: '13812345678', grade: 'H', ownerId: 'st-03', budgetMin: 150_000, budgetMax: 200_000, onFileAt: NOW });
    expect(ok.task!.dueAt.getTime()).toBe(NOW.getTime() + 2 * DAY);
    expect(ok.customer.nextFollowUpAt?.getTime()).toBe(ok.task!.dueAt.getTime());
    expect(await t.db.interaction.count({ where: { customerId: ok.customer.id, type: 'lead' } })).toBe(1);

    const again = await createLead(t.db, {
      staff: staff['st-02'],
      input: { name: '王', phone: '13812345678', source: 'phone' },
      modelIds: MODEL_IDS,
      now: NOW,
      grades: DEFAULT_GRADE_SCHEME,
    });
    expect(again.kind).toBe('duplicate');
    const elsewhere = await createLead(t.db, {
      staff: staff['st-07'],
      input: { name: '王', phone: '13812345678', source: 'phone' },
      modelIds: MODEL_IDS,
      now: NOW,
      grades: DEFAULT_GRADE_SCHEME,
    });
    expect(elsewhere).toEqual({ kind: 'invalid', errors: { phone: 'on_file_elsewhere' } });
    expect(await t.db.customer.count({ where: { phone: '13812345678' } })).toBe(1);
  });

  it('lets a manager assign a lead within the team only', async () => {
    const outside = await createLead(t.db, {
      staff: staff['st-02'],
      input: { name: '李', phone: '13900001111', source: 'phone', owner: 'st-07' },
      modelIds: MODEL_IDS,
      now: NOW,
      grades: DEFAULT_GRADE_SCHEME,
    });
    expect(outside).toEqual({ kind: 'invalid', errors: { owner: 'invalid_option' } });
    const inside = await createLead(t.db, {
      staff: staff['st-02'],
      input: { name: '李', phone: '13900001111', source: 'phone', owner: 'st-04', timeframe: 'later' },
      modelIds: MODEL_IDS,
      now: NOW,
      grades: DEFAULT_GRADE_SCHEME,
    });
    expect(inside.kind === 'created' && inside.customer).toMatchObject({ ownerId: 'st-04', grade: 'C', onFileAt: null });
  });

  it('logs an order: grade O, an order row, the open follow-ups closed and the next one planned', async () => {
    const c1 = await t.db.customer.update({ where: { id: 'c1' }, data: { intendedModelId: 'x5', grade: 'H' } });
    await t.db.followUpTask.create({ data: { customerId: 'c1', staffId: 'st-03', kind: 'follow_up', dueAt: NOW, createdAt: NOW } });
    const r = await logOutcome(t.db, {
      staff: staff['st-03'],
      customer: c1,
      input: { outcome: 'order', amount: 159_800 },
      now: NOW,
      grades: DEFAULT_GRADE_SCHEME,
    });
    expect(r.customer.grade).toBe('O');
    expect(r.order).toMatchObject({ modelId: 'x5', priceCny: 159_800, staffId: 'st-03' });
    expect(r.closedTasks).toBe(1);
    const tasks = await t.db.followUpTask.findMany({ where: { customerId: 'c1' }, orderBy: { dueAt: 'asc' } });
    expect(tasks.map((x) => [x.status, x.outcome])).toEqual([
      ['done', 'order'],
      ['open', null],
    ]);
    expect(tasks[1].dueAt.getTime()).toBe(NOW.getTime() + 7 * DAY);
    expect((await t.db.interaction.findFirstOrThrow({ where: { customerId: 'c1', type: 'order' } })).detail).toEqual({ outcome: 'order', amountCny: 159_800 });

    const c2 = await t.db.customer.findUniqueOrThrow({ where: { id: 'c2' } });
    const td = await logOutcome(t.db, { staff: staff['st-04'], customer: c2, input: { outcome: 'test_drive' }, now: NOW, grades: DEFAULT_GRADE_SCHEME });
    expect(td.suggestion).toBe('A');
    expect(td.customer.grade).toBe('C'); // only suggested
  });

  it('regrades among H/A/B/C by the owner or a manager, never to O or F', async () => {
    const c1 = await t.db.customer.findUniqueOrThrow({ where: { id: 'c1' } });
    expect(await regradeCustomer(t.db, { staff: staff['st-04'], customer: c1, to: 'A', now: NOW })).toEqual({ ok: false, reason: 'not_allowed' });
    expect(await regradeCustomer(t.db, { staff: staff['st-03'], customer: c1, to: 'F', now: NOW })).toEqual({ ok: false, reason: 'invalid_grade' });
    const ok = await regradeCustomer(t.db, { staff: staff['st-02'], customer: c1, to: 'A', reason: '试驾后很满意', now: NOW });
    expect(ok.ok && ok.customer.grade).toBe('A');
    expect((await t.db.interaction.findFirstOrThrow({ where: { type: 'grade_change' } })).detail).toEqual({ from: 'C', to: 'A', reason: '试驾后很满意' });
  });

  it("needs a manager to approve a consultant's lost deal", async () => {
    const c1 = await t.db.customer.findUniqueOrThrow({ where: { id: 'c1' } });
    const req = await requestLost(t.db, { staff: staff['st-03'], customer: c1, reason: 'budget', text: '预算只有10万', now: NOW });
    if (req.status !== 'pending') throw new Error(req.status);
    expect(req.approver.id).toBe('st-02');
    expect(req.task).toMatchObject({ kind: 'lost_approval', staffId: 'st-02', status: 'open' });
    expect((await requestLost(t.db, { staff: staff['st-03'], customer: c1, reason: 'budget', text: null, now: NOW })).status).toBe('already_pending');
    expect((await t.db.customer.findUniqueOrThrow({ where: { id: 'c1' } })).grade).toBe('C');

    expect((await decideLost(t.db, { staff: staff['st-06'], taskId: req.task.id, approve: true, now: NOW })).status).toBe('not_allowed');
    expect((await decideLost(t.db, { staff: staff['st-03'], taskId: req.task.id, approve: true, now: NOW })).status).toBe('not_allowed');
    const ok = await decideLost(t.db, { staff: staff['st-02'], taskId: req.task.id, approve: true, now: NOW });
    expect(ok.status).toBe('approved');
    expect(await t.db.customer.findUniqueOrThrow({ where: { id: 'c1' } })).toMatchObject({ grade: 'F', lostReason: 'budget: 预算只有10万' });
    expect((await t.db.interaction.findFirstOrThrow({ where: { type: 'lost' } })).detail).toMatchObject({
      reason: 'budget',
      requestedBy: 'st-03',
      approvedBy: 'st-02',
    });
    expect((await decideLost(t.db, { staff: staff['st-02'], taskId: req.task.id, approve: false, now: NOW })).status).toBe('already_decided');
  });

  it("approves a manager's lost at once, and sends a consultant's to the store manager when the team has none", async () => {
    const c5 = await t.db.customer.findUniqueOrThrow({ where: { id: 'c5' } });
    expect((await requestLost(t.db, { staff: staff['st-02'], customer: c5, reason: 'timing', text: null, now: NOW })).status).toBe('approved');
    expect((await t.db.customer.findUniqueOrThrow({ where: { id: 'c5' } })).grade).toBe('F');

    await t.db.team.update({ where: { id: 'sales-2' }, data: { managerId: null } });
    const c3 = await t.db.customer.findUniqueOrThrow({ where: { id: 'c3' } });
    const req = await requestLost(t.db, { staff: staff['st-07'], customer: c3, reason: 'no_response', text: null, now: NOW });
    expect(req.status === 'pending' && req.approver.id).toBe('st-01');
    const rejected = await decideLost(t.db, { staff: staff['st-01'], taskId: req.status === 'pending' ? req.task.id : '', approve: false, now: NOW });
    expect(rejected.status).toBe('rejected');
    expect((await t.db.customer.findUniqueOrThrow({ where: { id: 'c3' } })).grade).toBe('C');
  });

  it("builds my day from the store's day: due and overdue tasks, today's drives, quiet hot customers, team overdue", async () => {
    await t.db.customer.update({ where: { id: 'c1' }, data: { grade: 'H', lastContactAt: new Date(NOW.getTime() - 3 * DAY) } });
    await addCustomer(t.db, 'c7', { ownerId: 'st-03', grade: 'H', lastContactAt: new Date(NOW.getTime() - 1 * DAY) });
    await addCustomer(t.db, 'c8', { ownerId: 'st-03', grade: 'A', lastContactAt: new Date(NOW.getTime() - 4 * DAY) });
    await addCustomer(t.db, 'c9', { ownerId: 'st-03', grade: 'B', lastContactAt: new Date(NOW.getTime() - 30 * DAY) });
    const task = (customerId: string, staffId: string, dueAt: string, status = 'open') =>
      t.db.followUpTask.create({ data: { customerId, staffId, kind: 'follow_up', dueAt: new Date(dueAt), status, createdAt: NOW } });
    await task('c1', 'st-03', '2026-12-01T10:00:00+08:00'); // overdue
    await task('c7', 'st-03', '2026-12-03T23:30:00+08:00'); // later today
    await task('c8', 'st-03', '2026-12-04T00:30:00+08:00'); // tomorrow: not yet
    await task('c9', 'st-03', '2026-12-02T10:00:00+08:00', 'done'); // done
    await task('c2', 'st-04', '2026-12-02T10:00:00+08:00'); // a colleague's, overdue
    const drive = (customerId: string, slot: string, status = 'booked') =>
      t.db.testDriveBooking.create({
        data: {
          customerId,
          demoCarId: 'dc-x5-01',
          modelId: 'x5',
          staffId: 'st-03',
          slotStart: new Date(slot),
          activeSlot: status === 'cancelled' ? null : new Date(slot),
          status,
          createdAt: NOW,
        },
      });
    await drive('c1', '2026-12-03T14:00:00+08:00');
    await drive('c7', '2026-12-03T15:00:00+08:00', 'cancelled');
    await drive('c8', '2026-12-04T10:00:00+08:00');

    const day = await buildMyDay(t.db, { staff: staff['st-03'], now: NOW, grades: DEFAULT_GRADE_SCHEME, timeZone: TZ });
    expect(day.due.map((d) => d.customerId)).toEqual(['c1', 'c7']);
    expect(day.drives.map((d) => d.customerId)).toEqual(['c1']);
    expect(day.hot.map((c) => c.id)).toEqual(['c1', 'c8']);
    expect(day.teamOverdue).toBeNull();

    const mgr = await buildMyDay(t.db, { staff: staff['st-02'], now: NOW, grades: DEFAULT_GRADE_SCHEME, timeZone: TZ });
    expect(mgr.teamOverdue?.map((r) => [r.staff.id, r.count])).toEqual([
      ['st-03', 1],
      ['st-04', 1],
    ]);
    expect(mgr.due).toEqual([]);
    const other = await buildMyDay(t.db, { staff: staff['st-06'], now: NOW, grades: DEFAULT_GRADE_SCHEME, timeZone: TZ });
    expect(other.teamOverdue).toEqual([]);
    expect(other.hot).toEqual([]);
  });
});
