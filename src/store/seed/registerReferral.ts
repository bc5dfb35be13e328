// Referrals (转介绍): a referred lead is linked to an earlier owner, with a Referral row
// whose status follows the friend's purchase.
import { MINUTES_PER_DAY as DAY } from './createStoreCalendar.js';
import type { Simulation } from './createSimulation.js';
import type { LeadArrival } from './drawLeadArrivals.js';
import { historyId } from './historyIds.js';

/** Referred leads (转介绍) are linked to an earlier owner when one had taken delivery by then. */
export function registerReferral(sim: Simulation, customerId: string, arrival: LeadArrival, deliveredAt: number | null): string | null {
  if (arrival.source !== 'referral' || sim.owners.length === 0 || !sim.rnd.chance(0.6)) return null;
  let referrer: { customerId: string; deliveredAt: number } | null = null;
  for (let tries = 0; tries < 5 && !referrer; tries++) {
    const candidate = sim.rnd.pick(sim.owners);
    if (candidate.deliveredAt < arrival.at - DAY) referrer = candidate;
  }
  if (!referrer) return null;
  const now = sim.cal.nowMinute;
  const registeredAt = Math.max(referrer.deliveredAt + 60, arrival.at - sim.rnd.int(60, 3 * DAY));
  const rewarded = deliveredAt !== null && deliveredAt + 7 * DAY <= now;
  sim.referrals.push({
    id: historyId('referral', ++sim.seq.referral),
    code: newReferralCode(sim),
    referrerId: referrer.customerId,
    refereeId: customerId,
    status: rewarded ? 'rewarded' : deliveredAt !== null ? 'delivered' : 'registered',
    createdAt: sim.cal.toUtc(registeredAt),
    rewardedAt: rewarded ? sim.cal.toUtc(deliveredAt! + 7 * DAY) : null,
  });
  return referrer.customerId;
}

export function newReferralCode(sim: Simulation): string {
  const letters = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  for (;;) {
    let code = 'XY';
    for (let i = 0; i < 6; i++) code += letters[sim.rnd.int(0, letters.length - 1)];
    if (!sim.referralCodes.has(code)) {
      sim.referralCodes.add(code);
      return code;
    }
  }
}
