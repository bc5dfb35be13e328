// From a quote to an order and, when the car has come, its delivery.
import type { Prisma } from '../../generated/prisma/client.js';
import { dayOf, showroomTime } from './createStoreCalendar.js';
import type { Consultant, Simulation, TargetMetric } from './createSimulation.js';
import type { CustomerStory, Reach } from './CustomerStory.js';
import { followUpAfterSale } from './followUpAfterSale.js';
import { historyId } from './historyIds.js';
import { keepInTouch } from './keepInTouch.js';
import type { ModelFacts } from './loadHistoryContext.js';

export type Credit = (metric: TargetMetric, at: number, amount?: number) => void;

interface OrderInput {
  customerId: string;
  owner: Consultant;
  model: ModelFacts;
  trim: { id: string; price: number };
  offer: number;
  quoteAt: number;
  reach: Reach;
  credit: Credit;
  campaignId: string | null;
}

/**
 * Contract and deposit (定金), delivery updates while the car comes, the handover (交车).
 * Returns when the car was delivered, or null when it is not (yet).
 */
export function placeOrder(sim: Simulation, story: CustomerStory, input: OrderInput): number | null {
  const { rnd } = sim;
  const { customerId, owner, model, trim, quoteAt, credit } = input;
  const orderSameDay = rnd.chance(0.35);
  const orderedAt = orderSameDay ? quoteAt + rnd.int(20, 90) : showroomTime(dayOf(quoteAt) + rnd.int(1, 7), rnd);
  if (!orderSameDay) story.add(orderedAt - 5, 'visit', owner.id, 'store', { purpose: 'contract' });
  if (orderedAt > sim.cal.nowMinute) {
    story.cut = true;
    return null;
  }
  const orderId = historyId('order', ++sim.seq.order);
  const priceCny = input.offer - rnd.int(0, 2) * 500;
  story.add(orderedAt, 'order', owner.id, 'store', { orderId, trimId: trim.id, priceCny, depositCny: sim.ctx.depositCny });
  story.regrade(orderedAt, 'O', owner.id);
  sim.funnel.orders++;
  credit('orders', orderedAt);

  const wait = model.deliveryDays(trim.id);
  const handover = showroomTime(dayOf(orderedAt) + rnd.int(wait.min, wait.max), rnd);
  keepInTouch(sim, story, owner, input.reach, { until: handover, progressAt: orderedAt, silentFrom: Infinity });
  const delivered = story.add(handover, 'delivery', owner.id, 'store', { orderId });
  if (delivered) {
    sim.funnel.deliveries++;
    credit('deliveries', handover);
    credit('revenue', handover, priceCny);
  }
  const order: Prisma.OrderCreateManyInput = {
    id: orderId,
    customerId,
    staffId: owner.id,
    modelId: model.id,
    trimId: trim.id,
    priceCny,
    depositCny: sim.ctx.depositCny,
    campaignId: input.campaignId,
    status: delivered ? 'delivered' : 'ordered',
    orderedAt: sim.cal.toUtc(orderedAt),
    deliveredAt: delivered ? sim.cal.toUtc(handover) : null,
    createdAt: sim.cal.toUtc(orderedAt),
  };
  sim.orders.push(order);
  if (!delivered) return null;
  followUpAfterSale(sim, story, { customerId, owner, model, order, orderId, deliveredAt: handover });
  return handover;
}
