// A staff text while a role-play may be running: the trainee's reply, their "stop
// practice", or a text for a role-play that is over. Whether it is any of these takes
// reading the session, so the bot tries it after its routes; false lets the text pass on
// to the other bots (the coach among them).
import type { StaffTurn } from '../../core/turnRoutes.js';
import type { CoachingSession } from '../../generated/prisma/client.js';
import { answerPracticeTurn } from './answerPracticeTurn.js';
import { againButtons } from './practiceActions.js';
import type { PracticeBotDeps } from './practiceDeps.js';
import { practiceSlot } from './practiceSlot.js';
import { PR } from './practiceTexts.js';
import { inSessionLang, readPracticeSession } from './readPracticeSession.js';
import { stopPractice } from './stopPractice.js';

const STOP_TEXT = /^\s*(结束练习|退出练习|停止练习|stop practice|end practice|quit practice)\s*$/i;

/** A text in a running role-play: the trainee's reply, or their "stop practice". */
export async function answerPracticeText(ctx: StaffTurn, deps: PracticeBotDeps, totalTurns: number): Promise<boolean> {
  const said = ctx.msg.kind === 'text' ? ctx.msg.text : undefined;
  if (!said?.trim()) return false;
  // another bot's command (/customer, /lead…) passes through; the practice waits
  if (/^\s*\//.test(said)) return false;
  const session = await readPracticeSession(ctx);
  if (!session) return false;
  if (session.status !== 'active') return onEnded(ctx, session);
  if (STOP_TEXT.test(said)) {
    await stopPractice(ctx, session.id);
    return true;
  }
  await answerPracticeTurn(ctx, deps, totalTurns, session, said.trim());
  return true;
}

/**
 * A text for a role-play that is over. In its thread, or after it ran out of time, the
 * trainee hears so; a finished one the chat still pointed at lets the text pass on.
 */
async function onEnded(ctx: StaffTurn, session: CoachingSession): Promise<boolean> {
  const inThread = !!ctx.msg.threadKey;
  if (!inThread) practiceSlot.clear(ctx);
  if (session.status === 'completed' && !inThread) return false;
  const c = inSessionLang(ctx, session);
  if (session.status === 'completed') ctx.reply({ text: c.say(PR.finished, { score: session.score ?? 0 }), buttons: againButtons(c, session) });
  else ctx.reply({ text: c.say(PR.expired) });
  return true;
}
