// How the web chat addresses a conversation and shows its transcript.
import type { ChatMessage } from '../../generated/prisma/client.js';

/** A staff member's web chat: one per person, whichever browser they sign in from. (A customer's is their session's, chatSessionCookie.ts.) */
export function webStaffChatId(staffId: string): string {
  return `s:${staffId}`;
}

/**
 * A transcript row as the page reads it. Outbound rows carry what the bot sent beside the
 * text (buttons, card, image, a form to fill in, a submission's form errors). An inbound row
 * with neither text nor payload is a form submission (the only such message the web chat
 * takes; the pipeline keeps no values of it): it comes out as `kind: 'form'`, so the page
 * knows the next reply answers that submission.
 */
export function toWireMessage(m: ChatMessage) {
  const payload = (m.payload ?? {}) as { buttons?: unknown; card?: unknown; image?: unknown; form?: unknown; formErrors?: unknown };
  const submission = m.direction === 'in' && m.text === null && m.payload === null;
  return {
    id: m.id,
    from: m.direction === 'in' ? 'me' : m.author === 'human' || m.author === 'customer' ? m.author : 'bot',
    kind: submission ? ('form' as const) : undefined,
    text: m.text ?? '',
    buttons: payload.buttons,
    card: payload.card,
    image: payload.image,
    form: m.direction === 'out' ? payload.form : undefined,
    formErrors: m.direction === 'out' ? payload.formErrors : undefined,
    at: m.createdAt.toISOString(),
  };
}
