// Staff sign-in on the web: the session (who am I, the CSRF token), password sign-in and
// sign-out, the one-time invite that sets a password, and the demo's pick-a-staff-member
// (only while no credential exists, only from this machine). Pages: /staff/sign-in and
// /staff/invite (the token after '#', read by the page, never sent in a URL).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import { z } from 'zod';
import type { StoreInfo } from '../../core/bot.js';
import type { Clock } from '../../infra/clock.js';
import type { Config } from '../../infra/config.js';
import { PASSWORD_MAX_CHARS, PASSWORD_MIN_CHARS } from '../../core/staffAuth/hashPassword.js';
import { signInStaff } from '../../core/staffAuth/signInStaff.js';
import { acceptStaffInvite, readStaffInvite } from '../../core/staffAuth/staffInvites.js';
import { endStaffSession, findStaffSession, startStaffSession } from '../../core/staffAuth/staffSessions.js';
import type { Db } from '../../store/createPrisma.js';
import { isSameOrigin } from './requestOrigin.js';
import { STAFF_COOKIE, type StaffGate } from './staffGate.js';
import { loadStaticFiles, sendStaticFile } from './staticFiles.js';

const PAGES = loadStaticFiles(['staff.html', 'staff.js']);

/** Sign-in attempts a minute from one address (the account's own lock-out is in the store). */
export const SIGN_IN_RATE_PER_MINUTE = 10;

const signInBody = z
  .object({
    login: z.string().min(1).max(200),
    password: z
      .string()
      .min(1)
      .max(PASSWORD_MAX_CHARS * 4),
  })
  .strict();
const tokenField = z.string().regex(/^[A-Za-z0-9_-]{20,100}$/, 'the invite link is incomplete: open the whole link from the message');
const inviteCheckBody = z.object({ token: tokenField }).strict();
const inviteAcceptBody = z.object({ token: tokenField, password: z.string().max(PASSWORD_MAX_CHARS * 4) }).strict();
const demoBody = z.object({ staffId: z.string().regex(/^[A-Za-z0-9._:-]{1,64}$/) }).strict();

const PASSWORD_PROBLEMS: Record<string, { error: string; errorZh: string }> = {
  too_short: { error: `use at least ${PASSWORD_MIN_CHARS} characters`, errorZh: `密码至少 ${PASSWORD_MIN_CHARS} 个字符` },
  too_long: { error: `use at most ${PASSWORD_MAX_CHARS} characters`, errorZh: `密码最多 ${PASSWORD_MAX_CHARS} 个字符` },
  too_simple: { error: 'use more different characters', errorZh: '密码过于简单，请使用更多不同的字符' },
  invalid: { error: 'this invite link is not valid: ask your store manager for a new one', errorZh: '邀请链接无效，请向店总索取新链接' },
  expired: { error: 'this invite link has expired: ask your store manager for a new one', errorZh: '邀请链接已过期，请向店总索取新链接' },
  used: { error: 'this invite link was already used: sign in, or ask for a new one', errorZh: '邀请链接已使用，请直接登录或索取新链接' },
};

interface StaffAuthDeps {
  db: Db;
  config: Config;
  store: StoreInfo;
  clock: Clock;
  gate: StaffGate;
}

