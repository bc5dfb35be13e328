// The test-drive bot: booking a drive (bookingFlow), moving or cancelling it
// (moveOrCancelFlow) and the feedback after it (feedbackFlow). This file only decides
// which flow answers a turn, in one place, since the order of the checks is the behaviour.
import type { Bot } from '../../core/bot.js';
import { isCustomerTurn } from '../../core/turnRoutes.js';
import { advanceBooking, answerBookingQuestion, changeBooking, confirmBooking, keepSharedContact, startBookingByText } from './bookingFlow.js';
import { recordFeedback, takeFeedbackComment, takeTypedRating } from './feedbackFlow.js';
import {
  askCancel, executeCancel, executeMove, findOwnLiveBooking, keepBooking, proposeMove, startCancelByText, startMoveByText, takeNewTimeForMove,
} from './moveOrCancelFlow.js';
import type { TestDriveDeps } from './testDriveDeps.js';
import type { Draft, TdState } from './testDriveState.js';
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

export function createTestDriveBot(deps: TestDriveDeps): Bot {
  return {
    name: 'test-drive',
    sides: ['customer'],
    async handle(ctx) {
      if (!isCustomerTurn(ctx)) return false;
      const state = ctx.state.td as TdState | undefined;
      const action = ctx.msg.action;

      if (action === 'book_test_drive') {
        await advanceBooking(ctx, deps, { kind: 'book' });
        return true;
      }
      if (action?.startsWith('td:')) {
        const [, verb, a, b] = action.split(':');
        const draft: Draft = state?.kind === 'book' ? state : { kind: 'book' };
        if (verb === 'model') return done(advanceBooking(ctx, deps, { ...draft, modelId: a }));
        if (verb === 'slot') {
          const [date, time] = action.slice('td:slot:'.length).split('T');
          return done(advanceBooking(ctx, deps, { ...draft, date, time }));
        }
        if (verb === 'confirm') return done(confirmBooking(ctx, deps, draft));
        if (verb === 'change') return done(changeBooking(ctx, deps, draft, a));
        if (verb === 'move') {
          const [date, time] = action.slice(`td:move:${a}:`.length).split('T');
          return done(executeMove(ctx, deps, a, date, time));
        }
        if (verb === 'cancel') return done(executeCancel(ctx, deps, a));
        if (verb === 'askmove' || verb === 'askcancel') {
          const booking = await findOwnLiveBooking(ctx, a);
          if (!booking) return done(ctx.reply({ text: ctx.say(TD.expired) }));
          return done(verb === 'askmove' ? proposeMove(ctx, deps, booking, undefined, undefined) : askCancel(ctx, deps, booking));
        }
        if (verb === 'keep') return done(keepBooking(ctx, deps));
        if (verb === 'fb') return done(recordFeedback(ctx, a, Number(b)));
        ctx.reply({ text: ctx.say(TD.expired) });
        return true;
      }
      const turn = readTextTurn(ctx, deps, state);
      if (!turn) return false;
      for (const step of TEXT_STEPS) {
        if (await step(turn, deps)) return true;
      }
      return false;
    },
  };
}

async function done(step: unknown): Promise<true> {
  await step;
  return true;
}
