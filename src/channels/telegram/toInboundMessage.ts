// A Telegram update as the channel-neutral InboundMessage, or undefined for what the
// bots do not handle (edits, stickers, commands for another bot, someone else's contact)
// and for an update that does not have the shape Telegram gives (a forged or broken
// body behind the right secret must not throw on a missing field).
import type { Message, Update, User } from 'grammy/types';
import { z } from 'zod';
import type { InboundMessage } from '../../core/message.js';

const id = z.union([z.number().int(), z.string().regex(/^-?\d{1,20}$/)]);
const user = z.object({
  id: z.number().int(),
  first_name: z.string().optional(),
  last_name: z.string().optional(),
  language_code: z.string().max(35).optional(),
});
const entity = z.object({ type: z.string(), offset: z.number().int(), length: z.number().int() });
const message = z.object({
  chat: z.object({ id }),
  from: user.optional(),
  text: z.string().optional(),
  entities: z.array(entity).optional(),
  contact: z.object({ phone_number: z.string().regex(/^\+?\d{5,20}$/), user_id: z.number().int().optional() }).optional(),
});
/** The fields of an update that are read below, with the types Telegram sends. */
const updateShape = z.object({
  update_id: z.number().int(),
  callback_query: z.object({ from: user, data: z.string().max(64).optional(), message: message.optional() }).optional(),
  message: message.optional(),
});

export function toInboundMessage(raw: Update, botInfo: { id: number; username: string }, at: Date): InboundMessage | undefined {
  if (!updateShape.safeParse(raw).success) return undefined;
  const update = raw;
  // update_id restarts after a week without updates and is per bot: scope the dedupe key
  const base = { channel: 'telegram' as const, eventId: `${botInfo.id}:${update.update_id}`, side: 'customer' as const, at };
  const query = update.callback_query;
  if (query) {
    if (!query.data || !query.message) return undefined;
    return { ...base, ...who(query.from), chatId: String(query.message.chat.id), kind: 'button', action: query.data };
  }
  const message = update.message;
  if (!message?.from) return undefined;
  const chat = { ...base, ...who(message.from), chatId: String(message.chat.id) };
  if (message.contact) {
    // only the user's own number: a forwarded contact card is someone else's
    if (message.contact.user_id !== message.from.id) return undefined;
    // Telegram vouches that this number is the account's own: proven, unlike a typed one
    const phone = withPlus(message.contact.phone_number);
    return { ...chat, kind: 'text', text: phone, contact: { phone, proven: true } };
  }
  if (message.text === undefined) return undefined;
  const command = parseCommand(message, botInfo.username);
  if (command === null) return undefined;
  // no text for a command: its Latin letters would switch a Chinese speaker to English
  if (command) return { ...chat, kind: 'command', command };
  return { ...chat, kind: 'text', text: message.text };
}

function who(from: User) {
  const displayName = [from.first_name, from.last_name].filter(Boolean).join(' ');
  return { userId: String(from.id), profile: { displayName: displayName || undefined, languageCode: from.language_code } };
}

/** A command at the start of the text; null when it names another bot (/start@OtherBot). */
function parseCommand(message: Message, botUsername: string): { name: string; args: string } | null | undefined {
  const entity = message.entities?.find((e) => e.type === 'bot_command' && e.offset === 0);
  if (!entity || !message.text) return undefined;
  const [name, target] = message.text.slice(1, entity.length).split('@');
  if (target && target.toLowerCase() !== botUsername.toLowerCase()) return null;
  return { name: name.toLowerCase(), args: message.text.slice(entity.length).trim() };
}

/** Telegram gives contacts as international digits without "+": 8613812345678. */
function withPlus(phone: string): string {
  return phone.startsWith('+') ? phone : `+${phone}`;
}
