// The handoff's bookkeeping on the customer's conversation: queued → active → none.
import type { Conversation } from '../../generated/prisma/client.js';
import type { Db } from '../../store/createPrisma.js';

export function isInHandoff(c: Pick<Conversation, 'handoffStatus'>): boolean {
  return c.handoffStatus === 'queued' || c.handoffStatus === 'active';
}

export async function queueHandoff(db: Db, conversationId: string, now: Date): Promise<void> {
  await db.conversation.updateMany({
    where: { id: conversationId, handoffStatus: 'none' },
    data: { handoffStatus: 'queued', handoffAt: now, handoffStaffId: null, handoffRelay: null },
  });
}

/** Takes a queued customer for a staff member; false when a colleague was first. */
export async function takeHandoff(db: Db, conversationId: string, staffId: string, relay: string, now: Date): Promise<boolean> {
  const { count } = await db.conversation.updateMany({
    where: { id: conversationId, handoffStatus: 'queued' },
    data: { handoffStatus: 'active', handoffStaffId: staffId, handoffRelay: relay, handoffAt: now },
  });
  return count === 1;
}

export async function endHandoff(db: Db, conversationId: string): Promise<Conversation | null> {
  const conv = await db.conversation.findUnique({ where: { id: conversationId } });
  if (!conv || !isInHandoff(conv)) return null;
  await db.conversation.update({ where: { id: conversationId }, data: { handoffStatus: 'none', handoffStaffId: null, handoffRelay: null } });
  return conv;
}

export function parseRelay(relay: string): { channel: string; chatId: string } {
  const i = relay.indexOf(':');
  return { channel: relay.slice(0, i), chatId: relay.slice(i + 1) };
}
