// What of an outbound message the transcript keeps beside its text: buttons, card, image.
import { maskPhonesInText } from '../infra/logger.js';
import type { Prisma } from '../generated/prisma/client.js';
import type { OutboundMessage } from './message.js';

export function payloadOf(m: OutboundMessage): Prisma.InputJsonValue | undefined {
  const { text: _text, from: _from, ...rest } = m;
  return Object.keys(rest).length ? (rest as Prisma.InputJsonValue) : undefined;
}

/** A one-time link's token (after '#'): what a delivered invite must not keep. */
const LINK_SECRET = /#[A-Za-z0-9_-]{20,}/g;

/** The text a transcript keeps: a sensitive message only masked, phones and link tokens (see OutboundMessage.sensitive). */
export function transcriptText(m: OutboundMessage): string {
  return m.sensitive ? maskPhonesInText(m.text).replace(LINK_SECRET, '#…') : m.text;
}
