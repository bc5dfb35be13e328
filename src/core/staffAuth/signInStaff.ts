// Checks a staff member's password, throttled per account in the store (so it holds
// across instances and restarts): after 5 failures in a row the account is locked for 15
// minutes. Per-address throttling is the sign-in route's rate limit. An unknown account
// costs as long as a wrong password and gets the same answer.
import type { Staff } from '../../generated/prisma/client.js';
import type { Db } from '../../store/createPrisma.js';
import { decoyHash, PASSWORD_MAX_CHARS, verifyPassword } from './hashPassword.js';

export const MAX_FAILED_SIGN_INS = 5;
export const LOCK_MS = 15 * 60_000;

type SignInResult = { ok: true; staff: Staff } | { ok: false; reason: 'invalid' } | { ok: false; reason: 'locked'; lockedUntil: Date };

/** `login` is the staff id or the e-mail address. */
export async function signInStaff(db: Db, args: { storeId: string; login: string; password: string; now: Date }): Promise<SignInResult> {
  const { storeId, now } = args;
  const login = args.login.trim();
  const staff = login
    ? await db.staff.findFirst({
        where: { storeId, active: true, OR: [{ id: login }, { email: login.toLowerCase() }, { email: login }] },
      })
    : null;
  if (!staff?.passwordHash || args.password.length > PASSWORD_MAX_CHARS) {
    await verifyPassword(args.password.slice(0, PASSWORD_MAX_CHARS), await decoyHash());
    return { ok: false, reason: 'invalid' };
  }
  if (staff.lockedUntil && staff.lockedUntil > now) return { ok: false, reason: 'locked', lockedUntil: staff.lockedUntil };

  if (await verifyPassword(args.password, staff.passwordHash)) {
    const fresh = await db.staff.update({ where: { id: staff.id }, data: { failedSignIns: 0, lockedUntil: null } });
    await audit(db, staff.id, 'staff.sign_in', now, undefined, true);
    return { ok: true, staff: fresh };
  }
  // count atomically: two wrong guesses at once both count
  const counted = await db.staff.update({ where: { id: staff.id }, data: { failedSignIns: { increment: 1 } }, select: { failedSignIns: true } });
  if (counted.failedSignIns >= MAX_FAILED_SIGN_INS) {
    const lockedUntil = new Date(now.getTime() + LOCK_MS);
    await db.staff.update({ where: { id: staff.id }, data: { failedSignIns: 0, lockedUntil } });
    await audit(db, staff.id, 'staff.locked', now, { minutes: LOCK_MS / 60_000 });
    return { ok: false, reason: 'locked', lockedUntil };
  }
  await audit(db, staff.id, 'staff.sign_in_failed', now, { failedInARow: counted.failedSignIns });
  return { ok: false, reason: 'invalid' };
}

/** A failure's actor is whoever typed the password: unknown, so not named. */
function audit(db: Db, staffId: string, action: string, now: Date, detail?: Record<string, number>, signedIn = false) {
  return db.auditLog.create({
    data: {
      actorType: signedIn ? 'staff' : 'anonymous',
      actorId: signedIn ? staffId : null,
      action,
      subjectType: 'staff',
      subjectId: staffId,
      detail,
      createdAt: now,
    },
  });
}
