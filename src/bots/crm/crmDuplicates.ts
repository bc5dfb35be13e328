// Deciding a possible duplicate (a phone a customer typed in chat that another customer
// has on file): the card's two buttons merge the flagged record into the other one or
// mark them as two people. sales/ checks the scope of both records again (a button value
// can be forged); the answer is the card of the customer that remains.
import type { StaffTurn } from '../../core/turnRoutes.js';
import type { Customer } from '../../generated/prisma/client.js';
import { decideDuplicate } from '../../sales/customers/decideDuplicate.js';
import { maskName } from '../../sales/privacy/maskPersonalData.js';
import { customerLabel, type CrmEnv } from './crmContext.js';
import { staffName } from './crmFormat.js';
import { CRM } from './crmTexts.js';
import { customerCard } from './crmViews.js';

export async function decideOnDuplicate(ctx: StaffTurn, env: CrmEnv, customer: Customer, decision: 'merge' | 'distinct') {
  // scope of both records again in sales/: a button value can be forged
  const r = await decideDuplicate(ctx.db, { staff: ctx.actor.staff, customerId: customer.id, decision, now: ctx.now, log: ctx.log });
  if (r.status === 'denied') return ctx.reply({ text: ctx.say(r.reason === 'erased' ? CRM.dupNone : CRM.dupDenied) });
  if (r.status === 'not_flagged') return ctx.reply(await customerCard(ctx, env.data, customer.id, ctx.say(CRM.dupNone)));
  if (r.status === 'distinct') return ctx.reply(await customerCard(ctx, env.data, customer.id, ctx.say(CRM.dupDistinct, { name: maskName(customer.name) })));
  const owner = r.kept.ownerId ? await ctx.db.staff.findUnique({ where: { id: r.kept.ownerId } }) : null;
  const lead = ctx.say(CRM.dupMerged, { who: customerLabel(r.kept), owner: owner ? staffName(owner, ctx.lang) : ctx.say(CRM.unowned) });
  ctx.reply(await customerCard(ctx, env.data, r.kept.id, lead));
}
