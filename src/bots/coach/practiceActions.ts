// The practice buttons' values as patterns: the bot's routes read them and its replies
// build them from the same patterns, so what a card offers and what the bot reads cannot
// drift apart. Also the buttons offered once a role-play is over (after the score, and
// when a trainee writes into a finished one's thread).
import type { TurnContext } from '../../core/bot.js';
import { actionValue } from '../../core/turnRoutes.js';
import type { CoachingSession } from '../../generated/prisma/client.js';
import type { StoredScenario } from '../../sales/practice/practiceSessions.js';
import { PR } from './practiceTexts.js';

/** The practice buttons: the bot reads and builds their values from these patterns. */
export const PRACTICE_ACTION = {
  start: 'practice:start:{objectionId?}',
  history: 'practice:history:{who?}',
  show: 'practice:show:{sessionId?}',
  stop: 'practice:stop:{sessionId?}',
  /** the bare 'practice' (another scenario); an unknown verb starts one too */
  another: 'practice:{verb?}',
  /** any other practice value, which has always started a new role-play */
  other: 'practice:{verb*}',
} as const;

/** The same objection again, another one, or the trainee's history. */
export function againButtons(ctx: TurnContext, session: CoachingSession) {
  const objectionId = (session.scenario as unknown as StoredScenario | null)?.objectionId ?? '';
  return [
    { label: ctx.say(PR.again), value: actionValue(PRACTICE_ACTION.start, { objectionId }) },
    { label: ctx.say(PR.another), value: actionValue(PRACTICE_ACTION.another, {}) },
    { label: ctx.say(PR.history), value: actionValue(PRACTICE_ACTION.history, {}) },
  ];
}
