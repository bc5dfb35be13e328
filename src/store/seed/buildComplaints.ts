// Turns the complaints raised during the simulation into Complaint rows: refs numbered per
// local day in the order they came in (TS-20261120-0001), a deadline of five working days
// (the store's policy), older ones resolved, open ones with a task for the handler.
import type { Prisma } from '../../generated/prisma/client.js';
import { MINUTES_PER_DAY as DAY } from './createStoreCalendar.js';
import type { Simulation } from './createSimulation.js';
import { historyId } from './historyIds.js';

const TEXTS = {
  sales: {
    zh: [
      '预约了试驾，到店后等了 40 分钟才有人接待',
      '已说明暂不考虑，销售顾问仍然频繁来电',
      '电话里的报价和到店后的价格不一致',
      '承诺的试驾礼品没有兑现',
      '预约的试驾车临时不可用，没有提前通知',
    ],
    en: [
      'Waited 40 minutes for my booked test drive',
      'Still getting frequent calls after saying I am not interested',
      'The price quoted on the phone differed from the showroom price',
      'The demo car was unavailable and nobody told me',
    ],
  },
  afterDelivery: {
    zh: ['交车时发现车漆有细小划痕', '上牌进度一直没有人通知', '家用充电桩安装迟迟没有排期', '精品礼包里少了脚垫', '车机蓝牙连接不稳定，希望尽快处理'],
    en: [
      'Found small paint scratches at delivery',
      'No update on the plate registration',
      'Home charger installation is still not scheduled',
      'Floor mats were missing from the accessory pack',
    ],
  },
};
const RESOLUTIONS = {
  zh: ['已致歉并安排专人跟进，客户接受处理结果', '已补发缺少的物品并上门致歉', '已调整回访频率并向客户说明', '已安排免费修复，客户满意'],
  en: [
    'Apologised and assigned a dedicated adviser; the customer accepted',
    'Sent the missing items and apologised in person',
    'Reduced contact frequency and explained to the customer',
    'Repaired free of charge; the customer is satisfied',
  ],
};
const WORKING_DAYS_TO_RESOLVE = 5;

export function buildComplaints(sim: Simulation): Prisma.ComplaintCreateManyInput[] {
  const { rnd, cal } = sim;
  const now = cal.nowMinute;
  const perDay = new Map<number, number>();
  return [...sim.complaints]
    .sort((a, b) => a.at - b.at)
    .map((c, i) => {
      const day = Math.floor(c.at / DAY);
      const seq = (perDay.get(day) ?? 0) + 1;
      perDay.set(day, seq);
      const ref = `TS-${cal.isoDate(day).replaceAll('-', '')}-${String(seq).padStart(4, '0')}`;
      c.detail.ref = ref;
      const deadline = addWorkingDays(sim, c.at, WORKING_DAYS_TO_RESOLVE);
      const resolvedAt = c.at + rnd.int(1, 5) * DAY + rnd.int(0, 480);
      const resolved = resolvedAt <= now;
      const status = resolved ? (rnd.chance(0.6) ? 'closed' : 'resolved') : rnd.chance(0.5) ? 'in_progress' : 'open';
      const escalated = rnd.chance(0.2);
      if (!resolved) {
        sim.tasks.push({
          id: historyId('task', ++sim.seq.task),
          customerId: c.customerId,
          staffId: sim.storeManagerId,
          kind: 'complaint',
          reason: ref,
          dueAt: cal.toUtc(deadline),
          status: 'open',
          dedupeKey: `complaint:${ref}`,
          createdAt: cal.toUtc(c.at),
        });
      }
      return {
        id: historyId('complaint', i + 1),
        ref,
        customerId: c.customerId,
        text: rnd.pick(TEXTS[c.afterDelivery ? 'afterDelivery' : 'sales'][c.lang]),
        status,
        deadlineAt: cal.toUtc(deadline),
        escalatedToId: escalated ? sim.storeManagerId : null,
        resolution: resolved ? rnd.pick(RESOLUTIONS[c.lang]) : null,
        resolvedAt: resolved ? cal.toUtc(resolvedAt) : null,
        createdAt: cal.toUtc(c.at),
      };
    });
}

function addWorkingDays(sim: Simulation, at: number, days: number): number {
  let day = Math.floor(at / DAY);
  for (let left = days; left > 0; ) {
    day++;
    const weekday = sim.cal.dayOfWeek(day);
    if (weekday !== 0 && weekday !== 6) left--;
  }
  return day * DAY + (at - Math.floor(at / DAY) * DAY);
}
