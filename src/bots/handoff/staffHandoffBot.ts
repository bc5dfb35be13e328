// The staff side of a handoff: see who waits ("队列" / "queue"), take a customer, talk to
// them through this chat (every message relays to the customer's own channel), close.
import type { Conversation } from '../../generated/prisma/client.js';
import type { Bot } from '../../core/bot.js';
import { stateSlot } from '../../core/stateSlot.js';
import { action, actionValue, staffBot, text, type Route, type StaffTurn } from '../../core/turnRoutes.js';
import type { Bilingual } from '../../core/i18n.js';
import { fill } from '../../core/i18n.js';
import { maskPhonesInText } from '../../infra/logger.js';
import type { ChannelName, Lang } from '../../core/message.js';
import { enqueueOutbound } from '../../core/outbox.js';
import type { Db } from '../../store/createPrisma.js';
import { maskName, maskPhone } from '../../sales/privacy/maskPersonalData.js';
import { endHandoff, takeHandoff } from './handoffState.js';
import { HANDOFF_ACTIONS } from './handoffActions.js';
import { HO } from './handoffTexts.js';
import { postInThread } from './staffRoom.js';

const QUEUE_WORDS = /^\s*(队列|排队|待接入|转人工队列|人工队列|queue|waiting|waiting customers)\s*$/i;
const CLOSE_WORDS = /^\s*(结束|结束对话|结束人工|close|end chat|done)\s*$/i;
const CHANNEL_NAMES: Record<string, Bilingual> = {
  web: { zh: '网页', en: 'web' },
  telegram: { zh: 'Telegram', en: 'Telegram' },
  wechat: { zh: '微信', en: 'WeChat' },
  slack: { zh: 'Slack', en: 'Slack' },
};

/** Tells the customer something on their own channel, as the bot or as the human adviser. */
export async function tellCustomer(db: Db, conv: Conversation, text: string, key: string, now: Date, from: 'bot' | 'human' = 'bot') {
  await enqueueOutbound(
    db,
    { idempotencyKey: key, channel: conv.channel as ChannelName, recipient: conv.chatId, conversationId: conv.id, message: { text, from } },
    now,
  );
}

/** The chat a staff member is relaying to (set when they take one, dropped when it ends). */
const relaying = stateSlot<string>('handoff');

/** Text in a handoff's thread in the staff room; passes on when the thread is no handoff's. */
const roomThreadReply: Route<StaffTurn> = {
  match: (ctx) =>
    ctx.msg.threadKey && ctx.msg.kind === 'text' && ctx.msg.text
      ? async () => {
          const conv = await ctx.db.conversation.findFirst({ where: { handoffThread: ctx.msg.threadKey } });
          if (!conv) return false;
          await replyInRoomThread(ctx, conv);
        }
      : null,
};

/** "结束" / "close" while relaying ends that chat. */
const closeByWord: Route<StaffTurn> = {
  match: (ctx) => {
    const to = relaying.get(ctx);
    return to && CLOSE_WORDS.test(ctx.msg.text ?? '') ? () => close(ctx, to) : null;
  },
};

/** Any other text while relaying goes to the customer; a chat that ended meanwhile lets go. */
const relayText: Route<StaffTurn> = {
  match: (ctx) => {
    const to = relaying.get(ctx);
    return to && ctx.msg.kind === 'text' && ctx.msg.text ? () => relay(ctx, to, ctx.msg.text!) : null;
  },
};

export const staffHandoffBot: Bot = staffBot({
  name: 'staff-handoff',
  routes: [
    action(HANDOFF_ACTIONS.queue, showQueue),
    text(QUEUE_WORDS, showQueue),
    roomThreadReply,
    action(HANDOFF_ACTIONS.take, (ctx, { conversationId }) => take(ctx, conversationId)),
    action(HANDOFF_ACTIONS.close, (ctx, { conversationId }) => close(ctx, conversationId)),
    closeByWord,
    relayText,
  ],
});

async function relay(ctx: StaffTurn, conversationId: string, text: string): Promise<false | void> {
  const conv = await ctx.db.conversation.findUnique({ where: { id: conversationId } });
  if (conv?.handoffStatus === 'active' && conv.handoffStaffId === ctx.actor.staff.id) {
    return tellCustomer(ctx.db, conv, text, `relay:${ctx.msg.channel}:${ctx.msg.eventId}`, ctx.now, 'human');
  }
  // The chat ended meanwhile (timeout, or a colleague closed it): back to normal.
  relaying.clear(ctx);
  return false;
}

/**
 * A staff member wrote in a handoff's thread in the staff room: the first reply takes the
 * chat, every reply goes to the customer, "close" ends it. The room is shared, so any
 * colleague may answer there; the one who took it stays the owner of record.
 */
