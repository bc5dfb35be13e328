// What a booking made by chat leaves behind besides itself, for a new booking and a moved
// one alike: the appointment in the customer's history and the consultant's task to get
// the car ready. Both are keyed, so a turn run again after a crash does not add them twice.
import type { Customer, TestDriveBooking } from '../../generated/prisma/client.js';
import type { TurnContext } from '../../core/bot.js';
import { recordInteractionOnce } from '../../sales/customers/recordInteractionOnce.js';

export async function recordBooking(
  ctx: TurnContext,
  customer: Customer,
  booking: TestDriveBooking,
  staffId: string | null,
  detail: Record<string, string> = {},
) {
  await recordInteractionOnce(ctx.db, {
    storeId: ctx.store.id,
    customerId: customer.id,
    staffId,
    type: 'appointment',
    channel: ctx.msg.channel,
    modelId: booking.modelId,
    occurredAt: ctx.now,
    detail: { bookingId: booking.id, slotStart: booking.slotStart.toISOString(), ...detail },
    eventKey: `${ctx.eventKey}:appointment`,
  });
  await ctx.db.followUpTask.upsert({
    where: { dedupeKey: `td-prep:${booking.id}` },
    update: {},
    create: {
      customerId: customer.id,
      staffId,
      kind: 'test_drive_prep',
      reason: `test drive ${booking.modelId}`,
      dueAt: new Date(Math.max(ctx.now.getTime(), booking.slotStart.getTime() - 2 * 3_600_000)),
      dedupeKey: `td-prep:${booking.id}`,
      createdAt: ctx.now,
    },
  });
}
