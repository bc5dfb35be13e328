// The test drive (试乘试驾) of a customer who takes one: right after the visit or on a
// later booked day, now and then after a no-show.
import { bookDemoCar } from './bookDemoCar.js';
import { callTime, dayOf, MINUTES_PER_DAY as DAY } from './createStoreCalendar.js';
import type { Consultant, Simulation } from './createSimulation.js';
import type { CustomerStory } from './CustomerStory.js';
import type { ModelFacts } from './loadHistoryContext.js';

interface TestDriveInput {
  customerId: string;
  owner: Consultant;
  model: ModelFacts;
  lang: 'zh' | 'en';
  visitAt: number;
}

/** Books and drives: same day as the visit or a later booked day, sometimes after a no-show. */
export function planTestDrive(sim: Simulation, story: CustomerStory, input: TestDriveInput): number | null {
  const { rnd } = sim;
  const { visitAt, owner, model } = input;
  const firstSameDaySlot = Math.ceil((visitAt + 15) / 60) * 60;
  const sameDay = rnd.chance(0.5) && firstSameDaySlot - dayOf(visitAt) * DAY <= 17 * 60;
  let slot = sameDay ? Math.max(firstSameDaySlot, dayOf(visitAt) * DAY + 9 * 60) : (dayOf(visitAt) + rnd.int(1, 7)) * DAY + rnd.int(9, 17) * 60;
  const bookedAt = sameDay ? visitAt + 5 : callTime(visitAt + rnd.int(30, 300), rnd);
  const channel = sameDay ? 'store' : rnd.pick(['phone', 'wechat', 'web']);
  const booking = { customerId: input.customerId, staffId: owner.id, modelId: model.id, bookedAt, channel, lang: input.lang };

  if (!sameDay) story.add(bookedAt, 'call', owner.id, 'phone', { purpose: 'book_test_drive', outcome: 'reached' });
  if (!sameDay && rnd.chance(0.1)) {
    const missed = bookDemoCar(sim, { ...booking, slot, outcome: 'no_show' });
    if (missed?.status === 'booked') {
      story.cut = true;
      return null;
    }
    slot = (dayOf(slot) + rnd.int(1, 4)) * DAY + rnd.int(9, 17) * 60;
  }
  const held = bookDemoCar(sim, { ...booking, slot, outcome: 'completed' });
  if (held?.status === 'booked') {
    story.cut = true;
    return null;
  }
  const at = held?.slot ?? slot;
  if (!sameDay) story.add(at - 10, 'visit', owner.id, 'store', { purpose: 'test_drive' });
  const done = story.add(at, 'test_drive', owner.id, 'store', {
    demoCarId: held?.demoCarId ?? null,
    bookingId: held?.id ?? null,
    ...(held?.feedbackScore ? { feedbackScore: held.feedbackScore } : {}),
  });
  if (!done) return null;
  // Feedback is collected within 24 hours of a test drive (试驾后 24 小时回访).
  story.add(callTime(at + rnd.int(120, 24 * 60), rnd), 'call', owner.id, 'phone', { purpose: 'test_drive_feedback', outcome: 'reached' });
  return at;
}
