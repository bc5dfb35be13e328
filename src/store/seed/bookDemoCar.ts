// Puts a test drive into a demo-car slot: one booking per car and slot (the schema's
// unique [demoCarId, activeSlot]), only cars that take bookings, slots on the hour from
// 09:00 to 17:00. A taken slot moves to the nearest free one, as the store would offer.
import { MINUTES_PER_DAY as DAY } from './createStoreCalendar.js';
import type { Simulation } from './createSimulation.js';
import { historyId } from './historyIds.js';

interface DemoCarRequest {
  customerId: string;
  staffId: string;
  modelId: string;
  /** wished slot start on the local timeline */
  slot: number;
  bookedAt: number;
  channel: string;
  lang: 'zh' | 'en';
  /** what happens if the slot is already past */
  outcome: 'completed' | 'no_show';
}

interface HeldSlot {
  id: string;
  demoCarId: string;
  slot: number;
  status: 'booked' | 'completed' | 'no_show';
  feedbackScore: number | null;
}

const FIRST_SLOT_HOUR = 9;
const LAST_SLOT_HOUR = 17;
/** live bookings reach this far ahead (the store takes them 14 days ahead; the demo shows a week) */
const FUTURE_DAYS = 7;
const FEEDBACK_SCORES = { '5': 50, '4': 35, '3': 12, '2': 3 };
const FEEDBACK_COMMENTS = {
  zh: ['加速很顺，底盘扎实', '座椅舒适，后排空间满意', '车机反应快', '路线有点短', '隔音比预期好', '想再试一下夜间驾驶'],
  en: ['Smooth acceleration, solid handling', 'Comfortable seats, plenty of rear space', 'Quick infotainment', 'The route felt short'],
};

/** Returns the booking made, or null when the booking is not made yet or no slot is free. */
export function bookDemoCar(sim: Simulation, req: DemoCarRequest): HeldSlot | null {
  const now = sim.cal.nowMinute;
  const cars = sim.ctx.bookableCars.get(req.modelId) ?? [];
  if (req.bookedAt > now || cars.length === 0) return null;
  const { rnd } = sim;
  const day = Math.floor(req.slot / DAY);
  const hour = Math.min(LAST_SLOT_HOUR, Math.max(FIRST_SLOT_HOUR, Math.round((req.slot - day * DAY) / 60)));
  const firstCar = rnd.int(0, cars.length - 1);
  // A booking needs an hour's notice (conventions.md); a customer already in the showroom less.
  const minLead = req.channel === 'store' ? 15 : 60;

  for (let dayShift = 0; dayShift < 3; dayShift++) {
    for (const h of hoursAround(hour)) {
      const slot = (day + dayShift) * DAY + h * 60;
      if (slot < req.bookedAt + minLead) continue;
      if (slot > now + FUTURE_DAYS * DAY) return null;
      const slotStart = sim.cal.toUtc(slot);
      for (let i = 0; i < cars.length; i++) {
        const demoCarId = cars[(firstCar + i) % cars.length];
        const key = `${demoCarId}@${slotStart.getTime()}`;
        if (sim.takenSlots.has(key)) continue;
        sim.takenSlots.add(key);
        return hold(sim, req, { demoCarId, slot, slotStart });
      }
    }
  }
  return null;
}

function hold(sim: Simulation, req: DemoCarRequest, at: { demoCarId: string; slot: number; slotStart: Date }): HeldSlot {
  const { rnd } = sim;
  const status = at.slot > sim.cal.nowMinute ? 'booked' : req.outcome;
  const feedbackScore = status === 'completed' ? Number(rnd.weighted(FEEDBACK_SCORES)) : null;
  const comment = feedbackScore !== null && rnd.chance(0.6) ? rnd.pick(FEEDBACK_COMMENTS[req.lang]) : null;
  const id = historyId('booking', ++sim.seq.booking);
  sim.bookings.push({
    id,
    customerId: req.customerId,
    demoCarId: at.demoCarId,
    staffId: req.staffId,
    modelId: req.modelId,
    slotStart: at.slotStart,
    activeSlot: at.slotStart,
    status,
    channel: req.channel,
    feedbackScore,
    feedbackComment: comment,
    createdAt: sim.cal.toUtc(req.bookedAt),
    updatedAt: sim.cal.toUtc(status === 'booked' ? req.bookedAt : at.slot + 60),
  });
  if (status === 'booked') {
    // The car is checked and the route planned before a test drive (试驾前准备).
    sim.tasks.push({
      id: historyId('task', ++sim.seq.task),
      customerId: req.customerId,
      staffId: req.staffId,
      kind: 'test_drive_prep',
      reason: 'booked_test_drive',
      dueAt: sim.cal.toUtc(at.slot - 120),
      status: 'open',
      dedupeKey: `test_drive_prep:${id}`,
      createdAt: sim.cal.toUtc(req.bookedAt),
    });
  }
  return { id, demoCarId: at.demoCarId, slot: at.slot, status, feedbackScore };
}

/** the wished hour first, then alternately later and earlier hours of the same day */
function hoursAround(hour: number): number[] {
  const hours: number[] = [];
  for (let d = 0; d <= LAST_SLOT_HOUR - FIRST_SLOT_HOUR; d++) {
    for (const h of d === 0 ? [hour] : [hour + d, hour - d]) {
      if (h >= FIRST_SLOT_HOUR && h <= LAST_SLOT_HOUR) hours.push(h);
    }
  }
  return hours;
}
