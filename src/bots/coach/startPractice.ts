// Starting a role-play: the trainee's running one is given up (one at a time), a scenario
// is picked from their words, the customer's opening line is worded and the session is
// stored; the intro is the thread's root, so the role-play goes on under it on Slack.
import type { TurnContext } from '../../core/bot.js';
import { actionValue, type StaffTurn } from '../../core/turnRoutes.js';
import { pickScenario } from '../../sales/practice/practiceScenario.js';
import {
  abandonActivePractice,
  PRACTICE_TTL_MS,
  setPracticeThread,
  startPracticeSession,
  type PracticeTurn,
  type StoredScenario,
} from '../../sales/practice/practiceSessions.js';
import { PRACTICE_ACTION } from './practiceActions.js';
import { customerLine } from './practiceCustomer.js';
import { passMarkOf, type PracticeBotDeps } from './practiceDeps.js';
import { practiceSlot } from './practiceSlot.js';
import { PR } from './practiceTexts.js';
import { practiceWorldOf } from './practiceWorld.js';

export async function startPractice(ctx: StaffTurn, deps: PracticeBotDeps, totalTurns: number, words: string) {
  // one role-play at a time, wherever the last one was started
  const replaced = (await abandonActivePractice(ctx.db, ctx.actor.staff.id, ctx.now)) > 0;
  if (!deps.data.objections.length) return ctx.reply({ text: ctx.say(PR.notFound) });
  const scenario = pickScenario(
    { words, seed: `${ctx.actor.staff.id}:${ctx.now.toISOString()}:${words}` },
    { objections: deps.data.objections, models: deps.data.catalog.models, classify: safeClassify(deps, ctx) },
  );
  const world = practiceWorldOf(deps, scenario, ctx.lang, ctx.now, ctx.store.timezone, totalTurns)!;
  const opening = await customerLine(world, { llm: deps.llm, turns: [], n: 0, log: ctx.log });
  const turns: PracticeTurn[] = [{ role: 'customer', text: opening.text, at: ctx.now.toISOString(), by: opening.by }];
  const stored: StoredScenario = { ...scenario, lang: ctx.lang };
  const session = await startPracticeSession(ctx.db, { staffId: ctx.actor.staff.id, scenario: stored, turns, now: ctx.now });
  // the chat points at it too: the web chat has no threads, and a Slack trainee may answer outside the thread
  practiceSlot.set(ctx, { sessionId: session.id }, PRACTICE_TTL_MS);

  const intro = [
    ...(replaced ? [ctx.say(PR.replaced)] : []),
    ctx.say(PR.intro, {
      objection: world.objection.name[ctx.lang],
      persona: world.persona.name[ctx.lang],
      model: world.model.name[ctx.lang],
      difficulty: ctx.say(PR.difficulty[scenario.difficulty]),
      turns: totalTurns,
      pass: passMarkOf(deps),
    }),
    ...(ctx.msg.threads ? [ctx.say(PR.inThread)] : []),
    ...(deps.llm ? [] : [ctx.say(PR.noLlm)]),
  ].join('\n');
  // the intro is the thread's root: the customer's lines, the trainee's and the score go under it
  const root = ctx.reply({ text: intro, buttons: [{ label: ctx.say(PR.stopButton), value: actionValue(PRACTICE_ACTION.stop, { sessionId: session.id }) }] });
  await setPracticeThread(ctx.db, session.id, root);
  ctx.reply({ text: `${ctx.say(PR.customer, { text: opening.text })}\n${ctx.say(PR.round, { n: 1, total: totalTurns })}`, thread: root });
}

/** The injected classifier, never allowed to break a start. */
function safeClassify(deps: PracticeBotDeps, ctx: TurnContext): ((words: string) => string | null) | undefined {
  const classify = deps.classify;
  if (!classify) return undefined;
  return (words) => {
    try {
      return classify(words);
    } catch (err) {
      ctx.log.warn({ err }, 'practice: objection classifier failed, keyword overlap used');
      return null;
    }
  };
}
