// Moving and cancelling a booking by chat: asked in words ("改到周六下午3点", "取消预约")
// or from the cap's list, confirmed with a button, and only ever on the customer's own
// booking. A move books the new slot before it releases the old one, so a move that
// fails leaves the booking as it was.
import type { TestDriveBooking } from '../../generated/prisma/client.js';
import type { TurnContext } from '../../core/bot.js';
import { action, actionValue, type CustomerTurn, type Route } from '../../core/turnRoutes.js';
import { localParts } from '../../infra/storeTime.js';
import { recordInteractionOnce } from '../../sales/customers/recordInteractionOnce.js';
import { bookTestDrive, cancelBooking, findUpcomingBooking } from '../../sales/testDrives/testDriveBookings.js';
import type { Understanding } from '../../understanding/nlu/understand.js';
import { formatInstant, formatSlot } from './formatSlot.js';
import { notifyConsultant } from './notifyConsultant.js';
import { freeSlotsOnDay, offerNearest, slotButtons, slotProblem } from './offerNearest.js';
import { recordBooking } from './recordBooking.js';
import { replyTooMany } from './replyTooMany.js';
import { cancelBookingMessages, scheduleBookingMessages } from './scheduleBookingMessages.js';
import { ASK_CANCEL, ASK_MOVE, BOOK_TEST_DRIVE, CANCEL_BOOKING, KEEP_BOOKING, MOVE_BOOKING, slotValue } from './testDriveActions.js';
import { modelName, type TestDriveDeps } from './testDriveDeps.js';
import { draftSlot, FLOW_TTL_MS } from './testDriveState.js';
import { TD } from './testDriveTexts.js';
import type { TextTurn } from './textTurn.js';

/** A cancellation asked for in words. */
export async function startCancelByText({ ctx, understood }: TextTurn, deps: TestDriveDeps): Promise<boolean> {
  const u = understood();
  if (u.intent !== 'cancel') return false;
  await startCancel(ctx, deps, u);
  return true;
}

/** A move asked for in words. */
export async function startMoveByText({ ctx, understood }: TextTurn, deps: TestDriveDeps): Promise<boolean> {
  const u = understood();
  if (u.intent !== 'reschedule') return false;
  await startMove(ctx, deps, u);
  return true;
}

/** While a move waits for its new time, a date or a time is that time. */
export async function takeNewTimeForMove({ ctx, state, understood }: TextTurn, deps: TestDriveDeps): Promise<boolean> {
  const u = understood();
  if (state?.kind !== 'move' || !(u.date || u.time)) return false;
  const booking = await ctx.db.testDriveBooking.findFirst({ where: { id: state.bookingId, status: 'booked' } });
  if (!booking) return false;
  const current = localParts(booking.slotStart, deps.rules.timeZone);
  await proposeMove(ctx, deps, booking, u.date ?? current.date, u.time, u);
  return true;
}

/** The move and cancel buttons: do it, ask about one from the cap's list, or keep it. */
export function moveOrCancelButtons(deps: TestDriveDeps): Route<CustomerTurn>[] {
  return [
    action(MOVE_BOOKING, (ctx, { bookingId, slot }) => {
      const [date, time] = slot.split('T');
      return executeMove(ctx, deps, bookingId, date, time);
    }),
    action(CANCEL_BOOKING, (ctx, { bookingId }) => executeCancel(ctx, deps, bookingId)),
    action(ASK_MOVE, (ctx, { bookingId }) => withOwnLiveBooking(ctx, bookingId, (booking) => proposeMove(ctx, deps, booking, undefined, undefined))),
    action(ASK_CANCEL, (ctx, { bookingId }) => withOwnLiveBooking(ctx, bookingId, (booking) => askCancel(ctx, deps, booking))),
    action(KEEP_BOOKING, (ctx) => keepBooking(ctx, deps)),
  ];
}

/** From the cap's list: one of their own live bookings, or the button has expired. */
async function withOwnLiveBooking(ctx: CustomerTurn, bookingId: string, then: (booking: TestDriveBooking) => unknown) {
  const booking = await ctx.db.testDriveBooking.findFirst({
    where: { id: bookingId, customerId: ctx.actor.customer.id, status: 'booked', slotStart: { gt: ctx.now } },
  });
  if (!booking) return void ctx.reply({ text: ctx.say(TD.expired) });
  await then(booking);
}

