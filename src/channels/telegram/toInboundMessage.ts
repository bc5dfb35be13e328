// A Telegram update as the channel-neutral InboundMessage, or undefined for what the
// bots do not handle (edits, stickers, commands for another bot, someone else's contact).
import type { Message, Update, User } from 'grammy/types';
import type { InboundMessage } from '../../core/message.js';

export function toInboundMessage(update: Update, botInfo: { id: number; username: string }, at: Date): InboundMessage | undefined {
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
