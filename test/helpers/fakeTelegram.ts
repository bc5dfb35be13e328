// A fake Telegram Bot API on 127.0.0.1: answers the methods the channel uses, records every
// call, can be scripted to fail the next calls (429 with retry_after, 500, 403), and
// serves queued updates to getUpdates for the polling test.
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

export const tooManyRequests = (retryAfter: number): Failure => ({ error_code: 429, description: `Too Many Requests: retry after ${retryAfter}`, parameters: { retry_after: retryAfter } });
export const serverError: Failure = { error_code: 500, description: 'Internal Server Error' };
export const blocked: Failure = { error_code: 403, description: 'Forbidden: bot was blocked by the user' };

export interface FakeTelegram {
  url: string;
  token: string;
  calls: FakeCall[];
  /** Outcomes of the next send calls (sendMessage, sendPhoto), in order: a failure, or null for success. */
  failNext(...failures: (Failure | null)[]): void;
  /** Updates the next getUpdates returns. */
  queueUpdates(...updates: Update[]): void;
  sent(): FakeCall[];
  close(): Promise<void>;
}

export async function startFakeTelegram(token = '123456:TEST-token'): Promise<FakeTelegram> {
  const calls: FakeCall[] = [];
  const failures: (Failure | null)[] = [];
  const updates: Update[] = [];
  let messageId = 1;

  const answer = (method: string, params: Record<string, any>): { status: number; body: unknown } => {
    if ((method === 'sendMessage' || method === 'sendPhoto') && failures.length) {
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
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (!m || m[1] !== token) return reply(401, { ok: false, error_code: 401, description: 'Unauthorized' });
      const params = raw ? JSON.parse(raw) : {};
      calls.push({ method: m[2], params });
      // an empty long poll waits a little, as Telegram's does, instead of spinning
      if (m[2] === 'getUpdates' && !updates.length && params.timeout) {
        setTimeout(() => {
          const { status, body } = answer(m[2], params);
          if (!res.destroyed) reply(status, body);
        }, 20);
        return;
      }
      const { status, body } = answer(m[2], params);
      reply(status, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    token,
    calls,
    failNext: (...f) => void failures.push(...f),
    queueUpdates: (...u) => void updates.push(...u),
    sent: () => calls.filter((c) => c.method === 'sendMessage' || c.method === 'sendPhoto'),
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
      return { update_id: updateId, callback_query: { id: `cq-${updateId}`, from, chat_instance: 'ci-1', data, message: message({ text: 'menu', from: FAKE_BOT }) } } as Update;
    },
    shareContact(phone: string, ownerId = userId): Update {
      updateId += 1;
      return { update_id: updateId, message: message({ contact: { phone_number: phone, first_name: from.first_name, user_id: ownerId } }) } as Update;
    },
  };
}
