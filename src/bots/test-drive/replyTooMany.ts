// The answer when a customer already holds as many live bookings as the store allows:
// said before they pick a model, a time and a name, and with a way out (move or cancel
// one of them), since a refusal alone leaves them stuck.
import type { Customer, TestDriveBooking } from '../../generated/prisma/client.js';
import { actionValue, type CustomerTurn } from '../../core/turnRoutes.js';
import { findLiveBookings } from '../../sales/testDrives/testDriveBookings.js';
import { formatInstant } from './formatSlot.js';
import { ASK_CANCEL, ASK_MOVE } from './testDriveActions.js';
import { modelName, type TestDriveDeps } from './testDriveDeps.js';
import { draftSlot } from './testDriveState.js';
import { TD } from './testDriveTexts.js';

/** The cap reached: the bookings they hold, each with a move and a cancel button. */
export async function replyTooMany(ctx: CustomerTurn, deps: TestDriveDeps, customer: Customer) {
  const live = await findLiveBookings(ctx.db, { customerId: customer.id, conversationId: ctx.conversation.id, now: ctx.now });
  const slot = (b: TestDriveBooking) => formatInstant(b.slotStart, deps.rules.timeZone, ctx.lang);
  const list = live.map((b) => ctx.say(TD.tooManyLine, { slot: slot(b), model: modelName(deps, b.modelId, ctx.lang) })).join('\n');
  draftSlot.clear(ctx);
  ctx.reply({
    text: ctx.say(TD.tooMany, { n: live.length, max: deps.rules.maxLiveBookings, list }),
    // only their own bookings can be moved or cancelled from here (executeMove/executeCancel check it too)
    buttons: live
      .filter((b) => b.customerId === customer.id)
      .flatMap((b) => [
        { label: ctx.say(TD.moveThis, { slot: slot(b) }), value: actionValue(ASK_MOVE, { bookingId: b.id }) },
        { label: ctx.say(TD.cancelThis, { slot: slot(b) }), value: actionValue(ASK_CANCEL, { bookingId: b.id }) },
      ]),
  });
}
