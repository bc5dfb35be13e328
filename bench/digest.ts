// npm run bench -- digest: the morning digest on a big store, through sales/ (Prisma,
// the better-sqlite3 driver adapter) against hand-written SQL (better-sqlite3 prepared
// statements, bench/digestBaseline.ts) that computes the same figures, in the same run.
//
// The store: the demo dealership seeded at BENCH_SCALE (default 350: ~105k customers and
// over a million events = interactions + orders + bookings + tasks), plus 44 consultants
// so the digest serves 50. Seeding takes ~45 s, so the database is kept in the temp dir
// and reused when its scale, seed and "now" match (BENCH_RESEED=1 seeds it again).
// BENCH_RUNS (default 10) sets the timed repetitions.
//
// Why 44 new staff rows with the customers spread over them (not the 6 demo consultants
// called cyclically): a call list reads the consultant's own tasks, bookings and
// customers; calling the same 6 eight times would time 6 lists with a hot cache and
// 17k customers each, not 50 consultants with ~2k each as a big store has.
//
// The digest = what bots/digest runs at 08:30: the board of the store and of each team,
// and for each of the 50 consultants the call list (top 10) and their own ranking row
// (read from their team's board, no query of its own).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import Database from 'better-sqlite3';
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import { localParts } from '../src/infra/storeTime.js';
import { PrismaClient } from '../src/generated/prisma/client.js';
import type { Board, CallListItem, RankingRow } from '../src/sales/board/boardTypes.js';
import { buildCallList, buildCallLists } from '../src/sales/followUp/buildCallList.js';
import { computeBoard, computeBoards } from '../src/sales/board/computeBoard.js';
import { createPrisma, type Db } from '../src/store/createPrisma.js';
import { openStore } from '../src/store/openStore.js';
import { DEFAULT_SEED, seedDemo } from '../src/store/seed/seedDemo.js';
import { openBaseline, type Baseline } from './digestBaseline.js';
import { printComparison, timeEach, type RunStats } from './stats.js';

const DATA_DIR = path.resolve('data/demo-dealership');
/** 08:30 on Thursday 17 December 2026 in Shanghai: the digest's slot, mid-month. */
const NOW = new Date('2026-12-17T00:30:00Z');
const TIME_ZONE = 'Asia/Shanghai';
const CONSULTANTS = 50;
const CALL_LIST_LIMIT = 10;
const MIN_EVENTS = 1_000_000;

interface Digest {
  boards: Board[];
  calls: { staffId: string; row: RankingRow | undefined; items: CallListItem[] }[];
}

interface Plan {
  storeId: string;
  date: string;
  teams: { id: string; members: string[] }[];
}

