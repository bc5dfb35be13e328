// Telegram's send limits (about 1 message/s per chat, about 30/s overall) kept in process:
// a send waits for its turn. A wait longer than maxWaitMs is not waited out: the outbox
// gets a retry-after instead, so one busy chat never stalls the worker for long.
import { SendError } from '../../core/outbox.js';

export interface RateLimits {
  /** Minimum gap between two sends to the same chat (0 disables). */
  perChatIntervalMs: number;
  /** Sends per second over all chats (0 disables). */
  globalPerSecond: number;
  maxWaitMs: number;
}

export const TELEGRAM_LIMITS: RateLimits = { perChatIntervalMs: 1000, globalPerSecond: 30, maxWaitMs: 5000 };

interface RateLimiter {
  /** Resolves when a send to this chat may go; throws a retryable SendError if that is too far off. */
  take(chatId: string): Promise<void>;
}

export function createRateLimiter(limits: RateLimits, now: () => number = Date.now, sleep = defaultSleep): RateLimiter {
  const nextByChat = new Map<string, number>();
  const globalGapMs = limits.globalPerSecond > 0 ? 1000 / limits.globalPerSecond : 0;
  let nextGlobal = 0;
  return {
    async take(chatId) {
      const t = now();
      const at = Math.max(t, nextGlobal, nextByChat.get(chatId) ?? 0);
      const waitMs = at - t;
      if (waitMs > limits.maxWaitMs) throw new SendError(`rate limit: chat ${chatId} is busy`, { retryAfterMs: waitMs });
      // book the slot before waiting so concurrent sends queue behind it
      nextGlobal = at + globalGapMs;
      if (limits.perChatIntervalMs > 0) nextByChat.set(chatId, at + limits.perChatIntervalMs);
      forgetIdleChats(nextByChat, t);
      if (waitMs > 0) await sleep(waitMs);
    },
  };
}

/** Chats whose slot has passed need no entry: keeps the map as small as the busy chats. */
function forgetIdleChats(nextByChat: Map<string, number>, t: number): void {
  if (nextByChat.size < 1000) return;
  for (const [chat, next] of nextByChat) if (next <= t) nextByChat.delete(chat);
}

function defaultSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
