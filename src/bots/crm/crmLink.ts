// `/link <chat user> <staff id>`: a manager links a chat account (a Slack mention or a
// plain user id) to a staff member; sales/linkStaffIdentity decides who may link whom, and a
// refusal is logged.
import type { StaffTurn } from '../../core/turnRoutes.js';
import { linkStaffIdentity } from '../../sales/linkStaffIdentity.js';
import { CRM } from './crmTexts.js';

export async function linkChatAccount(ctx: StaffTurn, args: string) {
  const m = args.match(/^<@([A-Z0-9]+)(?:\|[^>]*)?>\s+(\S+)$/i) ?? args.match(/^@?([A-Za-z0-9_.-]+)\s+(\S+)$/);
  if (!m) return ctx.reply({ text: ctx.say(CRM.linkUsage) });
  const [, externalId, staffId] = m;
  const r = await linkStaffIdentity(ctx.db, { staff: ctx.actor.staff, channel: ctx.msg.channel, externalId, staffId, now: ctx.now });
  if (r.ok) return ctx.reply({ text: ctx.say(CRM.linked, { user: externalId, staff: staffId }) });
  if (r.reason === 'not_allowed') {
    ctx.log.warn({ staffId: ctx.actor.staff.id, target: staffId }, 'link refused');
    return ctx.reply({ text: ctx.say(CRM.linkDenied) });
  }
  ctx.reply({ text: ctx.say(r.reason === 'unknown_staff' ? CRM.linkUnknown : CRM.linkCustomer, { staff: staffId }) });
}
