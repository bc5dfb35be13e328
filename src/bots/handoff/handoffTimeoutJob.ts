// Ends handoffs nobody has written in for a while, and tells both sides.
import { fill } from '../../core/i18n.js';
import type { Channel, Lang } from '../../core/message.js';
import { enqueueOutbound } from '../../core/outbox.js';
import type { JobDef } from '../../core/scheduler.js';
import type { Db } from '../../store/createPrisma.js';
import { maskName } from '../../sales/maskPersonalData.js';
import { endHandoff, parseRelay } from './handoffState.js';
import { tellCustomer } from './staffHandoffBot.js';
import { HO } from './handoffTexts.js';

export const HANDOFF_IDLE_MS = 30 * 60_000;

export async function closeIdleHandoffs(db: Db, now: Date, idleMs = HANDOFF_IDLE_MS): Promise<number> {
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
      await enqueueOutbound(db, { idempotencyKey: `${key}:staff`, channel: to.channel as Channel, recipient: to.chatId, message: { text } }, now);
    }
  }
  return closed;
}

export function createHandoffTimeoutJob(db: Db): JobDef {
  return {
    name: 'handoff-timeout',
    cron: '*/5 * * * *',
    graceMs: 5 * 60_000,
    async run({ now, log }) {
      const n = await closeIdleHandoffs(db, now);
      if (n) log.info({ closed: n }, 'idle handoffs closed');
    },
  };
}
