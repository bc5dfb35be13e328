// The shared state of one history run: the context, the random sources, the rows built so
// far and the running tallies that later steps (targets, summary) read.
import type { Prisma } from '../../generated/prisma/client.js';
import { createPeople, type People } from './createPeople.js';
import { createRandom, type Random } from './createRandom.js';
import type { StoreCalendar } from './createStoreCalendar.js';
import type { HistoryContext } from './loadHistoryContext.js';

export interface Consultant {
  id: string;
  teamId: string | null;
  speaksEnglish: boolean;
  /** multiplies conversion: the board should show strong and weak performers */
  skill: number;
  /** chance that a follow-up happens days late, which is what makes some tasks overdue */
  lateness: number;
}

export type TargetMetric = 'orders' | 'deliveries' | 'revenue' | 'test_drives' | 'leads';

export interface Funnel {
  leads: number;
  onFile: number;
  visits: number;
  testDrives: number;
  quotes: number;
  orders: number;
  deliveries: number;
  lost: number;
}

interface PendingComplaint {
  customerId: string;
  at: number;
  lang: 'zh' | 'en';
  afterDelivery: boolean;
  /** the complaint interaction's detail, which gets the ref once refs are numbered */
  detail: { ref?: string };
}

export interface Simulation {
  storeId: string;
  cal: StoreCalendar;
  rnd: Random;
  people: People;
  ctx: HistoryContext;
  consultants: Consultant[];
  /** consultants of the team whose focus names the model */
  routes: Map<string, Consultant[]>;
  dccAgents: string[];
  storeManagerId: string | null;
  customers: Prisma.CustomerCreateManyInput[];
  /** interactions get their ids once sorted by time */
  interactions: { at: number; row: Prisma.InteractionCreateManyInput }[];
  bookings: Prisma.TestDriveBookingCreateManyInput[];
  orders: Prisma.OrderCreateManyInput[];
  tasks: Prisma.FollowUpTaskCreateManyInput[];
  referrals: Prisma.ReferralCreateManyInput[];
  complaints: PendingComplaint[];
  /** demo-car slots taken: "demoCarId@epochMs" */
  takenSlots: Set<string>;
  referralCodes: Set<string>;
  /** delivered customers so far, who can refer friends */
  owners: { customerId: string; deliveredAt: number }[];
  /** per consultant, activity in the last 60 days, the base of this month's targets */
  recent: Map<string, Record<TargetMetric, number>>;
  funnel: Funnel;
  seq: { order: number; booking: number; task: number; referral: number };
}

export function createSimulation(ctx: HistoryContext, cal: StoreCalendar, seed: number): Simulation {
  const rnd = createRandom(seed);
  const consultants: Consultant[] = ctx.staff
    .filter((s) => s.role === 'sales_consultant')
    .map((s) => ({
      id: s.id,
      teamId: s.teamId,
      speaksEnglish: s.languages.includes('en'),
      skill: rnd.between(0.8, 1.2),
      lateness: rnd.between(0.1, 0.45),
    }));
  if (consultants.length === 0) throw new Error(`store "${ctx.storeId}" has no active sales consultants to own customers`);

  const routes = new Map<string, Consultant[]>();
  for (const model of ctx.models) {
    const pattern = new RegExp(`\\b${model.id}\\b`, 'i');
    const teams = ctx.teams.filter((t) => pattern.test(t.focus)).map((t) => t.id);
    const members = consultants.filter((c) => c.teamId !== null && teams.includes(c.teamId));
    if (members.length) routes.set(model.id, members);
  }

  return {
    storeId: ctx.storeId,
    cal,
    rnd,
    // names get their own random stream, so adding a name rule never reshuffles the stories
    people: createPeople(seed, createRandom(seed ^ 0x5eed), ctx.takenPhones),
    ctx,
    consultants,
    routes,
    dccAgents: ctx.staff.filter((s) => s.role === 'dcc_agent').map((s) => s.id),
    storeManagerId: ctx.staff.find((s) => s.role === 'store_manager')?.id ?? null,
    customers: [],
    interactions: [],
    bookings: [],
    orders: [],
    tasks: [],
    referrals: [],
    complaints: [],
    takenSlots: new Set(ctx.takenSlots),
    referralCodes: new Set(),
    owners: [],
    recent: new Map(consultants.map((c) => [c.id, { orders: 0, deliveries: 0, revenue: 0, test_drives: 0, leads: 0 }])),
    funnel: { leads: 0, onFile: 0, visits: 0, testDrives: 0, quotes: 0, orders: 0, deliveries: 0, lost: 0 },
    seq: { order: 0, booking: 0, task: 0, referral: 0 },
  };
}
