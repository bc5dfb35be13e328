// How the web chat addresses a conversation and shows its transcript.
import type { ChatMessage } from '../../generated/prisma/client.js';
import type { Side } from '../../core/message.js';

/** One conversation per browser session and side (and staff member on the staff side). */
export function webChatId(sessionId: string, role: Side, staffId?: string): string {
  return role === 'staff' ? `s:${staffId}:${sessionId}` : `c:${sessionId}`;
}

export function toWireMessage(m: ChatMessage) {
  const payload = (m.payload ?? {}) as { buttons?: unknown; card?: unknown; image?: unknown };
  return {
    id: m.id,
    from: m.direction === 'in' ? 'me' : m.author === 'human' || m.author === 'customer' ? m.author : 'bot',
    text: m.text ?? '',
    buttons: payload.buttons,
    card: payload.card,
    image: payload.image,
    at: m.createdAt.toISOString(),
  };
}