/** The value of a button that moves this booking to a slot. */
const moveTo = (booking: TestDriveBooking) => (slot: string) => actionValue(MOVE_BOOKING, { bookingId: booking.id, slot });

/** Keep it: the question is dropped and the booking read back. */
async function keepBooking(ctx: CustomerTurn, deps: TestDriveDeps) {
  const customer = ctx.actor.customer;
  const booking = await findUpcomingBooking(ctx.db, customer.id, ctx.now);
  draftSlot.clear(ctx);
  ctx.reply({ text: ctx.say(TD.kept, { slot: booking ? formatInstant(booking.slotStart, deps.rules.timeZone, ctx.lang) : '' }) });
}

async function startMove(ctx: CustomerTurn, deps: TestDriveDeps, u: Understanding) {
  const customer = ctx.actor.customer;
  const booking = await findUpcomingBooking(ctx.db, customer.id, ctx.now);
  if (!booking) return void ctx.reply({ text: ctx.say(TD.noBooking), buttons: [{ label: ctx.say(TD.bookNow), value: actionValue(BOOK_TEST_DRIVE, {}) }] });
  await proposeMove(ctx, deps, booking, u.date, u.time, u);
}

/** Asks for the new time, offers it, or asks to confirm the move to it. */
async function proposeMove(
  ctx: TurnContext,
  deps: TestDriveDeps,
  booking: TestDriveBooking,
  date: string | null | undefined,
  time: string | null | undefined,
  u?: Understanding,
) {
  const model = modelName(deps, booking.modelId, ctx.lang);
  const from = formatInstant(booking.slotStart, deps.rules.timeZone, ctx.lang);
  draftSlot.set(ctx, { kind: 'move', bookingId: booking.id }, FLOW_TTL_MS);
  if (!date || !time) {
    if (date) {
      const slots = await freeSlotsOnDay(ctx, deps, { modelId: booking.modelId, date, period: u?.periodOnly, exclude: booking.slotStart });
      if (slots.length)
        return void ctx.reply({ text: ctx.say(TD.askNewTime, { slot: from, model }), buttons: slotButtons(slots.slice(0, 6), ctx.lang, moveTo(booking)) });
    }
    return void ctx.reply({ text: ctx.say(TD.askNewTime, { slot: from, model }) });
  }
  const problem = await slotProblem(ctx, deps, booking.modelId, date, time, booking.slotStart);
  if (problem) return offerNearest(ctx, deps, booking.modelId, date, time, problem, moveTo(booking), booking.slotStart);
  ctx.reply({
    text: ctx.say(TD.confirmMove, { from, to: formatSlot(date, time, ctx.lang), model }),
    buttons: [
      { label: ctx.say(TD.confirmMoveButton), value: moveTo(booking)(slotValue(date, time)) },
      { label: ctx.say(TD.keep), value: actionValue(KEEP_BOOKING, {}) },
    ],
  });
}

async function executeMove(ctx: CustomerTurn, deps: TestDriveDeps, bookingId: string, date: string, time: string) {
  const customer = ctx.actor.customer;
  // a turn run again after a crash: the move it made stands, and is confirmed again
  const previous = await ctx.db.testDriveBooking.findUnique({ where: { eventKey: ctx.eventKey } });
  const old = await ctx.db.testDriveBooking.findFirst({
    where: { id: bookingId, customerId: customer.id, status: previous ? { in: ['booked', 'cancelled'] } : 'booked' },
  });
  if (!old) return void ctx.reply({ text: ctx.say(TD.expired) });
  // Book the new slot first: if it is gone, the old booking still stands.
  const result = await bookTestDrive(ctx.db, {
    customerId: customer.id,
    modelId: old.modelId,
    date,
    time,
    rules: deps.rules,
    now: ctx.now,
    staffId: old.staffId,
    channel: ctx.msg.channel,
    conversationId: ctx.conversation.id,
    // the old booking is released right after: at the cap, a move must still go through
    replaces: old.id,
    eventKey: ctx.eventKey,
  });
  if (!result.ok) {
    if (result.reason === 'too_many') return replyTooMany(ctx, deps, customer);
    return offerNearest(ctx, deps, old.modelId, date, time, result.reason, moveTo(old), old.slotStart);
  }
  await releaseBooking(ctx, old);
  await recordBooking(ctx, customer, result.booking, old.staffId, { rescheduledFrom: old.id });
  await notifyConsultant(
    ctx.db,
    {
      kind: 'moved',
      booking: result.booking,
      from: old.slotStart,
      customer,
      modelName: (l) => modelName(deps, old.modelId, l),
      timeZone: deps.rules.timeZone,
      channel: ctx.msg.channel,
    },
    ctx.now,
  );
  draftSlot.clear(ctx);
  const consultant = old.staffId ? await ctx.db.staff.findUnique({ where: { id: old.staffId } }) : null;
  const consultantName = consultant ? (ctx.lang === 'zh' ? consultant.nameZh : consultant.nameEn) : '';
  await scheduleBookingMessages(
    ctx.db,
    result.booking,
    ctx.conversation,
    {
      modelName: modelName(deps, old.modelId, ctx.lang),
      consultantName,
      address: deps.address[ctx.lang],
      lang: ctx.lang,
      timeZone: deps.rules.timeZone,
    },
    ctx.now,
  );
  ctx.reply({ text: ctx.say(TD.moved, { model: modelName(deps, old.modelId, ctx.lang), slot: formatSlot(date, time, ctx.lang) }) });
}

