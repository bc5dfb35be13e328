// The web chat page of one visitor, as the chaos scenario needs it: a message goes out
// with a message id, and after a network error (the service killed mid-request, or down)
// or a 503 "busy" the page sends the same id again. When the answer says the message was
// a duplicate (answered by a run whose response never came back), the replies are read
// from the transcript, as the page's poll would show them.
import { CHAT_COOKIE } from '../../src/channels/web/chatSessionCookie.js';
import { sleep } from './createTelegramPoster.js';

export interface WebReply {
  text: string;
  buttons: string[];
}

export interface WebVisitor {
  /** Sends until answered; resolves with the replies (from the response or the transcript). */
  send(body: { text?: string; action?: string }, messageId: string): Promise<{ replies: WebReply[]; tries: number }>;
}

export interface WebStats {
  posts: number;
  resends: number;
  transcriptReads: number;
}

export function createWebVisitor(opts: { baseUrl: string; stats: WebStats; isStopped: () => boolean }): WebVisitor {
  // the session cookie the server set (a browser keeps it; one lost with its response is issued again)
  let cookie: string | undefined;
  const request = async (path: string, init: RequestInit = {}) => {
    const res = await fetch(`${opts.baseUrl}${path}`, {
      ...init,
      headers: { ...(init.headers as Record<string, string>), ...(cookie ? { cookie } : {}) },
      signal: AbortSignal.timeout(30_000),
    });
    const set = res.headers
      .getSetCookie()
      .find((c) => c.startsWith(`${CHAT_COOKIE}=`))
      ?.split(';')[0];
    if (set) cookie = set;
    return res;
  };

  /** The bot's messages after the visitor's latest one, polled until there are some. */
  async function readTranscript(): Promise<WebReply[]> {
    while (!opts.isStopped()) {
      opts.stats.transcriptReads++;
      try {
        const res = await request('/api/chat/history');
        if (res.ok) {
          const { messages } = (await res.json()) as { messages: { from: string; text: string; buttons?: { value: string }[] }[] };
          const mine = messages.map((m) => m.from).lastIndexOf('me');
          const after = messages.slice(mine + 1).filter((m) => m.from === 'bot');
          if (mine >= 0 && after.length) return after.map((m) => ({ text: m.text, buttons: (m.buttons ?? []).map((b) => b.value) }));
        } else {
          await res.arrayBuffer();
        }
      } catch {
        // down again: the page polls on
      }
      await sleep(500);
    }
    return [];
  }

  return {
    async send(body, messageId) {
      for (let tries = 1; !opts.isStopped(); tries++) {
        opts.stats.posts++;
        if (tries > 1) opts.stats.resends++;
        let waitMs = Math.min(250 * tries, 2000);
        try {
          const res = await request('/api/chat', {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ ...body, messageId }),
          });
          if (res.ok) {
            const answer = (await res.json()) as { replies: { text: string; buttons?: { value: string }[] }[]; duplicate?: boolean };
            if (answer.replies.length) return { replies: answer.replies.map((r) => ({ text: r.text, buttons: (r.buttons ?? []).map((b) => b.value) })), tries };
            // answered before, by a run whose response was lost: the transcript has it
            return { replies: await readTranscript(), tries };
          }
          await res.arrayBuffer();
          const retryAfter = Number(res.headers.get('retry-after'));
          if (retryAfter > 0) waitMs = retryAfter * 1000;
        } catch {
          // refused or cut off: the page sends the same message id again
        }
        await sleep(waitMs);
      }
      return { replies: [], tries: 0 };
    },
  };
}
