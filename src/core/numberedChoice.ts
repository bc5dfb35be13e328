// Channels without buttons (WeChat text replies) offer choices as "回复 1 …"; a customer's
// bare number is turned back into the value of the button offered in that chat's last turn.
import { Prisma } from '../generated/prisma/client.js';
import type { Db } from '../store/createPrisma.js';
import type { Button, ChannelName } from './message.js';

// "1", "２", "回复1", "回复 2", "reply 3", "1." — NFKC first turns full-width digits into ASCII
const NUMBERED = /^(?:回复|reply)?\s*(\d{1,2})\s*[.。、)）]?$/i;

/** The value of the n-th button the last turn offered, or null when the text is no such choice. */
export async function resolveNumberedChoice(db: Db, channel: ChannelName, chatId: string, text: string): Promise<string | null> {
  const m = NUMBERED.exec(text.normalize('NFKC').trim());
  if (!m) return null;
  const n = Number(m[1]);
  if (n < 1) return null;
  const conversation = await db.conversation.findUnique({ where: { channel_chatId: { channel, chatId } }, select: { id: true } });
  if (!conversation) return null;
  // the offer is the last turn: every reply after the customer's latest message, numbered
  // across the replies in order (as renderWechatTurn shows them)
  const lastIn = await db.chatMessage.findFirst({
    where: { conversationId: conversation.id, direction: 'in' },
    orderBy: { id: 'desc' },
    select: { id: true },
  });
  const replies = await db.chatMessage.findMany({
    where: { conversationId: conversation.id, direction: 'out', id: { gt: lastIn?.id ?? 0 }, payload: { not: Prisma.DbNull } },
    orderBy: { id: 'asc' },
    select: { payload: true },
  });
  const offer = replies.flatMap((r) => (r.payload as { buttons?: Button[] }).buttons ?? []);
  return offer[n - 1]?.value ?? null;
}
