// A fake Telegram Bot API on 127.0.0.1: answers the methods the channel uses, records every
// call, can be scripted to fail the next calls (429 with retry_after, 500, 403), and
// serves queued updates to getUpdates for the polling test. A `fault` hook may decide each
// send's outcome instead (the chaos test: refusals, requests held past the client's
// timeout, and a delivery whose answer waits for the service to be killed).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Update, UserFromGetMe } from 'grammy/types';

export interface FakeCall {
  method: string;
  params: Record<string, any>;
}

export type Failure = { error_code: number; description: string; parameters?: { retry_after?: number } };

export const FAKE_BOT: UserFromGetMe = {
  id: 7000001,
  is_bot: true,
  first_name: 'Dealerbot',
  username: 'dealer_test_bot',
  can_join_groups: false,
  can_read_all_group_messages: false,
  supports_inline_queries: false,
  can_connect_to_business: false,
  has_main_web_app: false,
  has_topics_enabled: false,
  allows_users_to_create_topics: false,
  can_manage_bots: false,
} as UserFromGetMe;

export const tooManyRequests = (retryAfter: number): Failure => ({
  error_code: 429,
  description: `Too Many Requests: retry after ${retryAfter}`,
  parameters: { retry_after: retryAfter },
});
export const serverError: Failure = { error_code: 500, description: 'Internal Server Error' };
export const blocked: Failure = { error_code: 403, description: 'Forbidden: bot was blocked by the user' };

/**
 * What a `fault` hook makes of one send: a refusal (not delivered), a request held for
 * holdMs and then refused, or never answered with Infinity (not delivered: lost on the
 * way), or a delivery answered once `answerAfter` resolves (a process killed mid-send).
 */
export type SendOutcome = null | Failure | { holdMs: number } | { deliver: true; answerAfter: Promise<unknown> };

export interface FakeTelegramOptions {
  /** Decides a send's outcome; failNext's scripted failures come first. */
  fault?: (call: FakeCall) => SendOutcome | Promise<SendOutcome>;
}

export interface FakeTelegram {
  url: string;
  token: string;
  calls: FakeCall[];
  /** Outcomes of the next send calls (sendMessage, sendPhoto), in order: a failure, or null for success. */
  failNext(...failures: (Failure | null)[]): void;
  /** Updates the next getUpdates returns. */
  queueUpdates(...updates: Update[]): void;
  sent(): FakeCall[];
  /** The sends that reached their chat. */
  delivered(): FakeCall[];
  close(): Promise<void>;
}

export async function startFakeTelegram(token = '123456:TEST-token', opts: FakeTelegramOptions = {}): Promise<FakeTelegram> {
  const calls: FakeCall[] = [];
  const failures: (Failure | null)[] = [];
  const updates: Update[] = [];
  // the sends that reached their chat (a refused or held one did not)
  const delivered = new Set<FakeCall>();
  let messageId = 1;

  const isSend = (method: string) => method === 'sendMessage' || method === 'sendPhoto';
  const answer = (method: string, params: Record<string, any>): { status: number; body: unknown } => {
    if (isSend(method) && failures.length) {
      const f = failures.shift();
      if (f) return { status: f.error_code, body: { ok: false, ...f } };
    }
    switch (method) {
      case 'getMe':
        return ok(FAKE_BOT);
      case 'sendMessage':
      case 'sendPhoto':
        return ok({ message_id: messageId++, date: 0, chat: { id: Number(params.chat_id), type: 'private' }, text: params.text });
      case 'getUpdates':
        return ok(updates.splice(0).filter((u) => u.update_id >= (params.offset ?? 0)));
      case 'answerCallbackQuery':
      case 'setWebhook':
      case 'deleteWebhook':
        return ok(true);
      default:
        return { status: 404, body: { ok: false, error_code: 404, description: 'Not Found' } };
    }
  };

  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      const m = req.url?.match(/^\/bot([^/]+)\/(\w+)$/);
      const reply = (status: number, body: unknown) => {
        // a held request whose client gave up (or died) has nobody to answer
        if (res.destroyed || res.headersSent) return;
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (!m || m[1] !== token) return reply(401, { ok: false, error_code: 401, description: 'Unauthorized' });
      const params = raw ? JSON.parse(raw) : {};
      const call: FakeCall = { method: m[2], params };
      calls.push(call);
      // an empty long poll waits a little, as Telegram's does, instead of spinning
      if (m[2] === 'getUpdates' && !updates.length && params.timeout) {
        setTimeout(() => {
          const { status, body } = answer(m[2], params);
          if (!res.destroyed) reply(status, body);
        }, 20);
        return;
      }
      if (isSend(m[2]) && opts.fault && !failures.length) return void answerFault(call, reply);
      const { status, body } = answer(m[2], params);
      if (isSend(m[2]) && status === 200) delivered.add(call);
      reply(status, body);
    });
  });

  async function answerFault(call: FakeCall, reply: (status: number, body: unknown) => void): Promise<void> {
    const outcome = await opts.fault!(call);
    if (outcome && 'holdMs' in outcome) {
      if (outcome.holdMs !== Infinity) setTimeout(() => reply(502, { ok: false, error_code: 502, description: 'Bad Gateway' }), outcome.holdMs);
      return;
    }
    if (outcome && 'error_code' in outcome) {
      return reply(outcome.error_code, { ok: false, ...outcome });
    }
    delivered.add(call);
    const { status, body } = answer(call.method, call.params);
    if (outcome) await outcome.answerAfter;
    reply(status, body);
  }
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    token,
    calls,
    failNext: (...f) => void failures.push(...f),
    queueUpdates: (...u) => void updates.push(...u),
    sent: () => calls.filter((c) => isSend(c.method)),
    delivered: () => calls.filter((c) => delivered.has(c)),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function ok(result: unknown) {
  return { status: 200, body: { ok: true, result } };
}

/** Updates as Telegram sends them for one private chat (chat id = user id). */
export function telegramUser(userId: number, opts: { firstName?: string; languageCode?: string } = {}) {
  let updateId = userId * 1000;
  const from = { id: userId, is_bot: false, first_name: opts.firstName ?? 'Xiaoming', language_code: opts.languageCode ?? 'zh-hans' };
  const chat = { id: userId, type: 'private' as const, first_name: from.first_name };
  const message = (extra: Record<string, unknown>) => ({ message_id: updateId, date: 1764900000, chat, from, ...extra });
  return {
    text(text: string): Update {
      updateId += 1;
      const command = text.match(/^\/\w+(@\w+)?/);
      const entities = command ? [{ type: 'bot_command' as const, offset: 0, length: command[0].length }] : undefined;
      return { update_id: updateId, message: message({ text, entities }) } as Update;
    },
    press(data: string): Update {
      updateId += 1;
      return {
        update_id: updateId,
        callback_query: { id: `cq-${updateId}`, from, chat_instance: 'ci-1', data, message: message({ text: 'menu', from: FAKE_BOT }) },
      } as Update;
    },
    shareContact(phone: string, ownerId = userId): Update {
      updateId += 1;
      return { update_id: updateId, message: message({ contact: { phone_number: phone, first_name: from.first_name, user_id: ownerId } }) } as Update;
    },
  };
}
