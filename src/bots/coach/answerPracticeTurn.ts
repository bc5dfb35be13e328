// One trainee reply in a running role-play: it joins the transcript, and the customer
// answers, or after the last reply the customer has a last word and the role-play is
// scored and stored. Replies go in the role-play's thread; the chat's pointer follows the
// session while it runs and is dropped once it ends.
import type { OutboundMessage } from '../../core/message.js';
import type { StaffTurn } from '../../core/turnRoutes.js';
import type { CoachingSession } from '../../generated/prisma/client.js';
import {
  abandonPracticeSession,
  completePracticeSession,
  PRACTICE_TTL_MS,
  readTranscript,
  saveTurns,
  type StoredScenario,
} from '../../sales/practice/practiceSessions.js';
import { againButtons } from './practiceActions.js';
import { customerLine, reviewPractice } from './practiceCustomer.js';
import type { PracticeBotDeps } from './practiceDeps.js';
import { practiceSlot } from './practiceSlot.js';
import { PR } from './practiceTexts.js';
import { practiceWorldOf } from './practiceWorld.js';
import { inSessionLang } from './readPracticeSession.js';
import { renderPracticeReview } from './renderPracticeReview.js';

export async function answerPracticeTurn(ctx: StaffTurn, deps: PracticeBotDeps, totalTurns: number, session: CoachingSession, text: string) {
  const c = inSessionLang(ctx, session);
  const world = practiceWorldOf(deps, session.scenario as unknown as StoredScenario, c.lang, session.startedAt, ctx.store.timezone, totalTurns);
  const thread = session.threadKey ?? undefined;
  const say = (m: OutboundMessage) => ctx.reply({ ...m, ...(thread ? { thread } : {}) });
  if (!world) {
    await abandonPracticeSession(ctx.db, session.id, ctx.now);
    return expired(ctx, c);
  }
  // answered outside the role-play's thread: the answer goes in the thread, and a line here says so
  if (ctx.msg.threads && thread && !ctx.msg.threadKey) ctx.reply({ text: c.say(PR.answeredInThread) });
  const turns = readTranscript(session).turns;
  turns.push({ role: 'trainee', text: text.slice(0, 2000), at: ctx.now.toISOString() });
  const n = turns.filter((t) => t.role === 'trainee').length;

  if (n < totalTurns) {
    const line = await customerLine(world, { llm: deps.llm, turns, n, log: ctx.log });
    turns.push({ role: 'customer', text: line.text, at: ctx.now.toISOString(), by: line.by });
    if (!(await saveTurns(ctx.db, session.id, turns))) return expired(ctx, c);
    if (!ctx.msg.threadKey) practiceSlot.set(ctx, { sessionId: session.id }, PRACTICE_TTL_MS);
    return say({ text: `${c.say(PR.customer, { text: line.text })}\n${c.say(PR.round, { n: n + 1, total: totalTurns })}` });
  }

  // the customer's last word and the score are independent: wait for both at once, so the
  // last turn is bounded by one LLM timeout, not two
  const scored = turns.slice();
  const [line, review] = await Promise.all([
    customerLine(world, { llm: deps.llm, turns, n, log: ctx.log }),
    reviewPractice(world, { llm: deps.llm, turns: scored, log: ctx.log }),
  ]);
  turns.push({ role: 'customer', text: line.text, at: ctx.now.toISOString(), by: line.by });
  const done = await completePracticeSession(ctx.db, session.id, { turns, review, now: ctx.now });
  if (!ctx.msg.threadKey) practiceSlot.clear(ctx);
  if (!done) return expired(ctx, c);
  say({ text: c.say(PR.customer, { text: line.text }) });
  say({ text: renderPracticeReview(c, review, world.passMark), buttons: againButtons(c, session) });
}

/** The role-play ended under the trainee (expired, or its objection left the store data). */
function expired(ctx: StaffTurn, c: StaffTurn) {
  if (!ctx.msg.threadKey) practiceSlot.clear(ctx);
  ctx.reply({ text: c.say(PR.expired) });
}
