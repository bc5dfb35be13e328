// Offering slots, for a booking and for a move alike: the buttons for free slots, whether
// an asked slot can be had, and when it cannot, the nearest free ones with the reason. A
// slot that is off-grid or taken is reported so, never moved silently.
import type { TurnContext } from '../../core/bot.js';
import type { Button, Lang } from '../../core/message.js';
import { findFreeSlots, type BookingFailure, type FreeSlot } from '../../sales/testDrives/testDriveBookings.js';
import { checkSlot } from '../../sales/testDrives/testDriveRules.js';
import { formatSlot } from './formatSlot.js';
import { slotValue } from './testDriveActions.js';
import { modelName, type TestDriveDeps } from './testDriveDeps.js';
import { TD } from './testDriveTexts.js';

/** The hours a period names ("下午", "evening"): a day asked with a period offers its slots. */
export const PERIOD_HOURS: Record<string, [number, number]> = { morning: [9, 12], noon: [11, 14], afternoon: [12, 18], evening: [16, 18] };

/** The free slots on a day, within a part of it when the customer named one ("周六下午"). */
export async function freeSlotsOnDay(
  ctx: TurnContext,
  deps: TestDriveDeps,
  args: { modelId: string; date: string; period?: string; exclude?: Date },
): Promise<FreeSlot[]> {
  const range = args.period ? PERIOD_HOURS[args.period] : undefined;
  const slots = await findFreeSlots(ctx.db, {
    modelId: args.modelId,
    rules: deps.rules,
    now: ctx.now,
    near: { date: args.date, time: range ? `${String(range[0]).padStart(2, '0')}:00` : '09:00' },
    limit: 9,
    exclude: args.exclude,
  });
  return slots.filter((s) => s.date === args.date && (!range || (+s.time.slice(0, 2) >= range[0] && +s.time.slice(0, 2) < range[1])));
}

export type SlotProblem = Exclude<BookingFailure, 'too_many'>;

/** A button per slot; `slotAction` makes the value (a slot to book, or to move a booking to). */
export const slotButtons = (slots: FreeSlot[], lang: Lang, slotAction: (slot: string) => string): Button[] =>
  slots.map((s) => ({ label: formatSlot(s.date, s.time, lang), value: slotAction(slotValue(s.date, s.time)) }));

/** Why the slot cannot be booked (the store's rules, then whether a car is free), or null. */
export async function slotProblem(
  ctx: TurnContext,
  deps: TestDriveDeps,
  modelId: string,
  date: string,
  time: string,
  exclude?: Date,
): Promise<SlotProblem | null> {
  const check = checkSlot(deps.rules, date, time, ctx.now);
  if (!check.ok) return check.problem!;
  const free = await findFreeSlots(ctx.db, { modelId, rules: deps.rules, now: ctx.now, near: { date, time }, limit: 1, exclude });
  return free[0] && free[0].date === date && free[0].time === time ? null : 'taken';
}

export async function offerNearest(
  ctx: TurnContext,
  deps: TestDriveDeps,
  modelId: string,
  date: string,
  time: string,
  problem: SlotProblem,
  slotAction: (slot: string) => string,
  exclude?: Date,
) {
  const near = await findFreeSlots(ctx.db, { modelId, rules: deps.rules, now: ctx.now, near: { date, time }, limit: 3, exclude });
  const model = modelName(deps, modelId, ctx.lang);
  const asked = formatSlot(date, time, ctx.lang);
  const text = {
    not_slot_start: TD.notSlotStart,
    past_date: TD.pastDate,
    beyond_window: TD.beyondWindow,
    too_soon: TD.tooSoon,
    taken: TD.taken,
    no_demo_car: TD.noSlots,
  }[problem];
  if (!near.length) return void ctx.reply({ text: ctx.say(TD.noSlots, { model }) });
  ctx.reply({ text: ctx.say(text, { asked, model }), buttons: slotButtons(near, ctx.lang, slotAction) });
}
