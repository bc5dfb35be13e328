// The messages a booking sets in motion, all through the outbox so they survive restarts:
// a reminder the day before and two hours before, and a feedback question after the slot.
import type { Conversation, TestDriveBooking } from '../../generated/prisma/client.js';
import { fill } from '../../core/i18n.js';
import type { Lang } from '../../core/message.js';
import { enqueueOutbound } from '../../core/outbox.js';
import type { Db } from '../../store/createPrisma.js';
import { formatInstant } from './formatSlot.js';
import { TD } from './testDriveTexts.js';

const HOUR = 3_600_000;

export interface BookingMessageContext {
  modelName: string;
  consultantName: string;
  address: string;
  lang: Lang;
  timeZone: string;
}

export async function scheduleBookingMessages(db: Db, booking: TestDriveBooking, conversation: Conversation, c: BookingMessageContext, now: Date): Promise<void> {
  const slot = booking.slotStart.getTime();
  const time = formatInstant(booking.slotStart, c.timeZone, c.lang);
  const params = { model: c.modelName, time, consultant: c.consultantName, address: c.address };
  const plan: { key: string; at: number; text: string; buttons?: { label: string; value: string }[] }[] = [
    { key: 'd1', at: slot - 24 * HOUR, text: fill(c.lang, TD.reminderDayBefore, params) },
    { key: 'h2', at: slot - 2 * HOUR, text: fill(c.lang, TD.reminderTwoHours, params) },
    {
      key: 'fb',
      at: slot + HOUR,
      text: fill(c.lang, TD.feedbackAsk, params),
      buttons: [1, 2, 3, 4, 5].map((n) => ({ label: `${n}`, value: `td:fb:${booking.id}:${n}` })),
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
