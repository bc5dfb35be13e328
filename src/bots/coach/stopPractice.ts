// Ending a role-play early ("/practice stop", its stop button, or "stop practice" typed in
// it): recorded as incomplete, with no score, and the chat's pointer dropped.
import type { StaffTurn } from '../../core/turnRoutes.js';
import { abandonPracticeSession } from '../../sales/practice/practiceSessions.js';
import { practiceSlot } from './practiceSlot.js';
import { PR } from './practiceTexts.js';
import { findPracticeToStop, inSessionLang } from './readPracticeSession.js';

/** Ends the named role-play, or the staff member's running one, as incomplete. */
export async function stopPractice(ctx: StaffTurn, sessionId?: string) {
  const session = await findPracticeToStop(ctx, sessionId);
  if (!session || !(await abandonPracticeSession(ctx.db, session.id, ctx.now))) {
    practiceSlot.clear(ctx);
    return ctx.reply({ text: ctx.say(PR.nothingToStop) });
  }
  if (!ctx.msg.threadKey) practiceSlot.clear(ctx);
  const c = inSessionLang(ctx, session);
  ctx.reply({ text: c.say(PR.stopped) });
}
