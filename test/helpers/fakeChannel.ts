// A fake channel for flow tests: builds inbound messages as a platform adapter would and
// records what the outbox sends, the way a real channel's sender would deliver it.
import type { InboundMessage, OutboundMessage } from '../../src/core/message.js';
import { SendError, type Sender } from '../../src/core/outbox.js';

let counter = 0;

export function customerText(text: string, at: Date, opts: Partial<InboundMessage> = {}): InboundMessage {
  counter += 1;
  return {
    channel: 'telegram',
    eventId: `evt-${counter}`,
    chatId: 'chat-1',
    userId: 'user-1',
    side: 'customer',
    kind: 'text',
    text,
    at,
    ...opts,
  };
}

export interface RecordingSender extends Sender {
  sent: { recipient: string; message: OutboundMessage; idempotencyKey: string }[];
  attempts: number;
  /** Errors to throw on the next attempts, in order. */
  failures: (Error | null)[];
}

export function recordingSender(failures: (Error | null)[] = []): RecordingSender {
  const s: RecordingSender = {
    sent: [],
    attempts: 0,
    failures,
    async send(item) {
      s.attempts += 1;
      const failure = s.failures.shift();
      if (failure) throw failure;
      s.sent.push({ recipient: item.recipient, message: item.message, idempotencyKey: item.idempotencyKey });
    },
  };
  return s;
}

export const platformDown = () => new SendError('HTTP 500 from platform');