async function replyInRoomThread(ctx: StaffTurn, conv: Conversation) {
  if (CLOSE_WORDS.test(ctx.msg.text ?? '')) return close(ctx, conv.id);
  if (conv.handoffStatus === 'queued') {
    if (await takeHandoff(ctx.db, conv.id, ctx.actor.staff.id, `${ctx.msg.channel}:${ctx.msg.chatId}`, ctx.now)) {
      const lang = conv.lang as Lang;
      const staff = ctx.actor.staff;
      await tellCustomer(
        ctx.db,
        conv,
        fill(lang, HO.joined, { name: lang === 'zh' ? staff.nameZh : staff.nameEn }),
        `handoff:join:${conv.id}:${ctx.msg.eventId}`,
        ctx.now,
        'human',
      );
    }
  } else if (conv.handoffStatus !== 'active') {
    return void ctx.reply({ text: ctx.say(HO.roomEnded) });
  }
  await tellCustomer(ctx.db, conv, ctx.msg.text!, `relay:${ctx.msg.channel}:${ctx.msg.eventId}`, ctx.now, 'human');
}

async function showQueue(ctx: StaffTurn) {
  const waiting = await ctx.db.conversation.findMany({
    where: { handoffStatus: 'queued' },
    orderBy: { handoffAt: 'asc' },
    take: 10,
    include: { customer: true, messages: { where: { direction: 'in' }, orderBy: { id: 'desc' }, take: 1 } },
  });
  if (!waiting.length) return void ctx.reply({ text: ctx.say(HO.queueEmpty) });
  const lines = waiting.map((c, i) =>
    ctx.say(HO.queueLine, {
      n: i + 1,
      name: maskName(c.customer?.name),
      phone: maskPhone(c.customer?.phone),
      channel: CHANNEL_NAMES[c.channel]?.[ctx.lang] ?? c.channel,
      minutes: Math.max(0, Math.round((ctx.now.getTime() - (c.handoffAt ?? ctx.now).getTime()) / 60_000)),
      // staff views mask phones by default (a customer may have typed theirs)
      last: maskPhonesInText(c.messages[0]?.text ?? '').slice(0, 40),
    }),
  );
  ctx.reply({
    text: `${ctx.say(HO.queueTitle)}\n${lines.join('\n')}`,
    buttons: waiting.map((c, i) => ({ label: ctx.say(HO.take, { n: i + 1 }), value: actionValue(HANDOFF_ACTIONS.take, { conversationId: c.id }) })),
  });
}

async function take(ctx: StaffTurn, conversationId: string) {
  const staff = ctx.actor.staff;
  const ok = await takeHandoff(ctx.db, conversationId, staff.id, `${ctx.msg.channel}:${ctx.msg.chatId}`, ctx.now);
  if (!ok) return void ctx.reply({ text: ctx.say(HO.alreadyTaken) });
  const conv = await ctx.db.conversation.findUniqueOrThrow({
    where: { id: conversationId },
    include: { customer: true, messages: { orderBy: { id: 'desc' }, take: 6 } },
  });
  relaying.set(ctx, conversationId, 8 * 3_600_000);
  const lang = conv.lang as Lang;
  await tellCustomer(
    ctx.db,
    conv,
    fill(lang, HO.joined, { name: lang === 'zh' ? staff.nameZh : staff.nameEn }),
    `handoff:join:${conversationId}:${ctx.msg.eventId}`,
    ctx.now,
    'human',
  );
  const history = conv.messages
    .reverse()
    .map((m) => `${m.direction === 'in' ? '👤' : m.author === 'human' ? '🧑‍💼' : '🤖'} ${maskPhonesInText(m.text ?? '')}`)
    .join('\n');
  ctx.reply({
    text: `${ctx.say(HO.taken, { name: maskName(conv.customer?.name), phone: maskPhone(conv.customer?.phone), channel: CHANNEL_NAMES[conv.channel]?.[ctx.lang] ?? conv.channel })}\n${history}\n\n${ctx.say(HO.takenHint)}`,
    buttons: [{ label: ctx.say(HO.close), value: actionValue(HANDOFF_ACTIONS.close, { conversationId }) }],
  });
}

async function close(ctx: StaffTurn, conversationId: string) {
  const conv = await endHandoff(ctx.db, conversationId);
  relaying.clear(ctx);
  if (conv) {
    await tellCustomer(ctx.db, conv, fill(conv.lang as Lang, HO.ended), `handoff:end:${conversationId}:${ctx.msg.eventId}`, ctx.now);
    // closed from elsewhere (the web staff side): the room's thread says so too
    if (!ctx.msg.chatId.startsWith(`${ctx.store.staffRoom?.chatId}/`)) {
      await postInThread(ctx.db, ctx.store, conv, `handoff:end:room:${conversationId}:${ctx.msg.eventId}`, ctx.say(HO.roomEnded), ctx.now);
    }
  }
  ctx.reply({ text: ctx.say(HO.closedForStaff), buttons: [{ label: ctx.say(HO.queueButton), value: HANDOFF_ACTIONS.queue }] });
}
