// One-time links that let a staff member set their own web password. The link carries a
// random token (in the URL's fragment, so it reaches neither server logs nor Referer
// headers); the store keeps its digest. A new invite replaces the staff member's earlier
// unused ones; accepting one sets the password and signs them out everywhere else.
import type { Staff } from '../../generated/prisma/client.js';
import type { Db } from '../../store/createPrisma.js';
import { digestToken, newSecretToken } from '../../infra/secretToken.js';
import { hashPassword, passwordProblem } from './hashPassword.js';
import { endAllStaffSessions } from './staffSessions.js';

export const INVITE_TTL_MS = 72 * 3_600_000;

/** The path of the page that takes an invite; the token follows after `#`. */
export const INVITE_PATH = '/staff/invite';

export function inviteLink(baseUrl: string, token: string): string {
  return `${baseUrl.replace(/\/+$/, '')}${INVITE_PATH}#${token}`;
}

export async function createStaffInvite(
  db: Db,
  args: { storeId: string; staffId: string; now: Date; createdBy?: string; ttlMs?: number },
): Promise<{ token: string; expiresAt: Date; staff: Staff } | { error: 'no_such_staff' }> {
  const staff = await db.staff.findFirst({ where: { id: args.staffId, storeId: args.storeId, active: true } });
  if (!staff) return { error: 'no_such_staff' };
  const token = newSecretToken();
  const expiresAt = new Date(args.now.getTime() + (args.ttlMs ?? INVITE_TTL_MS));
  await db.$transaction([
    db.staffInvite.updateMany({ where: { staffId: staff.id, usedAt: null, expiresAt: { gt: args.now } }, data: { expiresAt: args.now } }),
    db.staffInvite.create({ data: { id: digestToken(token), staffId: staff.id, createdBy: args.createdBy, createdAt: args.now, expiresAt } }),
    db.auditLog.create({
      data: {
        actorType: args.createdBy ? 'staff' : 'cli',
        actorId: args.createdBy,
        action: 'staff.invite',
        subjectType: 'staff',
        subjectId: staff.id,
        detail: { expiresAt: expiresAt.toISOString() },
        createdAt: args.now,
      },
    }),
  ]);
  return { token, expiresAt, staff };
}

/** Ends an unused invite at once (it could not be delivered). */
export async function revokeStaffInvite(db: Db, token: string, now: Date): Promise<void> {
  await db.staffInvite.updateMany({ where: { id: digestToken(token), usedAt: null }, data: { expiresAt: now } });
}

type InviteProblem = 'invalid' | 'expired' | 'used';

/** Whose invite this is, for the page to greet them; nothing changes. */
export async function readStaffInvite(db: Db, token: string, now: Date): Promise<{ staff: Staff; expiresAt: Date } | { error: InviteProblem }> {
  const invite = await db.staffInvite.findUnique({ where: { id: digestToken(token) }, include: { staff: true } });
  if (!invite || !invite.staff.active) return { error: 'invalid' };
  if (invite.usedAt) return { error: 'used' };
  if (invite.expiresAt <= now) return { error: 'expired' };
  return { staff: invite.staff, expiresAt: invite.expiresAt };
}

type AcceptResult = { ok: true; staff: Staff } | { ok: false; reason: InviteProblem | NonNullable<ReturnType<typeof passwordProblem>> };

export async function acceptStaffInvite(db: Db, args: { token: string; password: string; now: Date }): Promise<AcceptResult> {
  const { now } = args;
  const found = await readStaffInvite(db, args.token, now);
  if ('error' in found) return { ok: false, reason: found.error };
  const problem = passwordProblem(args.password);
  if (problem) return { ok: false, reason: problem };
  const passwordHash = await hashPassword(args.password);
  const id = digestToken(args.token);
  const staff = await db.$transaction(async (tx) => {
    // the claim: two submissions of the same link set one password
    const { count } = await tx.staffInvite.updateMany({ where: { id, usedAt: null, expiresAt: { gt: now } }, data: { usedAt: now } });
    if (count !== 1) return null;
    const updated = await tx.staff.update({
      where: { id: found.staff.id },
      data: { passwordHash, passwordSetAt: now, failedSignIns: 0, lockedUntil: null },
    });
    await tx.auditLog.create({
      data: { actorType: 'staff', actorId: updated.id, action: 'staff.password_set', subjectType: 'staff', subjectId: updated.id, createdAt: now },
    });
    return updated;
  });
  if (!staff) return { ok: false, reason: 'used' };
  await endAllStaffSessions(db, staff.id);
  return { ok: true, staff };
}