export async function benchDigest(opts: { scale: number; runs: number; seed?: number }): Promise<void> {
  const seed = opts.seed ?? DEFAULT_SEED;
  const file = path.join(os.tmpdir(), `dealerbot-bench-digest-s${opts.scale}-seed${seed}-${NOW.toISOString().slice(0, 10)}.db`);
  const url = `file:${file}`;
  await prepareStore(file, url, opts.scale, seed);

  const counts = rowCounts(file);
  const events = counts.Interaction + counts.Order + counts.TestDriveBooking + counts.FollowUpTask;
  console.log(`\ndigest: ${file} (scale ${opts.scale}, seed ${seed}, now ${NOW.toISOString()})`);
  console.log(
    `  rows: customers ${fmt(counts.Customer)}, interactions ${fmt(counts.Interaction)}, orders ${fmt(counts.Order)}, bookings ${fmt(counts.TestDriveBooking)}, ` +
      `tasks ${fmt(counts.FollowUpTask)} (open ${fmt(counts.openTasks)}) = ${fmt(events)} events; staff ${counts.Staff} (${counts.consultants} consultants)`,
  );
  if (events < MIN_EVENTS) console.log(`  NOTE: fewer than ${fmt(MIN_EVENTS)} events: raise BENCH_SCALE`);

  const db = createPrisma(url);
  const baseline = openBaseline(file);
  try {
    const plan = await planDigest(db);
    if (plan.teams.reduce((n, t) => n + t.members.length, 0) !== CONSULTANTS) throw new Error(`expected ${CONSULTANTS} consultants in the plan`);

    // cold: the first digest of the process (the forecast's calibration is computed once
    // per day and scope, then reused; both paths do the same)
    const t0 = performance.now();
    const viaPrisma = await digestPrisma(db, plan);
    const coldPrisma = performance.now() - t0;
    const t1 = performance.now();
    const viaSql = digestBaseline(baseline, plan);
    const coldSql = performance.now() - t1;
    assertSame(viaPrisma, viaSql);
    const items = viaPrisma.calls.reduce((n, c) => n + c.items.length, 0);
    const store = viaPrisma.boards[0];
    console.log(
      `  checked: ${viaPrisma.boards.length} boards and ${viaPrisma.calls.length} call lists (${items} items) identical on both paths; ` +
        `store MTD leads ${store.funnel.monthToDate[0].count}, orders ${store.progress.find((p) => p.metric === 'orders')!.actual}, forecast ${store.forecast?.projected}`,
    );
    console.log(`\nthe 08:30 digest as the job runs it (cold: first of the day, the forecast's calibration included), once each:`);
    console.log(`  sales/ (Prisma) ${coldPrisma.toFixed(0)} ms, hand-written SQL ${coldSql.toFixed(0)} ms, ratio ${(coldPrisma / coldSql).toFixed(2)}×`);

    const whole = await timeEach('digest via sales/ (Prisma)', opts.runs, () => digestPrisma(db, plan));
    const wholeSql = await timeEach('digest via hand-written SQL', opts.runs, async () => digestBaseline(baseline, plan));
    printComparison(
      `whole morning digest repeated (warm: calibration reused; ${plan.teams.length + 1} boards + ${CONSULTANTS} call lists), ${opts.runs} runs`,
      whole,
      wholeSql,
    );
    console.log(`  aim: < 2000 ms and ≤ 1.5× the baseline → p50 ${whole.p50.toFixed(0)} ms, ${(whole.p50 / wholeSql.p50).toFixed(2)}×`);

    // the parts
    const parts: [string, RunStats, RunStats][] = [];
    const boardArgs = { storeId: plan.storeId, date: plan.date, timeZone: TIME_ZONE, now: NOW };
    parts.push([
      'store board',
      await timeEach('store board (Prisma)', opts.runs, () => computeBoard(db, boardArgs)),
      await timeEach('store board (SQL)', opts.runs, async () => baseline.computeBoard(boardArgs)),
    ]);
    const big = plan.teams.reduce((a, b) => (b.members.length > a.members.length ? b : a));
    const teamArgs = { ...boardArgs, teamId: big.id };
    parts.push([
      `team board (${big.id})`,
      await timeEach('team board (Prisma)', opts.runs, () => computeBoard(db, teamArgs)),
      await timeEach('team board (SQL)', opts.runs, async () => baseline.computeBoard(teamArgs)),
    ]);
    const staff = plan.teams.flatMap((t) => t.members);
    const callArgs = (i: number) => ({ staffId: staff[i % staff.length], date: plan.date, timeZone: TIME_ZONE, now: NOW, limit: CALL_LIST_LIMIT });
    const n = staff.length * opts.runs;
    parts.push([
      'call list (one consultant)',
      await timeEach('call list (Prisma)', n, (i) => buildCallList(db, callArgs(i))),
      await timeEach('call list (SQL)', n, async (i) => baseline.buildCallList(callArgs(i))),
    ]);
    for (const [title, subject, base] of parts) printComparison(title, subject, base);

    await profileQueries(url, baseline, plan);
  } finally {
    baseline.close();
    await db.$disconnect();
  }
  await benchNudges(file);
}

// ------------------------------------------------------------------ the two digests

