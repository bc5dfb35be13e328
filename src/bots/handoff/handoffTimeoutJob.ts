// Ends handoffs nobody has written in for a while, and tells both sides.
import { fill } from '../../core/i18n.js';
import type { ChannelName, Lang } from '../../core/message.js';
import { enqueueOutbound } from '../../core/outbox.js';
import type { JobDef } from '../../core/scheduler.js';
import type { Db } from '../../store/createPrisma.js';
import { maskName } from '../../sales/privacy/maskPersonalData.js';
import { endHandoff, parseRelay } from './handoffState.js';
import { tellCustomer } from './staffHandoffBot.js';
import type { StoreInfo } from '../../core/bot.js';
import { notifyStaff } from '../../core/notifyStaff.js';
import { localParts, zonedInstant } from '../../infra/storeTime.js';
import { chooseEscalation } from '../../sales/complaints/complaints.js';
import { channelName, postInThread } from './staffRoom.js';
import { HO } from './handoffTexts.js';

/** The staff room is shared: it reads in the store's working language. */
const ROOM_LANG: Lang = 'zh';
export const HANDOFF_IDLE_MS = 30 * 60_000;
/** A customer waiting longer than this for a first reply (within opening hours) gets the manager reminded. */
export const FIRST_RESPONSE_MS = 5 * 60_000;

interface HandoffHours {
  timeZone: string;
  /** "HH:MM" store time: people answer between these. */
  open: string;
  close: string;
}

export async function closeIdleHandoffs(db: Db, now: Date, idleMs = HANDOFF_IDLE_MS, store?: StoreInfo): Promise<number> {
  const open = await db.conversation.findMany({
    where: { handoffStatus: { in: ['queued', 'active'] } },
    include: { customer: true, messages: { orderBy: { id: 'desc' }, take: 1, select: { createdAt: true } } },
  });
  let closed = 0;
  for (const conv of open) {
    const last = Math.max(conv.messages[0]?.createdAt.getTime() ?? 0, conv.handoffAt?.getTime() ?? 0);
    if (now.getTime() - last < idleMs) continue;
    if (!(await endHandoff(db, conv.id))) continue;
    closed++;
    const key = `handoff:timeout:${conv.id}:${conv.handoffAt?.toISOString()}`;
    await tellCustomer(db, conv, fill(conv.lang as Lang, HO.timedOut), key, now);
    if (conv.handoffRelay) {
      const to = parseRelay(conv.handoffRelay);
      const staffConv = await db.conversation.findUnique({ where: { channel_chatId: { channel: to.channel, chatId: to.chatId } }, select: { lang: true } });
      const text = fill((staffConv?.lang ?? 'zh') as Lang, HO.timedOutForStaff, { name: maskName(conv.customer?.name) });
      await enqueueOutbound(db, { idempotencyKey: `${key}:staff`, channel: to.channel as ChannelName, recipient: to.chatId, message: { text } }, now);
    }
    // when the human side was the room's thread itself, the line above already went there
    const room = store?.staffRoom;
    if (store && !conv.handoffRelay?.startsWith(`${room?.channel}:${room?.chatId}/`)) {
      await postInThread(db, store, conv, `${key}:room`, fill(ROOM_LANG, HO.roomEnded), now);
    }
  }
  return closed;
}

/**
 * Customers still waiting for a first reply after FIRST_RESPONSE_MS of opening hours: the
 * manager responsible (the owner's team manager, else a sales manager, else the store
 * manager) gets a direct message, and the room's thread a line naming them. Once per handoff.
 */
export async function remindLateHandoffs(db: Db, store: StoreInfo, hours: HandoffHours, now: Date, waitMs = FIRST_RESPONSE_MS): Promise<number> {
  const local = localParts(now, hours.timeZone);
  if (local.time < hours.open || local.time >= hours.close) return 0;
  const opening = zonedInstant(local.date, hours.open, hours.timeZone);
  const waiting = await db.conversation.findMany({ where: { handoffStatus: 'queued' }, include: { customer: true } });
  let reminded = 0;
  for (const conv of waiting) {
    // a customer who asked at night has waited since the store opened, not since midnight
    const since = Math.max(conv.handoffAt?.getTime() ?? now.getTime(), opening.getTime());
    const minutes = Math.floor((now.getTime() - since) / 60_000);
    if (now.getTime() - since < waitMs) continue;
    const managerId = await chooseEscalation(db, store.id, conv.customer?.ownerId ?? null);
    const key = `handoff:late:${conv.id}:${conv.handoffAt?.getTime()}`;
    const name = maskName(conv.customer?.name);
    if (managerId) {
      await notifyStaff(db, managerId, (lang) => ({ text: fill(lang, HO.lateDm, { name, channel: channelName(conv.channel, lang), minutes }) }), key, now);
    }
    await postInThread(db, store, conv, `${key}:room`, fill(ROOM_LANG, HO.roomLate, { minutes }), now, managerId ? [managerId] : undefined);
    reminded++;
  }
  return reminded;
}

export function createHandoffTimeoutJob(db: Db, store?: StoreInfo): JobDef {
  return {
    name: 'handoff-timeout',
    cron: '*/5 * * * *',
    graceMs: 5 * 60_000,
    async run({ now, log }) {
      const n = await closeIdleHandoffs(db, now, HANDOFF_IDLE_MS, store);
      if (n) log.info({ closed: n }, 'idle handoffs closed');
    },
  };
}

export function createHandoffReminderJob(db: Db, store: StoreInfo, hours: HandoffHours): JobDef {
  return {
    name: 'handoff-first-response',
    cron: '* * * * *',
    graceMs: 60_000,
    async run({ now, log }) {
      const n = await remindLateHandoffs(db, store, hours, now);
      if (n) log.info({ reminded: n }, 'managers reminded of customers waiting for a person');
    },
  };
}
