// Role-play practice sessions as CoachingSession rows: kind 'practice' (what the board's
// weekly ranking counts), the scenario, the transcript (turns and, once scored, the
// review), score 0–100, passed, status active | completed | abandoned, startedAt/endedAt.
// Who may read whose: oneself; a sales manager their team; a store manager everyone.
import type { CoachingSession, Prisma, Staff } from '../../generated/prisma/client.js';
import type { Db } from '../../store/createPrisma.js';
import type { Review } from './practiceRubric.js';
import type { PracticeScenario } from './practiceScenario.js';

/** The CoachingSession kind of a role-play (computeBoard's weekly `practice` reads this kind). */
export const PRACTICE_KIND = 'practice';
/** A practice nobody answers for this long is abandoned (conversation state TTL and the expiry job). */
export const PRACTICE_TTL_MS = 30 * 60_000;

export interface PracticeTurn {
  role: 'customer' | 'trainee';
  text: string;
  at: string;
  /** For customer turns: worded by the LLM or scripted from the playbook. */
  by?: 'llm' | 'script';
}

interface PracticeTranscript {
  turns: PracticeTurn[];
  review?: Review;
}

export type StoredScenario = PracticeScenario & { lang: 'zh' | 'en' };

export async function startPracticeSession(
  db: Db,
  a: { staffId: string; scenario: StoredScenario; turns: PracticeTurn[]; now: Date },
): Promise<CoachingSession> {
  return db.coachingSession.create({
    data: {
      staffId: a.staffId,
      kind: PRACTICE_KIND,
      scenario: a.scenario as unknown as Prisma.InputJsonValue,
      transcript: { turns: a.turns } as unknown as Prisma.InputJsonValue,
      status: 'active',
      startedAt: a.now,
    },
  });
}

/** The active session's transcript so far; false when it is no longer active (expired meanwhile). */
export async function saveTurns(db: Db, id: string, turns: PracticeTurn[]): Promise<boolean> {
  const { count } = await db.coachingSession.updateMany({
    where: { id, status: 'active' },
    data: { transcript: { turns } as unknown as Prisma.InputJsonValue },
  });
  return count === 1;
}

export async function completePracticeSession(db: Db, id: string, a: { turns: PracticeTurn[]; review: Review; now: Date }): Promise<boolean> {
  const { count } = await db.coachingSession.updateMany({
    where: { id, status: 'active' },
    data: {
      transcript: { turns: a.turns, review: a.review } as unknown as Prisma.InputJsonValue,
      score: a.review.score,
      passed: a.review.passed,
      status: 'completed',
      endedAt: a.now,
    },
  });
  return count === 1;
}

/** Names the message a session's thread hangs off (the outbox key of its first message). */
export async function setPracticeThread(db: Db, id: string, threadKey: string): Promise<void> {
  await db.coachingSession.update({ where: { id }, data: { threadKey } });
}

/** The staff member's role-play in the thread under `threadKey`, in any status; null when the thread is not one. */
export function findPracticeByThread(db: Db, staffId: string, threadKey: string): Promise<CoachingSession | null> {
  return db.coachingSession.findFirst({ where: { threadKey, staffId, kind: PRACTICE_KIND } });
}

/** The staff member's running role-play, if any (one at a time: starting one ends the last). */
export function findActivePractice(db: Db, staffId: string): Promise<CoachingSession | null> {
  return db.coachingSession.findFirst({ where: { staffId, kind: PRACTICE_KIND, status: 'active' }, orderBy: { startedAt: 'desc' } });
}

/** Ends every running role-play of the staff member as incomplete; how many. */
export async function abandonActivePractice(db: Db, staffId: string, now: Date): Promise<number> {
  const { count } = await db.coachingSession.updateMany({
    where: { staffId, kind: PRACTICE_KIND, status: 'active' },
    data: { status: 'abandoned', endedAt: now, score: null, passed: null },
  });
  return count;
}

/** Recorded as incomplete: no score, no verdict. */
export async function abandonPracticeSession(db: Db, id: string, now: Date): Promise<boolean> {
  const { count } = await db.coachingSession.updateMany({
    where: { id, status: 'active' },
    data: { status: 'abandoned', endedAt: now, score: null, passed: null },
  });
  return count === 1;
}

