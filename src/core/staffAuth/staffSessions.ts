// Server-side sessions for staff signed in on the web (the chat's staff side and the
// dashboard). The browser holds a random token in an HttpOnly cookie; the row keeps its
// digest, the staff member and a CSRF token that every state-changing request must echo.
import type { Staff, StaffSession } from '../../generated/prisma/client.js';
import type { Db } from '../../store/createPrisma.js';
import { digestToken, newSecretToken } from '../../infra/secretToken.js';

/** A session ends after a week without use, and a month after sign-in in any case. */
export const SESSION_IDLE_MS = 7 * 24 * 3_600_000;
export const SESSION_MAX_MS = 30 * 24 * 3_600_000;
/** A demo session (loopback, no credential yet) lasts a working day. */
export const DEMO_SESSION_MS = 12 * 3_600_000;
/** lastSeenAt is written at most this often, not on every request. */
const TOUCH_EVERY_MS = 5 * 60_000;

type SessionMethod = 'password' | 'demo';

export interface StartedSession {
  token: string;
  csrfToken: string;
  expiresAt: Date;
}

export async function startStaffSession(db: Db, args: { staffId: string; method: SessionMethod; now: Date }): Promise<StartedSession> {
  const token = newSecretToken();
  const csrfToken = newSecretToken();
  const expiresAt = new Date(args.now.getTime() + (args.method === 'demo' ? DEMO_SESSION_MS : SESSION_IDLE_MS));
  await db.staffSession.create({
    data: { id: digestToken(token), staffId: args.staffId, csrfToken, method: args.method, createdAt: args.now, lastSeenAt: args.now, expiresAt },
  });
  // expired rows of anyone go now and then, on sign-in: no sweeper job needed
  await db.staffSession.deleteMany({ where: { expiresAt: { lt: args.now } } });
  return { token, csrfToken, expiresAt };
}

export interface LiveSession {
  session: StaffSession;
  staff: Staff;
}

/** The live session of this token (sliding its idle expiry), or null when unknown, expired or the staff member left. */
export async function findStaffSession(db: Db, token: string, now: Date): Promise<LiveSession | null> {
  const row = await db.staffSession.findUnique({ where: { id: digestToken(token) }, include: { staff: true } });
  if (!row || row.expiresAt <= now || !row.staff.active) return null;
  const { staff, ...session } = row;
  if (now.getTime() - session.lastSeenAt.getTime() >= TOUCH_EVERY_MS && session.method === 'password') {
    const expiresAt = new Date(Math.min(now.getTime() + SESSION_IDLE_MS, session.createdAt.getTime() + SESSION_MAX_MS));
    await db.staffSession.update({ where: { id: session.id }, data: { lastSeenAt: now, expiresAt } });
    return { session: { ...session, lastSeenAt: now, expiresAt }, staff };
  }
  return { session, staff };
}

export async function endStaffSession(db: Db, token: string): Promise<void> {
  await db.staffSession.deleteMany({ where: { id: digestToken(token) } });
}

/** Signs the staff member out everywhere (a new password, a deactivated account). */
export async function endAllStaffSessions(db: Db, staffId: string): Promise<number> {
  return (await db.staffSession.deleteMany({ where: { staffId } })).count;
}
