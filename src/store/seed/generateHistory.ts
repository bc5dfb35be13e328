// A believable, deterministic 90-day sales history for a seeded store: campaigns, leads
// and their whole funnel, bookings, orders, tasks, complaints, referrals and this month's
// targets. The same seed and `now` always give the same rows, ids included; generating
// again first removes what an earlier run generated.
import type { PrismaClient } from '../../generated/prisma/client.js';
import { buildComplaints } from './buildComplaints.js';
import { clearHistory } from './clearHistory.js';
import { createSimulation, type Funnel, type Simulation } from './createSimulation.js';
import { createStoreCalendar } from './createStoreCalendar.js';
import { drawLeadArrivals } from './drawLeadArrivals.js';
import { historyId } from './historyIds.js';
import { loadHistoryContext } from './loadHistoryContext.js';
import { planCampaigns } from './planCampaigns.js';
import { planTargets } from './planTargets.js';
import { simulateCustomer } from './simulateCustomer.js';
import { writeHistory, type HistoryProgress, type HistoryRows } from './writeHistory.js';

export type { HistoryProgress } from './writeHistory.js';

interface GenerateHistoryOptions {
  storeId: string;
  now: Date;
  /** IANA zone of the store; business hours and dates are local to it */
  timezone: string;
  seed: number;
  /** 1 ≈ 300 customers; the history grows linearly */
  scale?: number;
  onProgress?: (p: HistoryProgress) => void;
}

export interface HistorySummary {
  storeId: string;
  /** 'YYYY-MM' of `now` in the store's timezone: the targets' period */
  period: string;
  campaigns: number;
  customers: number;
  interactions: number;
  bookings: number;
  /** bookings still ahead of `now` */
  upcomingBookings: number;
  orders: number;
  tasks: number;
  openTasks: number;
  complaints: number;
  referrals: number;
  targets: number;
  /** customers per grade (H, A, B, C, O, F) */
  grades: Record<string, number>;
  /** customers who reached each stage of the funnel */
  funnel: Funnel;
}

const CUSTOMERS_PER_SCALE = 300;
const PROGRESS_EVERY = 1_000;

export async function generateHistory(db: PrismaClient, opts: GenerateHistoryOptions): Promise<HistorySummary> {
  const scale = opts.scale ?? 1;
  if (!(scale > 0)) throw new Error(`scale must be a positive number, got ${scale}`);
  if (!Number.isInteger(opts.seed)) throw new Error(`seed must be an integer, got ${opts.seed}`);
  if (Number.isNaN(opts.now.getTime())) throw new Error('now is not a valid date');
  const report = opts.onProgress ?? (() => {});

  report({ phase: 'cleanup', done: 0, total: 1 });
  await clearHistory(db, opts.storeId);
  report({ phase: 'cleanup', done: 1, total: 1 });

  const ctx = await loadHistoryContext(db, opts.storeId);
  const cal = createStoreCalendar(opts.now, opts.timezone);
  const sim = createSimulation(ctx, cal, opts.seed);
  const campaigns = planCampaigns(opts.storeId, cal, sim.rnd);
  const arrivals = drawLeadArrivals(Math.max(1, Math.round(CUSTOMERS_PER_SCALE * scale)), cal, campaigns, sim.rnd);
  arrivals.forEach((arrival, i) => {
    simulateCustomer(sim, i + 1, arrival);
    if ((i + 1) % PROGRESS_EVERY === 0 || i + 1 === arrivals.length) {
      report({ phase: 'simulate', done: i + 1, total: arrivals.length });
    }
  });

  const rows: HistoryRows = {
    campaigns: campaigns.map((c) => c.row),
    customers: sim.customers,
    complaints: buildComplaints(sim),
    interactions: numberInteractions(sim),
    bookings: sim.bookings,
    orders: sim.orders,
    tasks: sim.tasks,
    referrals: sim.referrals,
    targets: planTargets(sim),
  };
  await writeHistory(db, rows, report);
  return summarize(sim, rows);
}

/** Interactions are numbered in time order, so their ids read like an event log. */
function numberInteractions(sim: Simulation): HistoryRows['interactions'] {
  return sim.interactions
    .sort((a, b) => a.at - b.at)
    .map(({ row }, i) => {
      row.id = historyId('interaction', i + 1);
      return row;
    });
}

function summarize(sim: Simulation, rows: HistoryRows): HistorySummary {
  const grades: Record<string, number> = { H: 0, A: 0, B: 0, C: 0, O: 0, F: 0 };
  for (const c of rows.customers) grades[c.grade!] = (grades[c.grade!] ?? 0) + 1;
  return {
    storeId: sim.storeId,
    period: sim.cal.period,
    campaigns: rows.campaigns.length,
    customers: rows.customers.length,
    interactions: rows.interactions.length,
    bookings: rows.bookings.length,
    upcomingBookings: rows.bookings.filter((b) => b.status === 'booked').length,
    orders: rows.orders.length,
    tasks: rows.tasks.length,
    openTasks: rows.tasks.filter((t) => t.status === 'open').length,
    complaints: rows.complaints.length,
    referrals: rows.referrals.length,
    targets: rows.targets.length,
    grades,
    funnel: sim.funnel,
  };
}
