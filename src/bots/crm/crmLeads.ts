// New leads in the CRM: the lead form (`/lead`; a manager also picks the owner), its
// submission (stored with its first follow-up, the owner told when someone else entered
// it) and, when the phone is already on file, the choice to merge the new details into the
// customer we have instead of keeping two records.
import { fill } from '../../core/i18n.js';
import { notifyStaff } from '../../core/notifyStaff.js';
import type { StaffTurn } from '../../core/turnRoutes.js';
import { assignableStaff } from '../../sales/customers/assignCustomer.js';
import { createLead, validateLead, type LeadInput } from '../../sales/customers/leads.js';
import { mergeLeadInto } from '../../sales/customers/mergeLead.js';
import { maskName, maskPhone } from '../../sales/privacy/maskPersonalData.js';
import { isManager } from '../../sales/staffAccess.js';
import { customerButton, openButton } from './crmActions.js';
import { customerLabel, fieldErrors, inScope, type CrmEnv } from './crmContext.js';
import { formatWhen, staffName } from './crmFormat.js';
import { leadForm, mergeForm } from './crmForms.js';
import { CRM } from './crmTexts.js';
import { customerCard } from './crmViews.js';

/** `/lead`: the form, with the store's recent campaigns (and the owners a manager may pick). */
export async function showLeadForm(ctx: StaffTurn, env: CrmEnv): Promise<void> {
  const staff = ctx.actor.staff;
  const campaigns = await ctx.db.campaign.findMany({ where: { storeId: ctx.store.id }, orderBy: { startsOn: 'desc' }, take: 20 });
  const owners = isManager(staff) ? await assignableStaff(ctx.db, staff) : null;
  ctx.reply({ text: ctx.say(CRM.leadTitle), form: leadForm(ctx, { data: env.data, grades: env.grades, campaigns, owners }) });
}

export async function submitLead(ctx: StaffTurn, env: CrmEnv, values: Record<string, string>) {
  const staff = ctx.actor.staff;
  const result = await createLead(ctx.db, { staff, input: values as LeadInput, modelIds: env.modelIds, now: ctx.now, grades: env.grades });
  if (result.kind === 'invalid') return ctx.reply(fieldErrors(ctx, result.errors as Record<string, string>));
  if (result.kind === 'duplicate') {
    const c = await ctx.db.customer.findUniqueOrThrow({ where: { id: result.customer.id }, include: { owner: true } });
    const whoText = `${maskName(c.name)} · ${c.grade} · ${c.owner ? staffName(c.owner, ctx.lang) : ctx.say(CRM.unowned)}`;
    const meta = JSON.stringify({ customerId: c.id, values });
    return ctx.reply({ text: ctx.say(CRM.mergeHint, { who: whoText }), form: mergeForm(ctx, whoText, meta) });
  }
  const c = result.customer;
  const owner = await ctx.db.staff.findUnique({ where: { id: c.ownerId! } });
  const due = result.task ? formatWhen(result.task.dueAt, ctx.store.timezone) : '—';
  if (c.ownerId && c.ownerId !== staff.id) {
    await notifyStaff(
      ctx.db,
      c.ownerId,
      (lang) => ({
        text: fill(lang, CRM.leadAssigned, {
          name: maskName(c.name),
          phone: maskPhone(c.phone),
          grade: c.grade,
          source: fill(lang, CRM.source[c.source]),
          due,
        }),
        buttons: [{ label: fill(lang, CRM.bLog), value: customerButton('log', { customerId: c.id }) }, openButton(maskName(c.name), c.id)],
      }),
      `crm:lead:${c.id}`,
      ctx.now,
    );
  }
  const lead = `${ctx.say(CRM.leadSaved, { name: maskName(c.name), grade: c.grade, owner: staffName(owner, ctx.lang) })}\n${ctx.say(CRM.leadTask, { due })}`;
  ctx.reply(await customerCard(ctx, env.data, c.id, lead));
}

/** The answer to "already on file": merge the lead's details into that customer, or cancel. */
export async function submitMerge(ctx: StaffTurn, env: CrmEnv, values: Record<string, string>, meta?: string) {
  let parsed: { customerId: string; values: LeadInput };
  try {
    parsed = JSON.parse(meta ?? '');
  } catch {
    return ctx.reply({ text: ctx.say(CRM.mergeCancelled) });
  }
  if (values.choice !== 'merge') return ctx.reply({ text: ctx.say(CRM.mergeCancelled) });
  const customer = await inScope(ctx, parsed.customerId, 'lead_merge');
  if (!customer) return;
  const staff = ctx.actor.staff;
  const v = await validateLead(ctx.db, { staff, input: parsed.values, modelIds: env.modelIds });
  if (!v.ok)
    return ctx.reply({
      text: ctx.say(CRM.fixFields),
      form: leadForm(ctx, { data: env.data, grades: env.grades, campaigns: [], owners: null, values: parsed.values as Record<string, string> }),
    });
  const r = await mergeLeadInto(ctx.db, { staff, customer, lead: v.lead, now: ctx.now });
  const whoText = customerLabel(r.customer);
  const fieldsText = r.filled.map((f) => f).join(', ');
  const lines = [r.filled.length ? ctx.say(CRM.merged, { who: whoText, fields: fieldsText }) : ctx.say(CRM.mergedNothing, { who: whoText })];
  if (r.ownerKept) lines.push(ctx.say(CRM.ownerKept));
  ctx.reply(await customerCard(ctx, env.data, customer.id, lines.join('\n')));
}
