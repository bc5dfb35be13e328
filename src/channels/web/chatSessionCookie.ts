// The web chat's customer session: the server issues it, the page never chooses it. A
// random 128-bit id travels in an HttpOnly cookie with a MAC under the service's own
// secret (kept in the store, shared by instances), so a cookie the server did not issue
// is refused and issuing one writes nothing: a visitor who only looks leaves no row.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { CookieSerializeOptions } from '@fastify/cookie';
import { digestToken } from '../../infra/secretToken.js';

export const CHAT_COOKIE = 'dealerbot_chat';
/** A customer comes back to the same chat for a year. */
const MAX_AGE_S = 365 * 24 * 3600;
const VERSION = 'v1';

interface ChatSession {
  /** the conversation's chat id: derived from the session id, which the store never holds */
  chatId: string;
}

interface ChatSessions {
  /** The request's valid session, or null (no cookie, or one the server did not issue). */
  read(req: FastifyRequest): Promise<ChatSession | null>;
  /** The request's session, issuing a new one (Set-Cookie on the reply) when it has none. */
  ensure(req: FastifyRequest, reply: FastifyReply): Promise<ChatSession>;
}

export function createChatSessions(opts: { secret: () => Promise<Buffer>; secure: (req: FastifyRequest) => boolean }): ChatSessions {
  const mac = async (id: string) =>
    createHmac('sha256', await opts.secret())
      .update(`chat:${id}`)
      .digest()
      .subarray(0, 16);

  async function read(req: FastifyRequest): Promise<ChatSession | null> {
    const value = req.cookies?.[CHAT_COOKIE];
    if (!value || value.length > 100) return null;
    const [version, id, tag] = value.split('.');
    if (version !== VERSION || !id || !tag || !/^[A-Za-z0-9_-]{22}$/.test(id)) return null;
    // compared as text: decoding would accept another spelling of the same bytes (the last
    // of 22 base64url characters carries 2 bits nobody reads), so a cookie would have several
    // valid forms
    const given = Buffer.from(tag);
    const expected = Buffer.from((await mac(id)).toString('base64url'));
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    return { chatId: chatIdOf(id) };
  }

  return {
    read,
    async ensure(req, reply) {
      const found = await read(req);
      if (found) return found;
      const id = randomBytes(16).toString('base64url');
      const value = `${VERSION}.${id}.${(await mac(id)).toString('base64url')}`;
      void reply.setCookie(CHAT_COOKIE, value, cookieOptions(opts.secure(req)));
      return { chatId: chatIdOf(id) };
    },
  };
}

/**
 * Over HTTPS the cookie is SameSite=None, Secure and Partitioned, so the widget works
 * inside the store's own site (a third-party iframe; CHIPS keeps the cookie to that
 * site); cross-site requests are refused by the routes' origin check instead. Over plain
 * HTTP (the demo on one machine) browsers refuse SameSite=None, so Lax.
 */
function cookieOptions(secure: boolean): CookieSerializeOptions {
  return secure
    ? { path: '/', httpOnly: true, secure: true, sameSite: 'none', partitioned: true, maxAge: MAX_AGE_S }
    : { path: '/', httpOnly: true, sameSite: 'lax', maxAge: MAX_AGE_S };
}

/** The chat id a cookie value stands for (without checking its MAC: for operators' tools and tests that know the cookie). */
export function chatIdOfCookie(value: string): string | null {
  const id = value.split('.')[1];
  return id && /^[A-Za-z0-9_-]{22}$/.test(id) ? chatIdOf(id) : null;
}

function chatIdOf(id: string): string {
  return `c:${digestToken(id).slice(0, 32)}`;
}
