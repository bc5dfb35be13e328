// The sales funnel (销售漏斗) of any period [from, to), grouped by consultant, team,
// source, campaign or model. Set queries only (GROUP BY in SQL, standard SQL that runs on
// SQLite and PostgreSQL alike), so a board over 100k customers and a million events
// reads a few aggregated rows, never the events.
//
// THE STAGE RULES (used by the board, the KPIs, targets' actuals and the forecast):
// - leads:       customers whose leadAt is in the period: when they became a lead, not
//                when their record was made (a web chat visitor is a lead only once they
//                leave a phone or book, so a script opening chats cannot fill the funnel);
// - on_file:     customers whose onFileAt (留档) is in the period;
// - visits, test_drives, quotes: distinct customers with at least one Interaction of type
//                visit / test_drive / quote whose occurredAt is in the period (a customer
//                who came twice is one visit of the funnel);
//   customer stages count leads only: a customer whose leadAt is null is in none of them;
// - orders:      Orders whose orderedAt is in the period and whose status is not cancelled;
// - deliveries:  Orders whose deliveredAt is in the period, status not cancelled;
// - revenue (a target metric, not a stage): the priceCny of those deliveries.
// Attribution: customer stages (leads … quotes) belong to the customer's owner (and so
// their team), orders and deliveries to Order.staffId; source is the customer's;
// campaign is the customer's (an order's own campaignId first); model is the customer's
// intended model, the interaction's model for events, the order's model for orders.
// Conversion of a stage = its count / the previous stage's count (null when that is 0).
import { Prisma } from '../../generated/prisma/client.js';
import type { Db } from '../../store/createPrisma.js';
import { FUNNEL_STAGES, type FunnelRow, type FunnelStage } from './boardTypes.js';

export type FunnelDimension = 'none' | 'consultant' | 'team' | 'source' | 'campaign' | 'model';
export type FunnelCounts = Record<FunnelStage, number> & { revenue: number };

interface FunnelQuery {
  storeId: string;
  from: Date;
  to: Date;
  by?: FunnelDimension;
  /** only customers owned by (and orders of) this team's members */
  teamId?: string;
  /** only this staff member's customers and orders */
  staffId?: string;
}

export const emptyCounts = (): FunnelCounts => ({
  leads: 0,
  on_file: 0,
  visits: 0,
  test_drives: 0,
  quotes: 0,
  orders: 0,
  deliveries: 0,
  revenue: 0,
});

type Source = 'customer' | 'event' | 'order';
function keyExpr(by: FunnelDimension, source: Source): Prisma.Sql {
  switch (by) {
    case 'none':
      return Prisma.raw(`''`);
    case 'consultant':
      return Prisma.raw(source === 'order' ? 'o."staffId"' : 'c."ownerId"');
    case 'team':
      return Prisma.raw('s."teamId"');
    case 'source':
      return Prisma.raw('c."source"');
    case 'campaign':
      return Prisma.raw(source === 'order' ? 'COALESCE(o."campaignId", c."campaignId")' : 'c."campaignId"');
    case 'model':
      return Prisma.raw(source === 'order' ? 'o."modelId"' : source === 'event' ? 'COALESCE(i."modelId", c."intendedModelId")' : 'c."intendedModelId"');
  }
}

/** No GROUP BY for the whole scope (PostgreSQL refuses a constant in GROUP BY). */
function groupBy(by: FunnelDimension, source: Source): Prisma.Sql {
  return by === 'none' ? Prisma.empty : Prisma.sql`GROUP BY ${keyExpr(by, source)}`;
}

function scopeFilter(q: FunnelQuery, source: Source): Prisma.Sql {
  const parts: Prisma.Sql[] = [];
  if (q.teamId) parts.push(Prisma.sql` AND s."teamId" = ${q.teamId}`);
  if (q.staffId) parts.push(source === 'order' ? Prisma.sql` AND o."staffId" = ${q.staffId}` : Prisma.sql` AND c."ownerId" = ${q.staffId}`);
  return parts.length ? Prisma.join(parts, '') : Prisma.empty;
}

const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));
const keyOf = (v: unknown): string | null => (v === null || v === undefined || v === '' ? null : String(v));

