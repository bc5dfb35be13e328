// Who may use the web's staff side (the chat's staff role and the dashboard), decided per
// request. Staff identity comes from the signed-in session only, never from a body or a
// query. Three modes:
// - accounts: some staff member has a password; everyone signs in (from any address);
// - demo: no staff credential exists yet and the request provably comes from this very
//   machine: a loopback socket, a loopback Host, no forwarding header, no TRUST_PROXY and
//   no public PUBLIC_URL. A visitor picks any staff member to try the staff bots;
// - closed: no credential yet and the request may come from elsewhere.
// A reverse proxy on the same machine connects from loopback: that is why a forwarding
// header, TRUST_PROXY or a public PUBLIC_URL closes the demo.
import { timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { CookieSerializeOptions } from '@fastify/cookie';
import type { StoreInfo } from '../../core/bot.js';
import type { Clock } from '../../infra/clock.js';
import { isLoopbackHost, type Config } from '../../infra/config.js';
import { countStaffCredentials } from '../../core/staffAuth/countStaffCredentials.js';
import { endStaffSession, findStaffSession, type LiveSession, type StartedSession } from '../../core/staffAuth/staffSessions.js';
import type { Db } from '../../store/createPrisma.js';
import { isRequestSecure, isSameOrigin } from './requestOrigin.js';

export const STAFF_COOKIE = 'dealerbot_staff';
export const CSRF_HEADER = 'x-csrf-token';

type StaffSideMode = 'accounts' | 'demo' | 'closed';

const FORWARDING_HEADERS = [
  'forwarded',
  'x-forwarded-for',
  'x-forwarded-host',
  'x-forwarded-proto',
  'x-real-ip',
  'x-client-ip',
  'true-client-ip',
  'cf-connecting-ip',
];

export interface StaffGate {
  mode(req: FastifyRequest): Promise<StaffSideMode>;
  /**
   * The signed-in staff member, or null after sending 401/403. `write`: the request changes
   * something, so it must echo the session's CSRF token and come from our own origin.
   */
  require(req: FastifyRequest, reply: FastifyReply, opts: { write: boolean }): Promise<LiveSession | null>;
  /** Sets the session cookie after a sign-in. */
  setCookie(req: FastifyRequest, reply: FastifyReply, session: StartedSession): void;
  clearCookie(req: FastifyRequest, reply: FastifyReply): void;
}

interface StaffGateDeps {
  db: Db;
  config: Config;
  store: StoreInfo;
  clock: Clock;
}

export function createStaffGate(deps: StaffGateDeps): StaffGate {
  const { db, config, store, clock } = deps;

  async function mode(req: FastifyRequest): Promise<StaffSideMode> {
    if ((await countStaffCredentials(db, store.id)) > 0) return 'accounts';
    return isFromThisMachine(req, config) ? 'demo' : 'closed';
  }

  const cookieOptions = (req: FastifyRequest, maxAgeS?: number): CookieSerializeOptions => ({
    path: '/',
    httpOnly: true,
    // staff pages are never framed by another site: no cross-site request carries it
    sameSite: 'strict',
    secure: isRequestSecure(req, config),
    ...(maxAgeS !== undefined ? { maxAge: maxAgeS } : {}),
  });

  return {
    mode,
    async require(req, reply, opts) {
      const m = await mode(req);
      if (m === 'closed') {
        await reply
          .status(403)
          .send({ error: 'the staff side is closed here: staff sign in once they have a password (dealerbot staff invite)', code: 'closed' });
        return null;
      }
      const token = req.cookies?.[STAFF_COOKIE];
      const live = token ? await findStaffSession(db, token, clock.now()) : null;
      // a demo session ends with the demo: once a password exists, or off this machine
      if (!live || live.staff.storeId !== store.id || (live.session.method === 'demo' && m !== 'demo')) {
        if (token && live) await endStaffSession(db, token);
        await reply.status(401).send({ error: 'sign in first', code: 'signed_out' });
        return null;
      }
      if (opts.write) {
        const given = req.headers[CSRF_HEADER];
        const ok = typeof given === 'string' && sameString(given, live.session.csrfToken) && isSameOrigin(req, config);
        if (!ok) {
          await reply.status(403).send({ error: 'this request did not come from the signed-in page: reload it and try again', code: 'csrf' });
          return null;
        }
      }
      return live;
    },
    setCookie(req, reply, session) {
      const maxAgeS = Math.max(1, Math.floor((session.expiresAt.getTime() - clock.now().getTime()) / 1000));
      void reply.setCookie(STAFF_COOKIE, session.token, cookieOptions(req, maxAgeS));
    },
    clearCookie(req, reply) {
      void reply.clearCookie(STAFF_COOKIE, cookieOptions(req));
    },
  };
}

/** The request provably comes from this machine, not through a proxy, and the service is not published. */
export function isFromThisMachine(req: FastifyRequest, config: Config): boolean {
  if (config.trustProxy) return false;
  if (config.publicUrl && !isLoopbackHost(new URL(config.publicUrl).hostname.replace(/^\[|\]$/g, ''))) return false;
  if (FORWARDING_HEADERS.some((h) => req.headers[h] !== undefined)) return false;
  const address = (req.socket.remoteAddress ?? '').replace(/^::ffff:/, '');
  if (!isLoopbackHost(address)) return false;
  return isLoopbackHost(hostnameOf(req.headers.host));
}

/** The host name of a Host header (without the port; IPv6 literals without brackets). */
export function hostnameOf(host: string | undefined): string {
  if (!host) return '';
  const m = host.match(/^\[([^\]]+)\](?::\d+)?$/) ?? host.match(/^([^:]+)(?::\d+)?$/);
  return m ? m[1].toLowerCase() : '';
}

function sameString(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