async function planDigest(db: Db): Promise<Plan> {
  const store = await db.store.findFirstOrThrow({ orderBy: { createdAt: 'asc' } });
  const teams = await db.team.findMany({
    where: { storeId: store.id },
    include: { members: { where: { active: true, role: 'sales_consultant' }, orderBy: { id: 'asc' }, select: { id: true } } },
    orderBy: { id: 'asc' },
  });
  return { storeId: store.id, date: localParts(NOW, TIME_ZONE).date, teams: teams.map((t) => ({ id: t.id, members: t.members.map((m) => m.id) })) };
}

async function digestPrisma(db: Db, plan: Plan): Promise<Digest> {
  const args = { storeId: plan.storeId, date: plan.date, timeZone: TIME_ZONE, now: NOW };
  // as the digest job does: all boards at once (the store's queries once, each team's share)
  const { store, teams } = await computeBoards(db, { ...args, teamIds: plan.teams.map((t) => t.id) });
  const out: Digest = { boards: [store], calls: [] };
  for (const team of plan.teams) {
    const board = teams.get(team.id)!;
    out.boards.push(board);
    // as the digest job does: one set of queries per team
    const lists = await buildCallLists(db, { staffIds: team.members, date: plan.date, timeZone: TIME_ZONE, now: NOW, limit: CALL_LIST_LIMIT });
    for (const staffId of team.members) {
      out.calls.push({ staffId, row: board.ranking.find((r) => r.id === staffId), items: lists.get(staffId) ?? [] });
    }
  }
  return out;
}

function digestBaseline(b: Baseline, plan: Plan): Digest {
  const args = { storeId: plan.storeId, date: plan.date, timeZone: TIME_ZONE, now: NOW };
  const out: Digest = { boards: [b.computeBoard(args)], calls: [] };
  for (const team of plan.teams) {
    const board = b.computeBoard({ ...args, teamId: team.id });
    out.boards.push(board);
    for (const staffId of team.members) {
      out.calls.push({
        staffId,
        row: board.ranking.find((r) => r.id === staffId),
        items: b.buildCallList({ staffId, date: plan.date, timeZone: TIME_ZONE, now: NOW, limit: CALL_LIST_LIMIT }),
      });
    }
  }
  return out;
}

function assertSame(a: Digest, b: Digest): void {
  // JSON form: what a renderer gets (undefined fields dropped on both sides)
  const norm = (x: unknown) => JSON.parse(JSON.stringify(x));
  a.boards.forEach((board, i) => {
    if (!isDeepStrictEqual(norm(board), norm(b.boards[i]))) {
      for (const k of Object.keys(board) as (keyof Board)[]) {
        if (!isDeepStrictEqual(norm(board[k]), norm(b.boards[i][k]))) {
          console.error(
            `board ${i} (${JSON.stringify(board.scope)}) differs in ${k}:\n  sales/: ${JSON.stringify(board[k])}\n  SQL:    ${JSON.stringify(b.boards[i][k])}`,
          );
        }
      }
      throw new Error('the baseline does not compute the same board: fix it before timing');
    }
  });
  a.calls.forEach((c, i) => {
    if (!isDeepStrictEqual(norm(c), norm(b.calls[i]))) {
      console.error(
        `call list of ${c.staffId} differs:\n  sales/: ${JSON.stringify(c).slice(0, 1500)}\n  SQL:    ${JSON.stringify(b.calls[i]).slice(0, 1500)}`,
      );
      throw new Error('the baseline does not compute the same call list: fix it before timing');
    }
  });
}

// ------------------------------------------------------------------ where the time goes