export function readTranscript(s: Pick<CoachingSession, 'transcript'>): PracticeTranscript {
  const t = s.transcript as unknown as PracticeTranscript | null;
  return { turns: Array.isArray(t?.turns) ? t.turns : [], review: t?.review };
}

/**
 * Closes active practice sessions whose last turn is older than `ttlMs` as abandoned;
 * returns how many.
 */
export async function expirePracticeSessions(db: Db, now: Date, ttlMs = PRACTICE_TTL_MS): Promise<number> {
  const cutoff = now.getTime() - ttlMs;
  const stale = await db.coachingSession.findMany({ where: { kind: PRACTICE_KIND, status: 'active', startedAt: { lte: new Date(cutoff) } } });
  let closed = 0;
  for (const s of stale) {
    const last = Math.max(
      s.startedAt.getTime(),
      ...readTranscript(s)
        .turns.map((t) => Date.parse(t.at))
        .filter((n) => Number.isFinite(n)),
    );
    if (last > cutoff) continue;
    if (await abandonPracticeSession(db, s.id, now)) closed++;
  }
  return closed;
}

type Viewer = Pick<Staff, 'id' | 'role' | 'teamId' | 'storeId'>;

/** Oneself; a sales manager their team's members; a store manager the whole store. */
export function canReadPracticeOf(viewer: Viewer, target: Pick<Staff, 'id' | 'teamId' | 'storeId'>): boolean {
  if (viewer.storeId !== target.storeId) return false;
  if (viewer.id === target.id) return true;
  if (viewer.role === 'store_manager') return true;
  return viewer.role === 'sales_manager' && !!viewer.teamId && viewer.teamId === target.teamId;
}

/** A staff member of the viewer's store named by id or (part of) a name; null when none or several. */
export async function findStaffByQuery(db: Db, storeId: string, query: string): Promise<Staff | null> {
  const q = query.trim().toLowerCase();
  if (!q) return null;
  const staff = await db.staff.findMany({ where: { storeId } });
  const exact = staff.filter((s) => s.id.toLowerCase() === q || s.nameZh === query.trim() || s.nameEn.toLowerCase() === q);
  if (exact.length === 1) return exact[0];
  const partial = staff.filter((s) => s.nameZh.includes(query.trim()) || s.nameEn.toLowerCase().includes(q));
  return partial.length === 1 ? partial[0] : null;
}

export type SessionWithStaff = CoachingSession & { staff: Staff };

/** Recent practice sessions the viewer may read: of one staff member, or (managers) of everyone in scope. */
export async function listPracticeSessions(db: Db, viewer: Viewer, a: { staffId?: string; take?: number }): Promise<SessionWithStaff[]> {
  const scope: Prisma.StaffWhereInput =
    viewer.role === 'store_manager'
      ? { storeId: viewer.storeId }
      : viewer.role === 'sales_manager' && viewer.teamId
        ? { storeId: viewer.storeId, OR: [{ teamId: viewer.teamId }, { id: viewer.id }] }
        : { id: viewer.id };
  return db.coachingSession.findMany({
    where: { kind: PRACTICE_KIND, staff: scope, ...(a.staffId ? { staffId: a.staffId } : {}) },
    include: { staff: true },
    orderBy: { startedAt: 'desc' },
    take: a.take ?? 10,
  });
}

/** One session if the viewer may read it; 'denied' (audited) or null when there is none. */
export async function loadPracticeSession(db: Db, viewer: Viewer, id: string, now: Date): Promise<SessionWithStaff | 'denied' | null> {
  const s = await db.coachingSession.findFirst({ where: { id, kind: PRACTICE_KIND }, include: { staff: true } });
  if (!s) return null;
  if (canReadPracticeOf(viewer, s.staff)) return s;
  await recordPracticeDenied(db, viewer, s.staffId, now);
  return 'denied';
}

export async function recordPracticeDenied(db: Db, viewer: Viewer, subjectStaffId: string, now: Date): Promise<void> {
  await db.auditLog.create({
    data: {
      actorType: 'staff',
      actorId: viewer.id,
      action: 'access_denied',
      subjectType: 'staff',
      subjectId: subjectStaffId,
      detail: { attempted: 'practice:read', role: viewer.role },
      createdAt: now,
    },
  });
}
