// The test-drive bot: booking a drive (bookingFlow), moving or cancelling it
// (moveOrCancelFlow) and the feedback after it (feedbackFlow). This file only decides
// which flow answers a turn, in one place, since the order of the checks is the behaviour.
import type { Bot } from '../../core/bot.js';
import { isCustomerTurn, runRoutes, type CustomerTurn, type Route } from '../../core/turnRoutes.js';
import { answerBookingQuestion, bookingButtons, keepSharedContact, startBookingByText } from './bookingFlow.js';
import { feedbackButtons, takeFeedbackComment, takeTypedRating } from './feedbackFlow.js';
import { moveOrCancelButtons, startCancelByText, startMoveByText, takeNewTimeForMove } from './moveOrCancelFlow.js';
import type { TestDriveDeps } from './testDriveDeps.js';
import { TD } from './testDriveTexts.js';
import { readTextTurn, type TextStep } from './textTurn.js';

export type { TestDriveDeps } from './testDriveDeps.js';

/** Free text, tried in this order: the first step that answers ends the turn. */
const TEXT_STEPS: readonly TextStep[] = [
  keepSharedContact,
  takeFeedbackComment,
  startCancelByText,
  startMoveByText,
  takeNewTimeForMove,
  startBookingByText,
  answerBookingQuestion,
  takeTypedRating,
];

/**
 * Any other value under 'td:' (one no longer offered, or never): it has expired. A prefix,
 * not a pattern, so that every such value, however it is cut, gets this answer.
 */
const expiredButton: Route<CustomerTurn> = {
  match: (ctx) => (ctx.msg.action?.startsWith('td:') ? () => ctx.reply({ text: ctx.say(TD.expired) }) : null),
};

export function createTestDriveBot(deps: TestDriveDeps): Bot {
  const buttons = [...bookingButtons(deps), ...moveOrCancelButtons(deps), ...feedbackButtons(), expiredButton];
  return {
    name: 'test-drive',
    sides: ['customer'],
    async handle(ctx) {
      if (!isCustomerTurn(ctx)) return false;
      if (await runRoutes(ctx, buttons)) return true;
      const turn = readTextTurn(ctx, deps);
      if (!turn) return false;
      for (const step of TEXT_STEPS) {
        if (await step(turn, deps)) return true;
      }
      return false;
    },
  };
}