async function startCancel(ctx: CustomerTurn, deps: TestDriveDeps, u: Understanding) {
  const customer = ctx.actor.customer;
  const booking = await findUpcomingBooking(ctx.db, customer.id, ctx.now, u.date, deps.rules.timeZone);
  if (!booking) return void ctx.reply({ text: ctx.say(TD.noBooking), buttons: [{ label: ctx.say(TD.bookNow), value: actionValue(BOOK_TEST_DRIVE, {}) }] });
  askCancel(ctx, deps, booking);
}

function askCancel(ctx: TurnContext, deps: TestDriveDeps, booking: TestDriveBooking) {
  ctx.reply({
    text: ctx.say(TD.confirmCancel, {
      slot: formatInstant(booking.slotStart, deps.rules.timeZone, ctx.lang),
      model: modelName(deps, booking.modelId, ctx.lang),
    }),
    buttons: [
      { label: ctx.say(TD.confirmCancelButton), value: actionValue(CANCEL_BOOKING, { bookingId: booking.id }) },
      { label: ctx.say(TD.keep), value: actionValue(KEEP_BOOKING, {}) },
    ],
  });
}

async function executeCancel(ctx: CustomerTurn, deps: TestDriveDeps, bookingId: string) {
  const customer = ctx.actor.customer;
  // a turn run again after a crash finds its own cancellation (by the interaction it
  // recorded) and confirms it again instead of saying the booking is gone
  const doneBefore = await ctx.db.interaction.findUnique({ where: { eventKey: `${ctx.eventKey}:appointment_cancelled` } });
  const booking = await ctx.db.testDriveBooking.findFirst({
    where: { id: bookingId, customerId: customer.id, status: doneBefore ? { in: ['booked', 'cancelled'] } : 'booked' },
  });
  if (!booking) return void ctx.reply({ text: ctx.say(TD.expired) });
  if (booking.status === 'booked') await releaseBooking(ctx, booking);
  await recordInteractionOnce(ctx.db, {
    storeId: ctx.store.id,
    customerId: customer.id,
    staffId: booking.staffId,
    type: 'appointment_cancelled',
    channel: ctx.msg.channel,
    modelId: booking.modelId,
    occurredAt: ctx.now,
    detail: { bookingId: booking.id },
    eventKey: `${ctx.eventKey}:appointment_cancelled`,
  });
  await notifyConsultant(
    ctx.db,
    { kind: 'cancelled', booking, customer, modelName: (l) => modelName(deps, booking.modelId, l), timeZone: deps.rules.timeZone, channel: ctx.msg.channel },
    ctx.now,
  );
  draftSlot.clear(ctx);
  ctx.reply({ text: ctx.say(TD.cancelled, { slot: formatInstant(booking.slotStart, deps.rules.timeZone, ctx.lang) }) });
}

/** The booking, its reminders and its preparation task, all released. */
async function releaseBooking(ctx: TurnContext, booking: TestDriveBooking) {
  await cancelBooking(ctx.db, booking.id);
  await cancelBookingMessages(ctx.db, booking.id);
  await ctx.db.followUpTask.updateMany({ where: { dedupeKey: `td-prep:${booking.id}`, status: 'open' }, data: { status: 'cancelled' } });
}
