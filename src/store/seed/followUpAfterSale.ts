// After the handover: return visits on days 1/3/7/30 (售后回访), sometimes a service
// visit, the odometer, and a referral code for some happy owners.
import type { Prisma } from '../../generated/prisma/client.js';
import { dayOf, MINUTES_PER_DAY as DAY, showroomTime } from './createStoreCalendar.js';
import type { Consultant, Simulation } from './createSimulation.js';
import type { CustomerStory } from './CustomerStory.js';
import { historyId } from './historyIds.js';
import type { ModelFacts } from './loadHistoryContext.js';
import { newReferralCode } from './registerReferral.js';

const RETURN_VISIT_DAYS = [1, 3, 7, 30];
const SERVICE_KINDS = ['accessory_fitting', 'inspection', 'charger_install'];

interface AfterSaleInput {
  customerId: string;
  owner: Consultant;
  model: ModelFacts;
  order: Prisma.OrderCreateManyInput;
  orderId: string;
  deliveredAt: number;
}

/** Return visits on days 1/3/7/30 (售后回访) as tasks, a first service visit, the odometer. */
export function followUpAfterSale(sim: Simulation, story: CustomerStory, input: AfterSaleInput): void {
  const { rnd } = sim;
  const { order, orderId, deliveredAt, owner, customerId } = input;
  const now = sim.cal.nowMinute;
  let mileageAt: number | null = null;
  for (const day of RETURN_VISIT_DAYS) {
    const due = (dayOf(deliveredAt) + day) * DAY + 10 * 60;
    const doneAt = due + rnd.int(0, 300);
    // Return visits slip mostly in the last few days; older ones have been caught up.
    const done = doneAt <= now && rnd.chance(due < now - 3 * DAY ? 0.97 : 0.85);
    const satisfaction = rnd.weighted({ '5': 60, '4': 30, '3': 8, '2': 2 });
    if (done) {
      story.add(doneAt, 'return_visit', owner.id, 'phone', { orderId, day, satisfaction: Number(satisfaction) });
      if (day === 30) mileageAt = doneAt;
    }
    sim.tasks.push({
      id: historyId('task', ++sim.seq.task),
      customerId,
      staffId: owner.id,
      kind: 'return_visit',
      reason: `day_${day}`,
      dueAt: sim.cal.toUtc(due),
      status: done ? 'done' : 'open',
      outcome: done ? (Number(satisfaction) >= 4 ? 'satisfied' : 'issue_noted') : null,
      doneAt: done ? sim.cal.toUtc(doneAt) : null,
      dedupeKey: `return_visit:${orderId}:d${day}`,
      createdAt: sim.cal.toUtc(deliveredAt),
    });
  }
  if (rnd.chance(0.25)) {
    const serviceAt = showroomTime(dayOf(deliveredAt) + rnd.int(10, 40), rnd);
    const kinds = input.model.nev ? SERVICE_KINDS : SERVICE_KINDS.filter((k) => k !== 'charger_install');
    if (story.add(serviceAt, 'service', null, 'store', { kind: rnd.pick(kinds), orderId })) mileageAt ??= serviceAt;
  }
  if (mileageAt !== null) {
    order.mileageKm = Math.round(((mileageAt - deliveredAt) / DAY) * rnd.between(25, 60));
    order.mileageAt = sim.cal.toUtc(mileageAt);
  }
  sim.owners.push({ customerId, deliveredAt });
  // Happy owners are handed a referral code (老带新); most are not used yet.
  const codeAt = deliveredAt + rnd.int(1, 10) * DAY;
  if (codeAt <= now && rnd.chance(0.12)) {
    sim.referrals.push({
      id: historyId('referral', ++sim.seq.referral),
      code: newReferralCode(sim),
      referrerId: customerId,
      status: 'open',
      createdAt: sim.cal.toUtc(codeAt),
    });
  }
}
