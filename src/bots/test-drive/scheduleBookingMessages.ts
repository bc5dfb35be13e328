// The messages a booking sets in motion, all through the outbox so they survive restarts:
// a reminder the day before and two hours before, and a feedback question after the slot.
// Each has an expiry, so an outage or a downtime never delivers it after its use: the
// outbox drops it as "expired" instead (see expiresAt in core/outbox).
import type { Conversation, TestDriveBooking } from '../../generated/prisma/client.js';
import { fill } from '../../core/i18n.js';
import type { Lang } from '../../core/message.js';
import { enqueueOutbound } from '../../core/outbox.js';
import { actionValue } from '../../core/turnRoutes.js';
import type { Db } from '../../store/createPrisma.js';
import { formatInstant } from './formatSlot.js';
import { RATE_DRIVE } from './testDriveActions.js';
import { TD } from './testDriveTexts.js';

const HOUR = 3_600_000;
/**
 * How long after the slot the feedback question is still asked. The drive is fresh the
 * next day; later a 1-5 question out of the blue reads oddly, the consultant's call list
 * has already asked for the feedback by phone (in the 24 h after the drive), and a rating
 * typed as text is only taken within 3 days of the slot (feedbackFlow): 48 h leaves the
 * customer a day to answer.
 */
export const FEEDBACK_USEFUL_MS = 48 * HOUR;

interface BookingMessageContext {
  modelName: string;
  consultantName: string;
  address: string;
  lang: Lang;
  timeZone: string;
}

export async function scheduleBookingMessages(
  db: Db,
  booking: TestDriveBooking,
  conversation: Conversation,
  c: BookingMessageContext,
  now: Date,
): Promise<void> {
  const slot = booking.slotStart.getTime();
  const time = formatInstant(booking.slotStart, c.timeZone, c.lang);
  const params = { model: c.modelName, time, consultant: c.consultantName, address: c.address };
  const plan: { key: string; at: number; expires: number; text: string; buttons?: { label: string; value: string }[] }[] = [
    // the day-before reminder is of no use once the two-hour one is due: two in a row is noise
    { key: 'd1', at: slot - 24 * HOUR, expires: slot - 2 * HOUR, text: fill(c.lang, TD.reminderDayBefore, params) },
    // a reminder once the slot has begun is no reminder
    { key: 'h2', at: slot - 2 * HOUR, expires: slot, text: fill(c.lang, TD.reminderTwoHours, params) },
    {
      key: 'fb',
      at: slot + HOUR,
      expires: slot + FEEDBACK_USEFUL_MS,
      text: fill(c.lang, TD.feedbackAsk, params),
      buttons: [1, 2, 3, 4, 5].map((n) => ({ label: `${n}`, value: actionValue(RATE_DRIVE, { bookingId: booking.id, score: String(n) }) })),
    },
  ];
  for (const p of plan) {
    // A reminder whose time has passed (a booking made for later today) is not sent late.
    if (p.key !== 'fb' && p.at <= now.getTime()) continue;
    await enqueueOutbound(
      db,
      {
        idempotencyKey: `td:${booking.id}:${p.key}`,
        channel: conversation.channel as never,
        recipient: conversation.chatId,
        conversationId: conversation.id,
        message: { text: p.text, buttons: p.buttons },
        notBefore: new Date(p.at),
        expiresAt: new Date(p.expires),
      },
      now,
    );
  }
}

/** A cancelled or moved booking's reminders and feedback question are not sent. */
export async function cancelBookingMessages(db: Db, bookingId: string): Promise<void> {
  await db.outboxMessage.updateMany({
    where: { idempotencyKey: { startsWith: `td:${bookingId}:` }, status: 'pending' },
    data: { status: 'cancelled', lastError: 'booking cancelled or moved' },
  });
}
