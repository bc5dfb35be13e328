// Where a lead came from: a Telegram deep link (t.me/<bot>?start=<payload>) opens the chat
// with `/start <payload>`. c_<campaignId> credits a campaign, r_<code> a referral, s_<source>
// names a source. Recorded once, and only on a fresh lead (no owner yet), so a customer who
// taps an old link later does not move their history. The greeting still answers.
import type { Bot, TurnContext } from '../../core/bot.js';
import type { Customer } from '../../generated/prisma/client.js';

/** What Telegram allows in a start parameter. */
const PAYLOAD = /^[A-Za-z0-9_-]{1,64}$/;
const ORIGIN_ACTION = 'lead.origin';

type Origin =
  | { kind: 'campaign'; campaignId: string; source: string }
  | { kind: 'referral'; referralId: string; referrerId: string }
  | { kind: 'source'; source: string };

export const leadOriginBot: Bot = {
  name: 'lead-origin',
  sides: ['customer'],
  async handle(ctx) {
    const { msg } = ctx;
    if (msg.kind !== 'command' || msg.command?.name !== 'start' || !msg.command.args || ctx.actor.kind !== 'customer') return false;
    const payload = msg.command.args;
    if (!PAYLOAD.test(payload)) {
      ctx.log.warn({ payloadLength: payload.length }, 'start payload is not a Telegram deep-link parameter; ignored');
      return false;
    }
    const customer = ctx.actor.customer;
    if (!(await isFreshLead(ctx, customer))) return false;
    const origin = await findOrigin(ctx, payload);
    if (!origin) {
      ctx.log.info({ payload }, 'unknown lead origin code; ignored');
      return false;
    }
    await recordOrigin(ctx, customer, origin, payload);
    return false;
  },
};

async function isFreshLead(ctx: TurnContext, customer: Customer): Promise<boolean> {
  if (customer.ownerId || customer.campaignId || customer.referredById) return false;
  const recorded = await ctx.db.auditLog.count({ where: { action: ORIGIN_ACTION, subjectType: 'customer', subjectId: customer.id } });
  return recorded === 0;
}

async function findOrigin(ctx: TurnContext, payload: string): Promise<Origin | undefined> {
  const [, prefix, value] = payload.match(/^([a-z])_(.+)$/) ?? [];
  if (prefix === 'c') {
    const campaign = await ctx.db.campaign.findFirst({ where: { id: value, storeId: ctx.store.id }, select: { id: true, source: true } });
    return campaign ? { kind: 'campaign', campaignId: campaign.id, source: campaign.source } : undefined;
  }
  if (prefix === 'r') {
    const referral = await ctx.db.referral.findUnique({ where: { code: value }, select: { id: true, referrerId: true, refereeId: true } });
    return referral && !referral.refereeId ? { kind: 'referral', referralId: referral.id, referrerId: referral.referrerId } : undefined;
  }
  if (prefix === 's') return { kind: 'source', source: value.toLowerCase() };
  return undefined;
}

async function recordOrigin(ctx: TurnContext, customer: Customer, origin: Origin, payload: string): Promise<void> {
  await ctx.db.$transaction(async (tx) => {
    if (origin.kind === 'referral') {
      // a referral code brings one referee, and nobody refers themselves
      if (origin.referrerId === customer.id) return;
      const { count } = await tx.referral.updateMany({
        where: { id: origin.referralId, refereeId: null },
        data: { refereeId: customer.id, status: 'registered' },
      });
      if (count === 0) return;
      await tx.customer.update({ where: { id: customer.id }, data: { referredById: origin.referrerId, source: 'referral' } });
    } else if (origin.kind === 'campaign') {
      await tx.customer.update({ where: { id: customer.id }, data: { campaignId: origin.campaignId, source: origin.source } });
    } else {
      await tx.customer.update({ where: { id: customer.id }, data: { source: origin.source } });
    }
    await tx.auditLog.create({
      data: {
        actorType: 'customer',
        actorId: customer.id,
        action: ORIGIN_ACTION,
        subjectType: 'customer',
        subjectId: customer.id,
        detail: { payload },
        createdAt: ctx.now,
      },
    });
  });
}
