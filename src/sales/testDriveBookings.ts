// Test-drive bookings against the demo cars: free slots, booking (one live booking per
// car and slot, enforced by the database's unique index), moving and cancelling.
import type { TestDriveBooking } from '../generated/prisma/client.js';
import { isUniqueViolation } from '../core/prismaErrors.js';
import { localParts } from '../core/storeTime.js';
import type { Db } from '../store/createPrisma.js';
import { candidateSlots, checkSlot, type SlotProblem, type TestDriveRules } from './testDriveRules.js';

export interface FreeSlot {
  date: string;
  time: string;
  start: Date;
}

export type BookingFailure = SlotProblem | 'no_demo_car' | 'taken';
export type BookingResult = { ok: true; booking: TestDriveBooking } | { ok: false; reason: BookingFailure };

async function bookableCars(db: Db, modelId: string) {
  return db.demoCar.findMany({ where: { modelId, status: 'available' }, orderBy: { id: 'asc' }, select: { id: true } });
}

/** Does the model have a car that takes bookings at all? */
export async function hasBookableCar(db: Db, modelId: string): Promise<boolean> {
  return (await bookableCars(db, modelId)).length > 0;
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
  return candidates
    .filter((c) => (busy.get(c.start.getTime()) ?? 0) < cars.length && c.start.getTime() !== args.exclude?.getTime())
    .slice(0, args.limit ?? 3);
}

/**
 * Books the slot on the first car of the model that is free. Two customers racing for
 * the last car: the database's unique (demoCarId, activeSlot) lets exactly one insert win.
 */
export async function bookTestDrive(
  db: Db,
  args: { customerId: string; modelId: string; date: string; time: string; rules: TestDriveRules; now: Date; staffId?: string | null; channel?: string; conversationId?: string },
): Promise<BookingResult> {
  const check = checkSlot(args.rules, args.date, args.time, args.now);
  if (!check.ok) return { ok: false, reason: check.problem! };
  const cars = await bookableCars(db, args.modelId);
  if (!cars.length) return { ok: false, reason: 'no_demo_car' };
  for (const car of cars) {
    try {
      const booking = await db.testDriveBooking.create({
        data: {
          customerId: args.customerId,
          demoCarId: car.id,
          modelId: args.modelId,
          staffId: args.staffId ?? null,
          slotStart: check.start!,
          activeSlot: check.start!,
          channel: args.channel,
          conversationId: args.conversationId,
          createdAt: args.now,
        },
      });
      return { ok: true, booking };
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
    }
  }
  return { ok: false, reason: 'taken' };
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
