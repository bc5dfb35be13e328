// The staff room (a Slack channel): each customer handoff opens a thread there with the
// context a person needs to pick it up, the customer's messages follow in that thread, and
// the staff's replies in it go back to the customer (see staffHandoffBot).
import type { Conversation, Customer } from '../../generated/prisma/client.js';
import type { StoreInfo, TurnContext } from '../../core/bot.js';
import { fill, type Bilingual } from '../../core/i18n.js';
import { maskPhonesInText } from '../../infra/logger.js';
import type { ChannelName, Lang } from '../../core/message.js';
import { staffLang } from '../../core/notifyStaff.js';
import { enqueueOutbound } from '../../core/outbox.js';
import type { Db } from '../../store/createPrisma.js';
import { maskName, maskPhone } from '../../sales/privacy/maskPersonalData.js';
import { chooseConsultant } from '../../sales/testDrives/testDriveBookings.js';
import { actionValue } from '../../core/turnRoutes.js';
import { HANDOFF_ACTIONS } from './handoffActions.js';
import { HO } from './handoffTexts.js';

export const CHANNEL_NAMES: Record<string, Bilingual> = {
  web: { zh: '网页', en: 'web' },
  telegram: { zh: 'Telegram', en: 'Telegram' },
  wechat: { zh: '微信', en: 'WeChat' },
  slack: { zh: 'Slack', en: 'Slack' },
};

const INTENT_NAMES: Record<string, Bilingual> = {
  book_test_drive: { zh: '预约试驾', en: 'a test drive' },
  reschedule: { zh: '改约试驾', en: 'to move a test drive' },
  cancel: { zh: '取消试驾', en: 'to cancel a test drive' },
  faq: { zh: '咨询问题', en: 'an answer to a question' },
  complaint: { zh: '投诉', en: 'to complain' },
  human: { zh: '找人工', en: 'a person' },
  other: { zh: '其他', en: 'something else' },
};

/** The outbox key of a handoff's first message in the room: the thread's anchor. */
export function handoffThreadKey(conversationId: string, at: Date): string {
  return `handoff:room:${conversationId}:${at.getTime()}`;
}

/** Opens the handoff's thread in the staff room, mentioning the customer's consultant (or the one on duty). */
export async function announceHandoff(ctx: TurnContext, reason: 'asked' | 'low_confidence'): Promise<void> {
  const room = ctx.store.staffRoom;
  if (!room) return;
  const customer = ctx.actor.kind === 'customer' ? ctx.actor.customer : null;
  const consultantId = await chooseConsultant(ctx.db, ctx.store.id, customer?.ownerId ?? null);
  const consultant = consultantId ? await ctx.db.staff.findUnique({ where: { id: consultantId } }) : null;
  const lang = staffLang(consultant?.languages);
  const key = handoffThreadKey(ctx.conversation.id, ctx.now);
  const recent = await ctx.db.chatMessage.findMany({ where: { conversationId: ctx.conversation.id }, orderBy: { id: 'desc' }, take: 6 });
  const model = customer?.intendedModelId ? await ctx.db.catalogModel.findUnique({ where: { id: customer.intendedModelId } }) : null;
  const intent = ctx.msg.kind === 'text' ? ctx.understanding().intent : 'human';
  const say = (text: Bilingual, params?: Record<string, string | number>) => fill(lang, text, params);
  const history = recent
    .reverse()
    .map((m) => `${m.direction === 'in' ? '👤' : m.author === 'human' ? '🧑‍💼' : '🤖'} ${maskPhonesInText(m.text ?? '').slice(0, 200)}`)
    .join('\n');
  await enqueueOutbound(
    ctx.db,
    {
      idempotencyKey: key,
      channel: room.channel,
      recipient: room.chatId,
      message: {
        text: `${say(HO.roomRecent)}\n${history}\n\n${say(HO.roomHint)}`,
        card: {
          title: say(HO.roomTitle),
          fields: [
            { label: say(HO.roomCustomer), value: describeCustomer(customer) },
            { label: say(HO.roomChannel), value: say(CHANNEL_NAMES[ctx.msg.channel] ?? { zh: ctx.msg.channel, en: ctx.msg.channel }) },
            { label: say(HO.roomGrade), value: customer?.grade ?? '—' },
            { label: say(HO.roomModel), value: model ? (lang === 'zh' ? model.nameZh : model.nameEn) : '—' },
            { label: say(HO.roomReason), value: say(reason === 'asked' ? HO.reasonAsked : HO.reasonUnsure) },
            { label: say(HO.roomIntent), value: say(INTENT_NAMES[intent] ?? INTENT_NAMES.other) },
          ],
        },
        buttons: [
          { label: say(HO.roomTake), value: actionValue(HANDOFF_ACTIONS.take, { conversationId: ctx.conversation.id }) },
          { label: say(HO.close), value: actionValue(HANDOFF_ACTIONS.close, { conversationId: ctx.conversation.id }) },
        ],
        mentions: consultantId ? [consultantId] : undefined,
      },
    },
    ctx.now,
  );
  await ctx.db.conversation.update({ where: { id: ctx.conversation.id }, data: { handoffThread: key } });
}

function describeCustomer(c: Customer | null): string {
  if (!c) return '—';
  return [maskName(c.name), c.phone ? maskPhone(c.phone) : ''].filter(Boolean).join(' ');
}

/** A customer's message during a handoff, posted in the room's thread. */
export async function relayToRoom(db: Db, store: StoreInfo, conv: Conversation, text: string, eventKey: string, now: Date): Promise<boolean> {
  const room = store.staffRoom;
  if (!room || !conv.handoffThread) return false;
  await enqueueOutbound(
    db,
    {
      idempotencyKey: `relay:room:${eventKey}`,
      channel: room.channel,
      recipient: room.chatId,
      message: { text: maskPhonesInText(text), from: 'customer', thread: conv.handoffThread },
    },
    now,
  );
  return true;
}

/** True when the handoff's human side is the room's thread itself (so the thread already gets the customer's messages). */
export function relaysToRoom(store: StoreInfo, relay: { channel: string; chatId: string }): boolean {
  const room = store.staffRoom;
  return !!room && relay.channel === room.channel && (relay.chatId === room.chatId || relay.chatId.startsWith(`${room.chatId}/`));
}

/** Posts a line in a handoff's thread (the end of the chat, a late reminder). */
export async function postInThread(
  db: Db,
  store: StoreInfo,
  conv: Pick<Conversation, 'handoffThread'>,
  key: string,
  text: string,
  now: Date,
  mentions?: string[],
): Promise<void> {
  const room = store.staffRoom;
  if (!room || !conv.handoffThread) return;
  await enqueueOutbound(
    db,
    { idempotencyKey: key, channel: room.channel as ChannelName, recipient: room.chatId, message: { text, thread: conv.handoffThread, mentions } },
    now,
  );
}

export function channelName(channel: string, lang: Lang): string {
  return CHANNEL_NAMES[channel]?.[lang] ?? channel;
}