/** One digest with Prisma's query events on, and one through the baseline with its timer: time per statement. */
async function profileQueries(url: string, baseline: Baseline, plan: Plan): Promise<void> {
  const file = url.slice('file:'.length);
  const adapter = new PrismaBetterSQLite3({ url: `file:${file}`, timeout: 5000 });
  const logged = new PrismaClient({ adapter, log: [{ emit: 'event', level: 'query' }] });
  const byQuery = new Map<string, { n: number; ms: number }>();
  logged.$on('query', (e) => {
    const key = e.query
      .replace(/\s+/g, ' ')
      .replace(/`main`\./g, '')
      .slice(0, 110);
    const p = byQuery.get(key) ?? { n: 0, ms: 0 };
    p.n++;
    p.ms += Number(e.duration);
    byQuery.set(key, p);
  });
  await digestPrisma(logged as unknown as Db, plan); // warm
  byQuery.clear();
  const t0 = performance.now();
  await digestPrisma(logged as unknown as Db, plan);
  const wall = performance.now() - t0;
  await logged.$disconnect();
  const inQueries = [...byQuery.values()].reduce((s, p) => s + p.ms, 0);
  console.log(
    `\nwhere the time goes, one warm digest via sales/: ${wall.toFixed(0)} ms wall, ${inQueries.toFixed(0)} ms inside ${[...byQuery.values()].reduce((s, p) => s + p.n, 0)} queries (Prisma's query events); top 8:`,
  );
  for (const [q, p] of [...byQuery].sort((a, b) => b[1].ms - a[1].ms).slice(0, 8))
    console.log(`  ${p.ms.toFixed(0).padStart(6)} ms ${String(p.n).padStart(4)}×  ${q}`);

  const prof = openBaseline(file, { profile: true });
  digestBaseline(prof, plan); // warm
  prof.profile.clear();
  const t1 = performance.now();
  digestBaseline(prof, plan);
  const wallSql = performance.now() - t1;
  prof.close();
  const sqlTotal = [...prof.profile.values()].reduce((s, p) => s + p.ms, 0);
  console.log(`one warm digest via SQL: ${wallSql.toFixed(0)} ms wall, ${sqlTotal.toFixed(0)} ms in statements; top 8:`);
  for (const [q, p] of [...prof.profile].sort((a, b) => b[1].ms - a[1].ms).slice(0, 8))
    console.log(`  ${p.ms.toFixed(0).padStart(6)} ms ${String(p.n).padStart(4)}×  ${q}`);
  void baseline;
}

// ------------------------------------------------------------------ the nudge sweep (bots/follow-up)

async function benchNudges(file: string): Promise<void> {
  let sendNudges: typeof import('../src/bots/follow-up/sendNudges.js').sendNudges;
  let rules: import('../src/sales/salesRules.js').SalesRules;
  try {
    ({ sendNudges } = await import('../src/bots/follow-up/sendNudges.js'));
    ({ DEFAULT_SALES_RULES: rules } = await import('../src/sales/salesRules.js'));
  } catch (err) {
    console.log(`\nnudge sweep: not timed (${(err as Error).message})`);
    return;
  }
  // it writes (outbox rows, audit rows): on a copy, so the digest's store stays as seeded
  const copy = file.replace(/\.db$/, '-nudges.db');
  for (const f of [copy, `${copy}-wal`, `${copy}-shm`]) fs.rmSync(f, { force: true });
  const src = new Database(file, { readonly: true });
  await src.backup(copy);
  src.close();
  // every staff member reachable on Slack, so each nudge is really queued (notifyStaff)
  const w = new Database(copy);
  w.prepare(`INSERT OR IGNORE INTO "ChannelIdentity" ("id", "channel", "externalId", "staffId", "createdAt", "lastSeenAt")
    SELECT 'bench-' || "id", 'slack', 'U' || upper(hex("id")), "id", ?, ? FROM "Staff"`).run(
    NOW.toISOString().replace('Z', '+00:00'),
    NOW.toISOString().replace('Z', '+00:00'),
  );
  w.close();
  const db = createPrisma(`file:${copy}`);
  try {
    const store = await db.store.findFirstOrThrow({ orderBy: { createdAt: 'asc' } });
    const scope = { storeId: store.id, timeZone: store.timezone };
    const at = new Date('2026-12-17T02:00:00Z'); // 10:00, within working hours
    const t0 = performance.now();
    const first = await sendNudges(db, scope, rules, at, at.toISOString());
    const firstMs = performance.now() - t0;
    const t1 = performance.now();
    const again = await sendNudges(db, scope, rules, at, at.toISOString());
    const againMs = performance.now() - t1;
    const queued = await db.outboxMessage.count();
    console.log(
      `\nnudge sweep (bots/follow-up sendNudges at 10:00, all staff linked to Slack): ${firstMs.toFixed(0)} ms for ${first.messages} messages / ${first.items} items (${queued} outbox rows); the same slot again (idempotent) ${againMs.toFixed(0)} ms (${again.messages} messages)`,
    );
  } finally {
    await db.$disconnect();
    for (const f of [copy, `${copy}-wal`, `${copy}-shm`]) fs.rmSync(f, { force: true });
  }
}

