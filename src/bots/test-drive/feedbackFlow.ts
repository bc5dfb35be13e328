// The customer's word after the drive: a 1-5 score from the question the booking
// scheduled (scheduleBookingMessages) or typed as text, then an optional comment. A score
// is taken only for the customer's own drive once its slot has begun.
import { action, type CustomerTurn, type Route } from '../../core/turnRoutes.js';
import { RATE_DRIVE } from './testDriveActions.js';
import { draftSlot, FLOW_TTL_MS } from './testDriveState.js';
import { TD } from './testDriveTexts.js';
import type { TextTurn } from './textTurn.js';

/** The score buttons of the feedback question. */
export function feedbackButtons(): Route<CustomerTurn>[] {
  return [action(RATE_DRIVE, (ctx, { bookingId, score }) => recordFeedback(ctx, bookingId, Number(score)))];
}

async function recordFeedback(ctx: CustomerTurn, bookingId: string, score: number) {
  const customer = ctx.actor.customer;
  const { count } = await ctx.db.testDriveBooking.updateMany({
    where: { id: bookingId, customerId: customer.id, slotStart: { lte: ctx.now } },
    data: { feedbackScore: score },
  });
  if (!count) return void ctx.reply({ text: ctx.say(TD.expired) });
  draftSlot.set(ctx, { kind: 'feedback', bookingId }, FLOW_TTL_MS);
  ctx.reply({ text: ctx.say(TD.feedbackThanks) });
}

/** An optional comment after a feedback score. */
export async function takeFeedbackComment({ ctx, text, state }: TextTurn): Promise<boolean> {
  if (state?.kind !== 'feedback') return false;
  await ctx.db.testDriveBooking.update({ where: { id: state.bookingId }, data: { feedbackComment: text.slice(0, 1000) } });
  draftSlot.clear(ctx);
  ctx.reply({ text: ctx.say(TD.feedbackCommentThanks) });
  return true;
}

/** A rating typed instead of pressed, for the latest drive still waiting for one. */
export async function takeTypedRating({ ctx, text }: TextTurn): Promise<boolean> {
  const rating = text.trim().match(/^([1-5])\s*(分|stars?|\/\s*5)?$/i);
  if (!rating) return false;
  const pending = await ctx.db.testDriveBooking.findFirst({
    where: {
      customerId: ctx.actor.customer.id,
      feedbackScore: null,
      status: { in: ['booked', 'completed'] },
      slotStart: { lte: ctx.now, gte: new Date(ctx.now.getTime() - 3 * 86_400_000) },
    },
    orderBy: { slotStart: 'desc' },
  });
  if (!pending) return false;
  await recordFeedback(ctx, pending.id, Number(rating[1]));
  return true;
}
