// Role-play practice for staff (issue 7): "/practice [objection id, words or scenario]"
// (a command, a typed text on the web staff side, or the 'practice' button) starts a
// scenario; the bot plays the customer for PRACTICE_TURNS trainee replies, kept in the
// staff member's conversation state with a TTL, then scores against the rubric and stores
// a CoachingSession. "/practice history [staff]" and "/practice show <id>" let a trainee
// read their own sessions, a sales manager their team's and a store manager everyone's.
// This file only routes a turn: starting (startPractice), a text in a role-play
// (answerPracticeText), stopping (stopPractice) and the records (showPracticeRecords).
import type { Bot } from '../../core/bot.js';
import { action, command, isStaffTurn, staffBot, type StaffTurn } from '../../core/turnRoutes.js';
import { answerPracticeText } from './answerPracticeText.js';
import { PRACTICE_ACTION } from './practiceActions.js';
import type { PracticeBotDeps } from './practiceDeps.js';
import { createPracticeExpiryJob } from './practiceExpiryJob.js';
import { showPracticeHistory, showPracticeSession } from './showPracticeRecords.js';
import { startPractice } from './startPractice.js';
import { stopPractice } from './stopPractice.js';

export { createPracticeExpiryJob } from './practiceExpiryJob.js';
export type { PracticeBotDeps } from './practiceDeps.js';

/** Trainee replies per session before scoring. */
export const PRACTICE_TURNS = 3;

const COMMAND_NAMES = ['practice', '练习', '陪练'];
const SUB_HISTORY = /^(history|records?|历史|记录)(?:\s+([\s\S]*))?$/i;
const SUB_SHOW = /^(show|open|查看)\s+(\S+)$/i;
const SUB_STOP = /^(stop|end|quit|cancel|结束|退出|停止|取消)$/i;

export function createPracticeBot(deps: PracticeBotDeps): Bot {
  const totalTurns = deps.turns ?? deps.data.salesRules?.practice.turns ?? PRACTICE_TURNS;
  const routes = staffBot({
    name: 'practice',
    jobs: (env) => [createPracticeExpiryJob(env.db)],
    routes: [
      action(PRACTICE_ACTION.start, (ctx, p) => startPractice(ctx, deps, totalTurns, p.objectionId ?? '')),
      action(PRACTICE_ACTION.history, (ctx, p) => showPracticeHistory(ctx, deps, p.who ?? '')),
      action(PRACTICE_ACTION.show, (ctx, p) => showPracticeSession(ctx, deps, p.sessionId ?? '')),
      action(PRACTICE_ACTION.stop, (ctx, p) => stopPractice(ctx, p.sessionId)),
      action(PRACTICE_ACTION.another, (ctx) => startPractice(ctx, deps, totalTurns, '')),
      action(PRACTICE_ACTION.other, (ctx) => startPractice(ctx, deps, totalTurns, '')),
      command(COMMAND_NAMES, (ctx, args) => runPracticeCommand(ctx, deps, totalTurns, args)),
    ],
  });
  return {
    ...routes,
    // whether a text is a trainee's reply takes reading their session, so it is tried after the routes
    handle: async (ctx) => (await routes.handle(ctx)) || (isStaffTurn(ctx) ? answerPracticeText(ctx, deps, totalTurns) : false),
  };
}

/** "/practice history [staff]", "/practice show <id>", "/practice stop", or else a start from the words. */
async function runPracticeCommand(ctx: StaffTurn, deps: PracticeBotDeps, totalTurns: number, args: string) {
  const history = args.match(SUB_HISTORY);
  if (history) return showPracticeHistory(ctx, deps, (history[2] ?? '').trim());
  const show = args.match(SUB_SHOW);
  if (show) return showPracticeSession(ctx, deps, show[2]);
  if (SUB_STOP.test(args)) return stopPractice(ctx);
  return startPractice(ctx, deps, totalTurns, args);
}
