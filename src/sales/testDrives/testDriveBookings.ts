// Test-drive bookings against the demo cars: free slots, booking (one live booking per
// car and slot, enforced by the database's unique index; at most the store's number of
// live bookings per customer and per chat), moving and cancelling.
import { randomBytes } from 'node:crypto';
import { Prisma, type TestDriveBooking } from '../../generated/prisma/client.js';
import { isUniqueViolation } from '../../store/prismaErrors.js';
import { localParts } from '../../infra/storeTime.js';
import type { Db } from '../../store/createPrisma.js';
import { candidateSlots, checkSlot, type SlotProblem, type TestDriveRules } from './testDriveRules.js';

export interface FreeSlot {
  date: string;
  time: string;
  start: Date;
}

/** too_many: the customer (or the chat) already holds rules.maxLiveBookings live bookings */
export type BookingFailure = SlotProblem | 'no_demo_car' | 'taken' | 'too_many';
type BookingResult = { ok: true; booking: TestDriveBooking } | { ok: false; reason: BookingFailure };

async function bookableCars(db: Db, modelId: string) {
  return db.demoCar.findMany({ where: { modelId, status: 'available' }, orderBy: { id: 'asc' }, select: { id: true } });
}

/** The nearest free slots for a model (by closeness to `near` when given). */
export async function findFreeSlots(
  db: Db,
  args: { modelId: string; rules: TestDriveRules; now: Date; near?: { date: string; time?: string | null }; limit?: number; exclude?: Date },
): Promise<FreeSlot[]> {
  const cars = await bookableCars(db, args.modelId);
  if (!cars.length) return [];
  const candidates = candidateSlots(args.rules, args.now, args.near);
  if (!candidates.length) return [];
  const from = new Date(Math.min(...candidates.map((c) => c.start.getTime())));
  const to = new Date(Math.max(...candidates.map((c) => c.start.getTime())));
  const taken = await db.testDriveBooking.findMany({
    where: { demoCarId: { in: cars.map((c) => c.id) }, activeSlot: { gte: from, lte: to } },
    select: { demoCarId: true, activeSlot: true },
  });
  const busy = new Map<number, number>();
  for (const t of taken) busy.set(t.activeSlot!.getTime(), (busy.get(t.activeSlot!.getTime()) ?? 0) + 1);
  return candidates.filter((c) => (busy.get(c.start.getTime()) ?? 0) < cars.length && c.start.getTime() !== args.exclude?.getTime()).slice(0, args.limit ?? 3);
}

/**
 * Books the slot on the first car of the model that is free, unless the customer (or the
 * chat) already holds the store's maximum of live bookings (rules.maxLiveBookings).
 * The cap is read by the insert itself (INSERT … SELECT … WHERE the counts are under it):
 * one statement, one transaction, so two confirmations at N-1 never both pass, and no
 * lock is held across an await (another process's writer waits on the busy timeout
 * instead of failing on a stale read). Two customers racing for the last car: the
 * database's unique (demoCarId, activeSlot) lets exactly one insert win.
 * A move books its new slot before releasing the old one: `replaces` names the booking
 * it is about to release, which the cap does not count.
 */
export async function bookTestDrive(
  db: Db,
  args: {
    customerId: string;
    modelId: string;
    date: string;
    time: string;
    rules: TestDriveRules;
    now: Date;
    staffId?: string | null;
    channel?: string;
    conversationId?: string;
    replaces?: string;
    /** the turn's event key: the same turn run again gets the booking its first run made */
    eventKey?: string;
  },
): Promise<BookingResult> {
  const check = checkSlot(args.rules, args.date, args.time, args.now);
  if (!check.ok) return { ok: false, reason: check.problem! };
  const already = await findSameBooking(db, { customerId: args.customerId, start: check.start!, eventKey: args.eventKey });
  if (already) return { ok: true, booking: already };
  const cars = await bookableCars(db, args.modelId);
  if (!cars.length) return { ok: false, reason: 'no_demo_car' };
  for (const car of cars) {
    try {
      const id = newBookingId();
      if (!(await insertUnderCap(db, { ...args, id, demoCarId: car.id, start: check.start! }))) return { ok: false, reason: 'too_many' };
      // booking a drive makes a web visitor a lead (the others are leads from their first message)
      await db.customer.updateMany({ where: { id: args.customerId, leadAt: null }, data: { leadAt: args.now } });
      return { ok: true, booking: await db.testDriveBooking.findUniqueOrThrow({ where: { id } }) };
    } catch (err) {
      if (!isUniqueViolation(err) && !isRawUniqueViolation(err)) throw err;
      // the same turn's other run, or the customer's own live booking of this slot: that one
      // stands (one live booking per customer per slot is a unique key); else the car was taken
      const same = await findSameBooking(db, { customerId: args.customerId, start: check.start!, eventKey: args.eventKey });
      if (same) return { ok: true, booking: same };
    }
  }
  return { ok: false, reason: 'taken' };
}

/** The booking this turn made already, or the customer's live one at this very slot. */
async function findSameBooking(db: Db, a: { customerId: string; start: Date; eventKey?: string }): Promise<TestDriveBooking | null> {
  if (a.eventKey) {
    const mine = await db.testDriveBooking.findUnique({ where: { eventKey: a.eventKey } });
    if (mine) return mine;
  }
  return db.testDriveBooking.findFirst({ where: { customerId: a.customerId, activeSlot: a.start } });
}

