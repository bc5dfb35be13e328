// The store's marketing campaigns over the history window: long-running online lead
// buys, weekend events and a referral drive, dated relative to `now` so any `now` gives a
// believable calendar.
import type { Prisma } from '../../generated/prisma/client.js';
import type { Random } from './createRandom.js';
import type { StoreCalendar } from './createStoreCalendar.js';
import { historyId } from './historyIds.js';

type CampaignSource = 'online' | 'event' | 'referral';

export interface CampaignPlan {
  id: string;
  source: CampaignSource;
  /** first and last local day, as offsets from today */
  startDay: number;
  endDay: number;
  /** leads it brings on an active day, relative to the store's own daily lead flow */
  pull: number;
  row: Prisma.CampaignCreateManyInput;
}

interface Template {
  zh: string;
  en: string;
  source: CampaignSource;
  /** nominal start (days from today) and length in days */
  start: number;
  days: number;
  /** events happen at weekends: the start moves to the nearest Saturday */
  weekend?: boolean;
  costCny: number;
  pull: number;
}

const TEMPLATES: Template[] = [
  { zh: '汽车之家线索投放', en: 'Autohome lead ads', source: 'online', start: -88, days: 58, costCny: 90_000, pull: 0.35 },
  { zh: '抖音直播看车', en: 'Douyin live-stream showroom', source: 'online', start: -44, days: 60, costCny: 68_000, pull: 0.4 },
  { zh: '新车品鉴会', en: 'New model launch weekend', source: 'event', start: -63, days: 2, weekend: true, costCny: 58_000, pull: 2.5 },
  { zh: '社区巡展', en: 'Community roadshow', source: 'event', start: -27, days: 2, weekend: true, costCny: 26_000, pull: 1.5 },
  { zh: '老带新推荐季', en: 'Owner referral season', source: 'referral', start: -75, days: 100, costCny: 15_000, pull: 0.08 },
  { zh: '周末团购会', en: 'Weekend group-buy day', source: 'event', start: -8, days: 1, weekend: true, costCny: 42_000, pull: 3 },
];

export function planCampaigns(storeId: string, cal: StoreCalendar, rnd: Random): CampaignPlan[] {
  const keep = new Set(TEMPLATES.map((_, i) => i));
  const drop = TEMPLATES.length - rnd.int(4, 6);
  for (let i = 0; i < drop; i++) keep.delete(rnd.pick([...keep]));

  return TEMPLATES.filter((_, i) => keep.has(i)).map((t, i) => {
    const startDay = t.weekend ? nearestSaturday(cal, t.start) : t.start;
    const endDay = startDay + t.days - 1;
    const id = historyId('campaign', i + 1);
    return {
      id,
      source: t.source,
      startDay,
      endDay,
      pull: t.pull,
      row: {
        id,
        storeId,
        nameZh: t.zh,
        nameEn: t.en,
        source: t.source,
        startsOn: cal.isoDate(startDay),
        endsOn: cal.isoDate(endDay),
        costCny: Math.round((t.costCny * rnd.between(0.85, 1.15)) / 1000) * 1000,
      },
    };
  });
}

function nearestSaturday(cal: StoreCalendar, day: number): number {
  const shift = (6 - cal.dayOfWeek(day) + 7) % 7;
  return shift <= 3 ? day + shift : day + shift - 7;
}
