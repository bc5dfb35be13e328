// Telegram's side of the webhook, as the chaos scenario needs it: an update is posted
// until it gets a 2xx, whatever happened in between (refused while the service is down,
// cut off by a kill, 503 "busy" with its Retry-After, a 5xx). Telegram keeps an update
// until it is acknowledged, so this poster does too (up to a deadline the runner sets).
import type { Update } from 'grammy/types';

export interface PosterStats {
  posts: number;
  /** answers other than 2xx, by status ("net" for no answer at all) */
  refusals: Record<string, number>;
}

export interface TelegramPoster {
  /** Posts the update until it is acknowledged; resolves then (or at the deadline, with false). */
  deliver(update: Update): Promise<boolean>;
  /** Updates not acknowledged yet. */
  unacknowledged(): number;
  stats: PosterStats;
  /** Stops retrying (the run is over). */
  stop(): void;
}

export function createTelegramPoster(opts: { url: string; secret: string }): TelegramPoster {
  const stats: PosterStats = { posts: 0, refusals: {} };
  let open = 0;
  let stopped = false;
  const refused = (why: string) => (stats.refusals[why] = (stats.refusals[why] ?? 0) + 1);
  return {
    stats,
    unacknowledged: () => open,
    stop: () => void (stopped = true),
    async deliver(update) {
      open++;
      try {
        for (let attempt = 1; !stopped; attempt++) {
          stats.posts++;
          let waitMs: number;
          try {
            const res = await fetch(opts.url, {
              method: 'POST',
              headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': opts.secret },
              body: JSON.stringify(update),
              // Telegram gives a webhook about a minute before it counts the delivery failed
              signal: AbortSignal.timeout(60_000),
            });
            await res.arrayBuffer();
            if (res.ok) return true;
            refused(String(res.status));
            // a 503 says when to come back; anything else: Telegram's own growing pause
            const retryAfter = Number(res.headers.get('retry-after'));
            waitMs = res.status === 503 && retryAfter > 0 ? retryAfter * 1000 : Math.min(500 * attempt, 5000);
          } catch {
            // refused (the service is down) or cut off (killed mid-request)
            refused('net');
            waitMs = Math.min(250 * attempt, 2000);
          }
          await sleep(waitMs);
        }
        return false;
      } finally {
        open--;
      }
    },
  };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