// ------------------------------------------------------------------ the store

async function prepareStore(file: string, url: string, scale: number, seed: number): Promise<void> {
  const marker = `${file}.json`;
  const want = { scale, seed, now: NOW.toISOString(), consultants: CONSULTANTS, version: 1 };
  // BENCH_RESEED=1 seeds again (e.g. after the seed generator changed)
  if (fs.existsSync(file) && fs.existsSync(marker) && process.env.BENCH_RESEED !== '1') {
    try {
      const have = JSON.parse(fs.readFileSync(marker, 'utf8'));
      if (isDeepStrictEqual(have.want, want)) {
        const db = await openStore({ databaseUrl: url }); // applies any newer migration
        await db.$disconnect();
        console.log(`digest: reusing ${file} (seeded ${have.seededAt})`);
        return;
      }
    } catch {
      // fall through: seed again
    }
  }
  for (const f of [file, `${file}-wal`, `${file}-shm`, marker]) fs.rmSync(f, { force: true });
  console.log(`digest: seeding ${file} at scale ${scale} (about 45 s; reused by later runs)…`);
  const started = Date.now();
  const db = await openStore({ databaseUrl: url });
  try {
    await seedDemo(db, { dataDir: DATA_DIR, now: NOW, seed, scale });
  } finally {
    await db.$disconnect();
  }
  addConsultants(file);
  fs.writeFileSync(marker, JSON.stringify({ want, seededAt: new Date().toISOString(), seconds: (Date.now() - started) / 1000 }));
}

/**
 * 44 more consultants (22 per sales team), then every customer a consultant owns goes to
 * one of the 50 by a stable hash of its id, with its tasks, bookings, orders and
 * interactions, so each consultant's records stay consistent. Each new consultant gets
 * an orders target like the demo's.
 */