/** The conditional insert; false when the cap stopped it (a taken car throws the unique violation). */
async function insertUnderCap(
  db: Db,
  a: {
    id: string;
    customerId: string;
    demoCarId: string;
    modelId: string;
    start: Date;
    staffId?: string | null;
    channel?: string;
    conversationId?: string;
    replaces?: string;
    eventKey?: string;
    rules: TestDriveRules;
    now: Date;
  },
): Promise<boolean> {
  const live = Prisma.sql`"status" = 'booked' AND "slotStart" > ${a.now} AND "id" <> ${a.replaces ?? ''}`;
  const chatUnderCap = a.conversationId
    ? Prisma.sql` AND (SELECT COUNT(*) FROM "TestDriveBooking" WHERE "conversationId" = ${a.conversationId} AND ${live}) < ${a.rules.maxLiveBookings}`
    : Prisma.empty;
  const inserted = await db.$executeRaw(Prisma.sql`
    INSERT INTO "TestDriveBooking" ("id", "customerId", "demoCarId", "modelId", "staffId", "slotStart", "activeSlot", "status", "channel", "conversationId", "eventKey", "createdAt", "updatedAt")
    SELECT ${a.id}, ${a.customerId}, ${a.demoCarId}, ${a.modelId}, ${a.staffId ?? null}, ${a.start}, ${a.start}, 'booked', ${a.channel ?? null}, ${a.conversationId ?? null}, ${a.eventKey ?? null}, ${a.now}, ${a.now}
    WHERE (SELECT COUNT(*) FROM "TestDriveBooking" WHERE "customerId" = ${a.customerId} AND ${live}) < ${a.rules.maxLiveBookings}${chatUnderCap}`);
  return inserted === 1;
}

/** A raw statement's unique violation comes back wrapped (P2010), not as P2002. */
function isRawUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; meta?: { driverAdapterError?: { cause?: { kind?: string } } } } | null;
  return e?.code === 'P2010' && e.meta?.driverAdapterError?.cause?.kind === 'UniqueConstraintViolation';
}

/** Ids of the cuid's shape (a letter, 24 lowercase alphanumerics): the raw insert makes its own. */
function newBookingId(): string {
  return `c${randomBytes(12).toString('hex')}`;
}

/** Live: booked and not yet started. */
const liveBooking = (now: Date): Prisma.TestDriveBookingWhereInput => ({ status: 'booked', slotStart: { gt: now } });

/**
 * Whether the customer or the chat already holds the maximum of live bookings: for a
 * conversation to say so before asking for a slot (the insert decides for good).
 */
export async function holdsMaxLiveBookings(db: Db, args: { customerId: string; conversationId?: string; rules: TestDriveRules; now: Date }): Promise<boolean> {
  const max = args.rules.maxLiveBookings;
  const live = liveBooking(args.now);
  if ((await db.testDriveBooking.count({ where: { ...live, customerId: args.customerId } })) >= max) return true;
  return !!args.conversationId && (await db.testDriveBooking.count({ where: { ...live, conversationId: args.conversationId } })) >= max;
}

/** The live bookings the cap counts (the customer's and the chat's), soonest first. */
export async function findLiveBookings(db: Db, args: { customerId: string; conversationId?: string; now: Date }): Promise<TestDriveBooking[]> {
  const whose: Prisma.TestDriveBookingWhereInput[] = [
    { customerId: args.customerId },
    ...(args.conversationId ? [{ conversationId: args.conversationId }] : []),
  ];
  return db.testDriveBooking.findMany({ where: { ...liveBooking(args.now), OR: whose }, orderBy: { slotStart: 'asc' } });
}

/** Frees the car: the slot can be booked again. */
export async function cancelBooking(db: Db, bookingId: string): Promise<void> {
  await db.testDriveBooking.update({ where: { id: bookingId }, data: { status: 'cancelled', activeSlot: null } });
}

/** The customer's next live booking (the one "改到周六" or "取消预约" is about). */
export async function findUpcomingBooking(db: Db, customerId: string, now: Date, onDate?: string | null, timeZone?: string) {
  const bookings = await db.testDriveBooking.findMany({
    where: { customerId, status: 'booked', slotStart: { gte: new Date(now.getTime() - 60 * 60_000) } },
    orderBy: { slotStart: 'asc' },
    include: { demoCar: { include: { model: true } } },
  });
  if (onDate && timeZone) {
    const onThatDay = bookings.find((b) => localParts(b.slotStart, timeZone).date === onDate);
    if (onThatDay) return onThatDay;
  }
  return bookings[0] ?? null;
}

/**
 * The consultant for a new booking: the customer's owner when they are an active
 * consultant on duty, else a fair rotation: the on-duty consultant assigned longest ago.
 */
export async function chooseConsultant(db: Db, storeId: string, ownerId: string | null): Promise<string | null> {
  if (ownerId) {
    const owner = await db.staff.findFirst({ where: { id: ownerId, active: true, onDuty: true, role: 'sales_consultant' } });
    if (owner) return owner.id;
  }
  const consultants = await db.staff.findMany({
    where: { storeId, active: true, onDuty: true, role: 'sales_consultant' },
    orderBy: { id: 'asc' },
    select: { id: true },
  });
  if (!consultants.length) return null;
  let best: { id: string; last: number } | null = null;
  for (const c of consultants) {
    const last = await db.testDriveBooking.findFirst({ where: { staffId: c.id }, orderBy: { createdAt: 'desc' }, select: { createdAt: true } });
    const at = last?.createdAt.getTime() ?? 0;
    if (!best || at < best.last) best = { id: c.id, last: at };
  }
  return best!.id;
}
