// When and through which source each lead of the history window arrived, oldest first.
// Weekends bring more walk-ins, and active campaigns add their own leads on top of the
// store's usual flow.
import type { Random } from './createRandom.js';
import { MINUTES_PER_DAY, type StoreCalendar } from './createStoreCalendar.js';
import type { CampaignPlan } from './planCampaigns.js';

export type LeadSource = 'walk_in' | 'phone' | 'online' | 'event' | 'referral' | 'web_chat';

export interface LeadArrival {
  /** local timeline minute */
  at: number;
  source: LeadSource;
  campaign: CampaignPlan | null;
}

const HISTORY_DAYS = 90;

const WEEKDAY_SOURCES = { walk_in: 18, phone: 14, online: 44, referral: 8, web_chat: 6 } as const;
const WEEKEND_SOURCES = { walk_in: 34, phone: 8, online: 36, referral: 10, web_chat: 5 } as const;

/** local hours in which leads of each source arrive */
const ARRIVAL_HOURS: Record<LeadSource, [number, number]> = {
  walk_in: [9.5, 17.5],
  event: [9.5, 17],
  referral: [9.5, 17.5],
  phone: [9, 19],
  online: [7.5, 23.5],
  web_chat: [8, 24],
};

export function drawLeadArrivals(count: number, cal: StoreCalendar, campaigns: CampaignPlan[], rnd: Random): LeadArrival[] {
  const firstDay = 1 - HISTORY_DAYS;
  const days: { day: number; active: CampaignPlan[]; pull: number; weekend: boolean }[] = [];
  const cumulative: number[] = [];
  let total = 0;
  for (let day = firstDay; day <= 0; day++) {
    const weekday = cal.dayOfWeek(day);
    const weekend = weekday === 0 || weekday === 6;
    const active = campaigns.filter((c) => c.startDay <= day && day <= c.endDay);
    const pull = active.reduce((sum, c) => sum + c.pull, 0);
    days.push({ day, active, pull, weekend });
    total += (weekend ? 1.5 : 1) * (1 + pull);
    cumulative.push(total);
  }

  const arrivals: LeadArrival[] = [];
  while (arrivals.length < count) {
    const d = days[upperBound(cumulative, rnd.next() * total)];
    let campaign: CampaignPlan | null = null;
    if (d.pull > 0 && rnd.chance(d.pull / (1 + d.pull))) {
      let roll = rnd.next() * d.pull;
      campaign = d.active.find((c) => (roll -= c.pull) < 0) ?? d.active[d.active.length - 1];
    }
    const source: LeadSource = campaign ? campaign.source : rnd.weighted(d.weekend ? WEEKEND_SOURCES : WEEKDAY_SOURCES);
    const [from, to] = ARRIVAL_HOURS[source];
    const at = d.day * MINUTES_PER_DAY + Math.floor(rnd.between(from * 60, to * 60));
    // Today's leads can only have arrived before now; drawing again keeps the mix intact.
    if (at <= cal.nowMinute) arrivals.push({ at, source, campaign });
  }
  return arrivals.sort((a, b) => a.at - b.at);
}

function upperBound(sorted: number[], value: number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] > value) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