export function registerStaffAuth(app: FastifyInstance, deps: StaffAuthDeps): void {
  const { db, config, store, clock, gate } = deps;

  app.get('/staff/sign-in', (_req, reply) => sendStaticFile(reply, PAGES, 'staff.html'));
  app.get('/staff/invite', (_req, reply) => sendStaticFile(reply, PAGES, 'staff.html'));
  app.get('/staff/staff.js', (_req, reply) => sendStaticFile(reply, PAGES, 'staff.js'));

  const profile = (s: { id: string; nameZh: string; nameEn: string; role: string; teamId: string | null }) => ({
    id: s.id,
    name: { zh: s.nameZh, en: s.nameEn },
    role: s.role,
    teamId: s.teamId,
  });

  app.register(async (api) => {
    await api.register(rateLimit, { max: 120, timeWindow: 60_000 });

    /** Who is signed in here, the CSRF token the page echoes, and the side's mode. */
    api.get('/api/staff/session', async (req, reply) => {
      const mode = await gate.mode(req);
      const token = req.cookies?.[STAFF_COOKIE];
      const live = mode !== 'closed' && token ? await findStaffSession(db, token, clock.now()) : null;
      const valid = live && live.staff.storeId === store.id && (live.session.method !== 'demo' || mode === 'demo');
      void reply.header('cache-control', 'no-store');
      return valid ? { mode, staff: profile(live.staff), csrfToken: live.session.csrfToken, method: live.session.method } : { mode, staff: null };
    });

    /** The demo's list to pick from: only in demo mode. */
    api.get('/api/staff', async (req, reply) => {
      if ((await gate.mode(req)) !== 'demo') return reply.status(403).send({ error: 'staff sign in with their own password here', code: 'not_demo' });
      const staff = await db.staff.findMany({
        where: { storeId: store.id, active: true },
        orderBy: { id: 'asc' },
        select: { id: true, nameZh: true, nameEn: true, role: true, teamId: true },
      });
      return { staff: staff.map(profile) };
    });

    api.post('/api/staff/demo-sign-in', async (req, reply) => {
      if (!isSameOrigin(req, config)) return reply.status(403).send({ error: 'cross-site request refused', code: 'cross_site' });
      if ((await gate.mode(req)) !== 'demo')
        return reply.status(403).send({ error: 'the demo sign-in is only for this machine while no staff member has a password', code: 'not_demo' });
      const parsed = demoBody.safeParse(req.body);
      if (!parsed.success) return reply.status(400).send({ error: 'send {"staffId": "<id>"}' });
      const staff = await db.staff.findFirst({ where: { id: parsed.data.staffId, storeId: store.id, active: true } });
      if (!staff) return reply.status(404).send({ error: 'no such active staff member' });
      await endOwnSession(req);
      const session = await startStaffSession(db, { staffId: staff.id, method: 'demo', now: clock.now() });
      gate.setCookie(req, reply, session);
      return { mode: 'demo', staff: profile(staff), csrfToken: session.csrfToken, method: 'demo' };
    });

    api.post('/api/staff/sign-out', async (req, reply) => {
      const live = await gate.require(req, reply, { write: true });
      if (!live) return reply;
      await endOwnSession(req);
      gate.clearCookie(req, reply);
      return { signedOut: true };
    });
  });

  // Sign-in and invites: a tight budget per address; the account's lock-out is separate.
  app.register(async (auth) => {
    await auth.register(rateLimit, { max: SIGN_IN_RATE_PER_MINUTE, timeWindow: 60_000 });

    auth.post('/api/staff/sign-in', async (req, reply) => {
      if (!isSameOrigin(req, config)) return reply.status(403).send({ error: 'cross-site request refused', code: 'cross_site' });
      const parsed = signInBody.safeParse(req.body);
      if (!parsed.success) return reply.status(400).send({ error: 'send {"login": "<staff id or e-mail>", "password": "..."}' });
      const now = clock.now();
      const result = await signInStaff(db, { storeId: store.id, login: parsed.data.login, password: parsed.data.password, now });
      if (!result.ok) {
        if (result.reason === 'locked') {
          const minutes = Math.max(1, Math.ceil((result.lockedUntil.getTime() - now.getTime()) / 60_000));
          return reply
            .status(429)
            .header('retry-after', String(minutes * 60))
            .send({
              error: `too many failed sign-ins: this account is locked for ${minutes} more minute(s)`,
              errorZh: `登录失败次数过多，账号已锁定，请 ${minutes} 分钟后再试`,
              code: 'locked',
              retryAfterMinutes: minutes,
            });
        }
        return reply.status(401).send({ error: 'wrong staff id, e-mail or password', errorZh: '账号或密码错误', code: 'invalid' });
      }
      await endOwnSession(req);
      const session = await startStaffSession(db, { staffId: result.staff.id, method: 'password', now });
      gate.setCookie(req, reply, session);
      return { mode: 'accounts', staff: profile(result.staff), csrfToken: session.csrfToken, method: 'password' };
    });

    auth.post('/api/staff/invite/check', async (req, reply) => {
      const parsed = inviteCheckBody.safeParse(req.body);
      if (!parsed.success) return reply.status(400).send({ error: describe(parsed.error) });
      const found = await readStaffInvite(db, parsed.data.token, clock.now());
      if ('error' in found) return reply.status(410).send({ ...PASSWORD_PROBLEMS[found.error], code: found.error });
      return { staff: profile(found.staff), expiresAt: found.expiresAt.toISOString(), passwordMinChars: PASSWORD_MIN_CHARS };
    });

    auth.post('/api/staff/invite/accept', async (req, reply) => {
      if (!isSameOrigin(req, config)) return reply.status(403).send({ error: 'cross-site request refused', code: 'cross_site' });
      const parsed = inviteAcceptBody.safeParse(req.body);
      if (!parsed.success) return reply.status(400).send({ error: describe(parsed.error) });
      const now = clock.now();
      const result = await acceptStaffInvite(db, { token: parsed.data.token, password: parsed.data.password, now });
      if (!result.ok) {
        const status = result.reason === 'invalid' || result.reason === 'expired' || result.reason === 'used' ? 410 : 400;
        return reply.status(status).send({ ...PASSWORD_PROBLEMS[result.reason], code: result.reason });
      }
      await endOwnSession(req);
      const session = await startStaffSession(db, { staffId: result.staff.id, method: 'password', now });
      gate.setCookie(req, reply, session);
      return { mode: 'accounts', staff: profile(result.staff), csrfToken: session.csrfToken, method: 'password' };
    });
  });

  /** A browser that signs in again drops the session it had. */
  async function endOwnSession(req: FastifyRequest) {
    const token = req.cookies?.[STAFF_COOKIE];
    if (token) await endStaffSession(db, token);
  }
}

function describe(error: z.ZodError): string {
  return error.issues.map((i) => i.message).join('; ');
}
