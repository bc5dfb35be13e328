// Practice's session reading: which of the trainee's role-plays a turn is about. A text
// finds it by the thread it was written in (Slack) or by the chat's pointer (the web chat,
// a DM outside the thread); a stop finds the one its button names or the trainee's running
// one. Every read is scoped to the staff member, so nobody answers or ends another's
// role-play. Also the turn in the language the role-play started in.
import { fill, type Bilingual, type TextParams } from '../../core/i18n.js';
import type { StaffTurn } from '../../core/turnRoutes.js';
import type { CoachingSession } from '../../generated/prisma/client.js';
import { findActivePractice, findPracticeByThread, type StoredScenario } from '../../sales/practice/practiceSessions.js';
import { practiceSlot } from './practiceSlot.js';

/**
 * The role-play this text answers: the one whose thread it was written in (Slack), or the
 * one the chat's state points at (the web chat, or a Slack DM outside the thread). A
 * thread that is not a role-play's is left to the other bots.
 */
export async function readPracticeSession(ctx: StaffTurn): Promise<CoachingSession | null> {
  if (ctx.msg.threadKey) return findPracticeByThread(ctx.db, ctx.actor.staff.id, ctx.msg.threadKey);
  const id = practiceSlot.get(ctx)?.sessionId;
  if (typeof id !== 'string') return null;
  return ctx.db.coachingSession.findFirst({ where: { id, staffId: ctx.actor.staff.id } });
}

/** The running role-play a stop names, or the staff member's running one. */
export async function findPracticeToStop(ctx: StaffTurn, sessionId?: string): Promise<CoachingSession | null> {
  return sessionId
    ? await ctx.db.coachingSession.findFirst({ where: { id: sessionId, staffId: ctx.actor.staff.id, status: 'active' } })
    : await findActivePractice(ctx.db, ctx.actor.staff.id);
}

/** The turn's context in the session's language (the role-play keeps the language it started in). */
export function inSessionLang(ctx: StaffTurn, session: CoachingSession): StaffTurn {
  const lang = (session.scenario as unknown as StoredScenario | null)?.lang ?? ctx.lang;
  return lang === ctx.lang ? ctx : { ...ctx, lang, say: (t: Bilingual, p?: TextParams) => fill(lang, t, p) };
}