/** Stage counts per group ('' → null key when by = 'none', i.e. one group keyed null). */
export async function countFunnel(db: Db, q: FunnelQuery): Promise<Map<string | null, FunnelCounts>> {
  const by = q.by ?? 'none';
  const { storeId, from, to } = q;
  const out = new Map<string | null, FunnelCounts>();
  const at = (k: unknown) => {
    const key = keyOf(k);
    let c = out.get(key);
    if (!c) out.set(key, (c = emptyCounts()));
    return c;
  };

  const leads = await db.$queryRaw<{ k: unknown; n: unknown }[]>(Prisma.sql`
    SELECT ${keyExpr(by, 'customer')} AS k, COUNT(*) AS n
    FROM "Customer" c LEFT JOIN "Staff" s ON s."id" = c."ownerId"
    WHERE c."storeId" = ${storeId} AND c."leadAt" >= ${from} AND c."leadAt" < ${to}${scopeFilter(q, 'customer')}
    ${groupBy(by, 'customer')}`);
  for (const r of leads) at(r.k).leads += num(r.n);

  const onFile = await db.$queryRaw<{ k: unknown; n: unknown }[]>(Prisma.sql`
    SELECT ${keyExpr(by, 'customer')} AS k, COUNT(*) AS n
    FROM "Customer" c LEFT JOIN "Staff" s ON s."id" = c."ownerId"
    WHERE c."storeId" = ${storeId} AND c."onFileAt" >= ${from} AND c."onFileAt" < ${to} AND c."leadAt" IS NOT NULL${scopeFilter(q, 'customer')}
    ${groupBy(by, 'customer')}`);
  for (const r of onFile) at(r.k).on_file += num(r.n);

  const events = await db.$queryRaw<{ t: string; k: unknown; n: unknown }[]>(Prisma.sql`
    SELECT i."type" AS t, ${keyExpr(by, 'event')} AS k, COUNT(DISTINCT i."customerId") AS n
    FROM "Interaction" i JOIN "Customer" c ON c."id" = i."customerId" LEFT JOIN "Staff" s ON s."id" = c."ownerId"
    WHERE i."storeId" = ${storeId} AND i."type" IN ('visit', 'test_drive', 'quote')
      AND i."occurredAt" >= ${from} AND i."occurredAt" < ${to} AND c."leadAt" IS NOT NULL${scopeFilter(q, 'event')}
    GROUP BY i."type"${by === 'none' ? Prisma.empty : Prisma.sql`, ${keyExpr(by, 'event')}`}`);
  for (const r of events) {
    const stage = r.t === 'visit' ? 'visits' : r.t === 'test_drive' ? 'test_drives' : 'quotes';
    at(r.k)[stage] += num(r.n);
  }

  // Two range queries rather than one with OR, so each can use its index.
  const orders = await db.$queryRaw<{ k: unknown; n: unknown }[]>(Prisma.sql`
    SELECT ${keyExpr(by, 'order')} AS k, COUNT(*) AS n
    FROM "Order" o JOIN "Customer" c ON c."id" = o."customerId" LEFT JOIN "Staff" s ON s."id" = o."staffId"
    WHERE c."storeId" = ${storeId} AND o."status" <> 'cancelled' AND o."orderedAt" >= ${from} AND o."orderedAt" < ${to}${scopeFilter(q, 'order')}
    ${groupBy(by, 'order')}`);
  for (const r of orders) at(r.k).orders += num(r.n);

  const deliveries = await db.$queryRaw<{ k: unknown; n: unknown; v: unknown }[]>(Prisma.sql`
    SELECT ${keyExpr(by, 'order')} AS k, COUNT(*) AS n, SUM(o."priceCny") AS v
    FROM "Order" o JOIN "Customer" c ON c."id" = o."customerId" LEFT JOIN "Staff" s ON s."id" = o."staffId"
    WHERE c."storeId" = ${storeId} AND o."status" <> 'cancelled' AND o."deliveredAt" >= ${from} AND o."deliveredAt" < ${to}${scopeFilter(q, 'order')}
    ${groupBy(by, 'order')}`);
  for (const r of deliveries) {
    at(r.k).deliveries += num(r.n);
    at(r.k).revenue += num(r.v);
  }
  return out;
}

/** The whole scope's counts (no grouping). */
export async function countFunnelTotal(db: Db, q: Omit<FunnelQuery, 'by'>): Promise<FunnelCounts> {
  return sumCounts((await countFunnel(db, { ...q, by: 'none' })).values());
}

export function sumCounts(groups: Iterable<FunnelCounts>): FunnelCounts {
  const total = emptyCounts();
  for (const g of groups) for (const k of Object.keys(total) as (keyof FunnelCounts)[]) total[k] += g[k];
  return total;
}

/** Counts → rows with conversions (null for the first stage or after a stage of 0). */
export function funnelRows(counts: FunnelCounts): FunnelRow[] {
  return FUNNEL_STAGES.map((stage, i) => {
    const prev = i === 0 ? 0 : counts[FUNNEL_STAGES[i - 1]];
    return { stage, count: counts[stage], conversion: i === 0 || prev === 0 ? null : counts[stage] / prev };
  });
}

export function isEmptyCounts(c: FunnelCounts): boolean {
  return FUNNEL_STAGES.every((s) => c[s] === 0) && c.revenue === 0;
}

/** A grouped funnel as rows, biggest group (by leads, then orders) first. */
export async function computeFunnel(db: Db, q: FunnelQuery): Promise<{ key: string | null; counts: FunnelCounts; rows: FunnelRow[] }[]> {
  const groups = await countFunnel(db, q);
  return [...groups]
    .map(([key, counts]) => ({ key, counts, rows: funnelRows(counts) }))
    .sort((a, b) => b.counts.leads - a.counts.leads || b.counts.orders - a.counts.orders || String(a.key).localeCompare(String(b.key)));
}

export interface Bottleneck {
  stage: FunnelStage;
  conversion: number;
  lastMonthConversion: number | null;
}

/**
 * The stage whose conversion fell most against the comparison rows (last month); when
 * there is nothing to compare with (no last month, or no stage with a conversion in
 * both), the stage with the weakest conversion now. Null when no stage has a conversion.
 * Deliveries are left out: they follow orders by the car's delivery wait, not by selling.
 */
export function findBottleneck(now: FunnelRow[], before: FunnelRow[] | null): Bottleneck | null {
  const candidates = now.filter((r) => r.conversion !== null && r.stage !== 'deliveries');
  if (!candidates.length) return null;
  const last = new Map((before ?? []).map((r) => [r.stage, r.conversion]));
  const compared = candidates.filter((r) => last.get(r.stage) != null);
  if (compared.length) {
    let best = compared[0];
    let drop = -Infinity;
    for (const r of compared) {
      const d = last.get(r.stage)! - r.conversion!;
      if (d > drop) [best, drop] = [r, d];
    }
    return { stage: best.stage, conversion: best.conversion!, lastMonthConversion: last.get(best.stage)! };
  }
  const weakest = candidates.reduce((a, b) => (b.conversion! < a.conversion! ? b : a));
  return { stage: weakest.stage, conversion: weakest.conversion!, lastMonthConversion: null };
}
