// Conversations and their state: versioned (a stale writer is refused, not merged),
// persisted with the conversation, and expiring so an abandoned flow does not linger.
import { Prisma, type Conversation } from '../generated/prisma/client.js';
import type { Db } from '../store/createPrisma.js';
import { BotError } from './errors.js';
import type { ChannelName, Lang } from './message.js';

export type ConversationState = Record<string, unknown>;

export const DEFAULT_STATE_TTL_MS = 2 * 60 * 60 * 1000;

export async function openConversation(
  db: Db,
  args: { channel: ChannelName; chatId: string; customerId?: string; staffId?: string; lang: Lang; at: Date },
): Promise<Conversation> {
  return db.conversation.upsert({
    where: { channel_chatId: { channel: args.channel, chatId: args.chatId } },
    update: { lastInboundAt: args.at, customerId: args.customerId, staffId: args.staffId },
    create: {
      channel: args.channel,
      chatId: args.chatId,
      customerId: args.customerId,
      staffId: args.staffId,
      lang: args.lang,
      lastInboundAt: args.at,
      createdAt: args.at,
    },
  });
}

/** The live state, or an empty one once it has expired. */
export function readState(conversation: Conversation, now: Date): ConversationState {
  if (!conversation.state) return {};
  if (conversation.stateExpiresAt && conversation.stateExpiresAt.getTime() <= now.getTime()) return {};
  return conversation.state as ConversationState;
}

/** Writes the state if nobody wrote since `conversation` was read; returns the new version. */
export async function writeState(
  db: Db,
  conversation: Pick<Conversation, 'id' | 'stateVersion'>,
  state: ConversationState | null,
  now: Date,
  ttlMs = DEFAULT_STATE_TTL_MS,
): Promise<number> {
  const empty = !state || Object.keys(state).length === 0;
  const { count } = await db.conversation.updateMany({
    where: { id: conversation.id, stateVersion: conversation.stateVersion },
    data: {
      state: empty ? Prisma.DbNull : (state as Prisma.InputJsonValue),
      stateVersion: { increment: 1 },
      stateExpiresAt: empty ? null : new Date(now.getTime() + ttlMs),
    },
  });
  if (count !== 1) {
    throw new BotError('conflict', `conversation ${conversation.id} state changed since version ${conversation.stateVersion}`);
  }
  return conversation.stateVersion + 1;
}
