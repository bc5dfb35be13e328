// The web chat's outbox sender: the browser pulls, so "sending" means appending to the
// transcript it polls. The delivery key makes a resend after a crash a no-op.
import type { Sender } from '../../core/outbox.js';
import { SendError } from '../../core/outbox.js';
import { isUniqueViolation } from '../../store/prismaErrors.js';
import { payloadOf } from '../../core/transcriptPayload.js';
import type { Db } from '../../store/createPrisma.js';
import type { Clock } from '../../infra/clock.js';

export function createWebSender(db: Db, clock: Clock): Sender {
  return {
    async send({ recipient, message, idempotencyKey }) {
      const conversation = await db.conversation.findUnique({
        where: { channel_chatId: { channel: 'web', chatId: recipient } },
        select: { id: true },
      });
      if (!conversation) throw new SendError(`no web conversation ${recipient}`, { permanent: true });
      try {
        await db.chatMessage.create({
          data: {
            conversationId: conversation.id,
            direction: 'out',
            author: message.from ?? 'bot',
            text: message.text,
            payload: payloadOf(message),
            deliveryKey: idempotencyKey,
            createdAt: clock.now(),
          },
        });
      } catch (err) {
        if (!isUniqueViolation(err)) throw err;
      }
    },
  };
}
