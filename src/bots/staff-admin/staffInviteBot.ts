// The store manager sends a staff member their one-time sign-in link by Slack DM:
// `/invite st-03` (or "邀请员工 林晓雯", "invite staff st-03": plain "邀请…" is how staff
// talk about inviting customers, so it is not taken). The link goes only to the invitee,
// never back to the manager, and the outbox keeps no copy of it once delivered.
import type { Bot, TurnContext } from '../../core/bot.js';
import { fill } from '../../core/i18n.js';
import { notifyStaff } from '../../core/notifyStaff.js';
import { createStaffInvite, INVITE_TTL_MS, inviteLink, revokeStaffInvite } from '../../core/staffAuth/staffInvites.js';
import type { Staff } from '../../generated/prisma/client.js';
import { INVITE } from './staffInviteTexts.js';

const TEXT_COMMAND = /^\s*(?:\/invite(?![\w-])|邀请员工|invite staff(?![\w-]))\s*(.*)$/i;

export function createStaffInviteBot(deps: { publicUrl?: string }): Bot {
  return {
    name: 'staff-invite',
    sides: ['staff'],
    async handle(ctx) {
      if (ctx.actor.kind !== 'staff') return false;
      const msg = ctx.msg;
      const who =
        msg.kind === 'command' && msg.command && /^\/?invite$/i.test(msg.command.name)
          ? msg.command.args.trim()
          : msg.kind === 'text' && msg.text
            ? msg.text.match(TEXT_COMMAND)?.[1]?.trim()
            : undefined;
      if (who === undefined) return false;
      await invite(ctx, ctx.actor.staff, who, deps.publicUrl);
      return true;
    },
  };
}

async function invite(ctx: TurnContext, manager: Staff, who: string, publicUrl: string | undefined): Promise<void> {
  if (manager.role !== 'store_manager') return void ctx.reply({ text: ctx.say(INVITE.notAllowed) });
  if (!who) return void ctx.reply({ text: ctx.say(INVITE.usage) });
  const found = await findStaff(ctx, who);
  if (found.length === 0) return void ctx.reply({ text: ctx.say(INVITE.unknown, { who: who.slice(0, 40) }) });
  if (found.length > 1) {
    return void ctx.reply({
      text: ctx.say(INVITE.ambiguous, { who: who.slice(0, 40), list: found.map((s) => `${ctx.lang === 'zh' ? s.nameZh : s.nameEn} (${s.id})`).join(', ') }),
    });
  }
  const staff = found[0];
  if (!publicUrl) return void ctx.reply({ text: ctx.say(INVITE.noPublicUrl, { id: staff.id }) });
  const name = ctx.lang === 'zh' ? staff.nameZh : staff.nameEn;
  const made = await createStaffInvite(ctx.db, { storeId: ctx.store.id, staffId: staff.id, createdBy: manager.id, now: ctx.now });
  if ('error' in made) return void ctx.reply({ text: ctx.say(INVITE.unknown, { who: staff.id }) });
  const hours = String(INVITE_TTL_MS / 3_600_000);
  const link = inviteLink(publicUrl, made.token);
  const reached = await notifyStaff(
    ctx.db,
    staff.id,
    (lang) => ({ text: fill(lang, INVITE.message, { manager: lang === 'zh' ? manager.nameZh : manager.nameEn, hours, link }), sensitive: true }),
    `staff-invite:${made.token.slice(0, 12)}`,
    ctx.now,
  );
  if (!reached) {
    // nobody can receive it: a link that exists only in the outbox is no use to anyone
    await revokeStaffInvite(ctx.db, made.token, ctx.now);
    return void ctx.reply({ text: ctx.say(INVITE.unreachable, { name, id: staff.id }) });
  }
  ctx.reply({ text: ctx.say(INVITE.sent, { name, hours }) });
}

/** By id, else by name in either language (exact), among the store's active staff. */
async function findStaff(ctx: TurnContext, who: string): Promise<Staff[]> {
  const byId = await ctx.db.staff.findFirst({ where: { id: who, storeId: ctx.store.id, active: true } });
  if (byId) return [byId];
  const name = who.replace(/^@/, '');
  return ctx.db.staff.findMany({
    where: { storeId: ctx.store.id, active: true, OR: [{ nameZh: name }, { nameEn: { equals: name } }] },
    orderBy: { id: 'asc' },
  });
}