function addConsultants(file: string): void {
  const sq = new Database(file);
  try {
    sq.pragma('journal_mode = WAL');
    const store = sq.prepare('SELECT "id" FROM "Store" ORDER BY "createdAt" LIMIT 1').get() as { id: string };
    const existing = sq.prepare(`SELECT "id", "teamId" FROM "Staff" WHERE "role" = 'sales_consultant' AND "active" = 1 ORDER BY "id"`).all() as {
      id: string;
      teamId: string;
    }[];
    const teams = [...new Set(existing.map((s) => s.teamId))].sort();
    const extra = CONSULTANTS - existing.length;
    const added: { id: string; teamId: string }[] = [];
    for (let i = 1; i <= extra; i++) added.push({ id: `st-b${String(i).padStart(2, '0')}`, teamId: teams[(i - 1) % teams.length] });
    const all = [...existing, ...added];
    const target = sq
      .prepare(
        `SELECT "value", "createdAt", "setById" FROM "Target" WHERE "scope" = 'staff' AND "metric" = 'orders' AND "scopeId" = ? ORDER BY "createdAt" DESC LIMIT 1`,
      )
      .get(existing[0].id) as { value: number; createdAt: string; setById: string | null } | undefined;
    const period = NOW.toISOString().slice(0, 7);
    sq.transaction(() => {
      const insert = sq.prepare(
        `INSERT INTO "Staff" ("id", "storeId", "teamId", "nameZh", "nameEn", "role", "languages", "active", "onDuty", "createdAt") VALUES (?, ?, ?, ?, ?, 'sales_consultant', 'zh', 1, 1, ?)`,
      );
      const addTarget = sq.prepare(
        `INSERT INTO "Target" ("id", "storeId", "period", "metric", "scope", "scopeId", "value", "setById", "createdAt") VALUES (?, ?, ?, 'orders', 'staff', ?, ?, ?, ?)`,
      );
      added.forEach((s, i) => {
        insert.run(s.id, store.id, s.teamId, `顾问${i + 1}号`, `Consultant ${i + 1}`, NOW.toISOString().replace('Z', '+00:00'));
        if (target) addTarget.run(`tg-b${String(i + 1).padStart(2, '0')}`, store.id, period, s.id, target.value, target.setById, target.createdAt);
      });
      // a temp table: customer → new owner, by a stable hash of the id
      sq.exec(`CREATE TEMP TABLE owner_map (cid TEXT PRIMARY KEY, sid TEXT NOT NULL)`);
      const customers = sq
        .prepare(`SELECT "id" FROM "Customer" WHERE "ownerId" IN (SELECT "id" FROM "Staff" WHERE "role" = 'sales_consultant')`)
        .pluck()
        .all() as string[];
      const map = sq.prepare(`INSERT INTO owner_map VALUES (?, ?)`);
      for (const cid of customers) map.run(cid, all[hash(cid) % all.length].id);
      const consultantIds = `SELECT "id" FROM "Staff" WHERE "role" = 'sales_consultant'`;
      sq.exec(`UPDATE "Customer" SET "ownerId" = (SELECT sid FROM owner_map WHERE cid = "Customer"."id") WHERE "id" IN (SELECT cid FROM owner_map)`);
      for (const table of ['FollowUpTask', 'TestDriveBooking', 'Order', 'Interaction']) {
        sq.exec(`UPDATE "${table}" SET "staffId" = (SELECT sid FROM owner_map WHERE cid = "${table}"."customerId")
                 WHERE "customerId" IN (SELECT cid FROM owner_map) AND "staffId" IN (${consultantIds})`);
      }
      sq.exec('DROP TABLE owner_map');
    })();
    console.log(`digest: added ${added.length} consultants (${teams.join(', ')}) and spread ${customers(sq)} consultants' customers over ${all.length}`);
  } finally {
    sq.close();
  }
}

function customers(sq: Database.Database): number {
  return (
    sq.prepare(`SELECT COUNT(*) AS n FROM "Customer" WHERE "ownerId" IN (SELECT "id" FROM "Staff" WHERE "role" = 'sales_consultant')`).get() as { n: number }
  ).n;
}

function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

function rowCounts(file: string) {
  const sq = new Database(file, { readonly: true });
  try {
    const n = (sql: string) => (sq.prepare(sql).get() as { n: number }).n;
    return {
      Customer: n('SELECT COUNT(*) AS n FROM "Customer"'),
      Interaction: n('SELECT COUNT(*) AS n FROM "Interaction"'),
      Order: n('SELECT COUNT(*) AS n FROM "Order"'),
      TestDriveBooking: n('SELECT COUNT(*) AS n FROM "TestDriveBooking"'),
      FollowUpTask: n('SELECT COUNT(*) AS n FROM "FollowUpTask"'),
      openTasks: n(`SELECT COUNT(*) AS n FROM "FollowUpTask" WHERE "status" = 'open'`),
      Staff: n('SELECT COUNT(*) AS n FROM "Staff"'),
      consultants: n(`SELECT COUNT(*) AS n FROM "Staff" WHERE "role" = 'sales_consultant' AND "active" = 1`),
    };
  } finally {
    sq.close();
  }
}

const fmt = (x: number) => x.toLocaleString('en-US');
