// What history generation needs to know about a seeded store, read from the database
// (not from the YAML), so history can be generated for any store already in it.
import type { PrismaClient } from '../../generated/prisma/client.js';

interface StaffFacts {
  id: string;
  role: string;
  teamId: string | null;
  languages: string[];
}

export interface ModelFacts {
  id: string;
  nev: boolean;
  /** cheapest first */
  trims: { id: string; price: number }[];
  /** days from order to delivery, per trim */
  deliveryDays(trimId: string): { min: number; max: number };
}

export interface HistoryContext {
  storeId: string;
  depositCny: number;
  staff: StaffFacts[];
  /** focus: the team's focus text (zh and en), which names the models it sells */
  teams: { id: string; managerId: string | null; focus: string }[];
  models: ModelFacts[];
  /** demo cars that take bookings, per model */
  bookableCars: Map<string, string[]>;
  /** phones of customers that are not generated history (unique per store) */
  takenPhones: Set<string>;
  /** live bookings that are not generated history: "demoCarId@epochMs" */
  takenSlots: Set<string>;
}

const FALLBACK_DELIVERY = { min: 7, max: 21 };

export async function loadHistoryContext(db: PrismaClient, storeId: string): Promise<HistoryContext> {
  const store = await db.store.findUnique({ where: { id: storeId } });
  if (!store) throw new Error(`store "${storeId}" not found: seed the store before generating history`);
  const staff = await db.staff.findMany({ where: { storeId, active: true }, orderBy: { id: 'asc' } });
  const teams = await db.team.findMany({ where: { storeId }, orderBy: { id: 'asc' } });
  const models = await db.catalogModel.findMany({ include: { trims: true }, orderBy: { id: 'asc' } });
  const cars = await db.demoCar.findMany({ orderBy: { id: 'asc' } });
  const phones = await db.customer.findMany({ where: { storeId, phone: { not: null } }, select: { phone: true } });
  const slots = await db.testDriveBooking.findMany({
    where: { activeSlot: { not: null } },
    select: { demoCarId: true, activeSlot: true },
  });

  const bookableCars = new Map<string, string[]>();
  for (const car of cars) {
    if (car.status !== 'available') continue;
    bookableCars.set(car.modelId, [...(bookableCars.get(car.modelId) ?? []), car.id]);
  }

  return {
    storeId,
    depositCny: readDeposit(store.profile),
    staff: staff.map((s) => ({ id: s.id, role: s.role, teamId: s.teamId, languages: s.languages.split(',') })),
    teams: teams.map((t) => ({ id: t.id, managerId: t.managerId, focus: textOf(t.focus) })),
    models: models.map((m) => {
      const wait = readDeliveryWait(m.spec);
      return {
        id: m.id,
        nev: m.nev,
        trims: m.trims.map((t) => ({ id: t.id, price: t.price })).sort((a, b) => a.price - b.price),
        deliveryDays: (trimId: string) => wait.byTrim[trimId] ?? wait.model,
      };
    }),
    bookableCars,
    takenPhones: new Set(phones.map((p) => p.phone!)),
    takenSlots: new Set(slots.map((s) => `${s.demoCarId}@${s.activeSlot!.getTime()}`)),
  };
}

function textOf(json: unknown): string {
  return json && typeof json === 'object'
    ? Object.values(json)
        .filter((v) => typeof v === 'string')
        .join(' ')
    : '';
}

function readDeposit(profile: unknown): number {
  const amount = (profile as { policies?: { deposit?: { amount?: unknown } } })?.policies?.deposit?.amount;
  return typeof amount === 'number' ? amount : 5000;
}

type Wait = { min: number; max: number };

/** catalog.yaml's delivery_wait: either min_days/max_days for the model or by_trim. */
function readDeliveryWait(spec: unknown): { model: Wait; byTrim: Record<string, Wait> } {
  const raw = (spec as { delivery_wait?: Record<string, unknown> })?.delivery_wait ?? {};
  const toWait = (v: unknown): Wait | null => {
    const w = v as { min_days?: unknown; max_days?: unknown } | undefined;
    return typeof w?.min_days === 'number' && typeof w?.max_days === 'number' ? { min: w.min_days, max: w.max_days } : null;
  };
  const byTrim: Record<string, Wait> = {};
  for (const [trimId, w] of Object.entries((raw.by_trim as Record<string, unknown>) ?? {})) {
    const wait = toWait(w);
    if (wait) byTrim[trimId] = wait;
  }
  return { model: toWait(raw) ?? FALLBACK_DELIVERY, byTrim };
}
