// Not shown anywhere yet (only its tests call it): the KPI issue puts cost per lead and
// per order on the dashboard; until then the README does not claim it.
// Campaign cost and return (活动投入产出): cost per lead and per order. Leads are the
// campaign's leads (funnel rule: by leadAt, in the period when one is given; a web chat
// visitor who never left a phone nor booked is no lead), orders the orders of
// those customers' campaign (funnel rule: orderedAt in the period, not cancelled;
// Order.campaignId, else the customer's). Cost is the campaign's whole costCny.
import type { Db } from '../../store/createPrisma.js';
import { countFunnel } from './funnel.js';

interface CampaignCost {
  campaignId: string;
  nameZh: string;
  nameEn: string;
  costCny: number;
  leads: number;
  orders: number;
  /** null without leads / orders */
  costPerLead: number | null;
  costPerOrder: number | null;
}

export async function computeCampaignCosts(db: Db, args: { storeId: string; from?: Date; to?: Date }): Promise<CampaignCost[]> {
  const campaigns = await db.campaign.findMany({ where: { storeId: args.storeId }, orderBy: { startsOn: 'asc' } });
  const from = args.from ?? new Date(0);
  // the last instant a query parameter can carry (8.64e15 ms, year 275760, is no valid date to Prisma)
  const to = args.to ?? new Date('9999-12-31T23:59:59.999Z');
  const counts = await countFunnel(db, { storeId: args.storeId, from, to, by: 'campaign' });
  return campaigns.map((c) => {
    const k = counts.get(c.id);
    const leads = k?.leads ?? 0;
    const orders = k?.orders ?? 0;
    return {
      campaignId: c.id,
      nameZh: c.nameZh,
      nameEn: c.nameEn,
      costCny: c.costCny,
      leads,
      orders,
      costPerLead: leads > 0 ? Math.round(c.costCny / leads) : null,
      costPerOrder: orders > 0 ? Math.round(c.costCny / orders) : null,
    };
  });
}
