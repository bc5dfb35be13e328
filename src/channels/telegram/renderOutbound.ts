// An OutboundMessage as the Bot API calls that show it: text parts (cards as text blocks),
// a photo, an inline keyboard for buttons on the last part, and a one-time reply keyboard
// with a "share my phone" button when the bot asks for a phone number.
import type { InlineKeyboardMarkup, ReplyKeyboardMarkup } from 'grammy/types';
import { SendError } from '../../core/outbox.js';
import type { Card, OutboundMessage } from '../../core/message.js';
import { splitText } from './splitText.js';

export const CALLBACK_DATA_MAX_BYTES = 64;
const CAPTION_LIMIT = 1024;
const HAN = /\p{Script=Han}/u;

type TelegramCall =
  | { method: 'sendMessage'; text: string; reply_markup?: InlineKeyboardMarkup | ReplyKeyboardMarkup }
  | { method: 'sendPhoto'; photo: string; caption?: string; reply_markup?: InlineKeyboardMarkup | ReplyKeyboardMarkup };

export function renderOutbound(message: OutboundMessage): TelegramCall[] {
  const text = [message.text, message.card && cardText(message.card)].filter(Boolean).join('\n\n');
  const markup = replyMarkup(message);
  if (message.image) {
    // A short text rides as the photo's caption; a long one follows the photo.
    if (text.length <= CAPTION_LIMIT) return [{ method: 'sendPhoto', photo: message.image.url, caption: text || undefined, reply_markup: markup }];
    return [{ method: 'sendPhoto', photo: message.image.url, caption: message.image.alt.slice(0, CAPTION_LIMIT) }, ...textCalls(text, markup)];
  }
  return textCalls(text, markup);
}

function textCalls(text: string, markup: TelegramCall['reply_markup']): TelegramCall[] {
  const parts = splitText(text);
  return parts.map((part, i) => ({ method: 'sendMessage', text: part, reply_markup: i === parts.length - 1 ? markup : undefined }));
}

export function cardText(card: Card): string {
  return [card.title, ...(card.fields ?? []).map((f) => `${f.label}: ${f.value}`)].join('\n');
}

function replyMarkup(message: OutboundMessage): TelegramCall['reply_markup'] {
  // A message has one keyboard: an inline one for choices, or the reply keyboard that
  // shares a contact (Telegram cannot show both); choices win, the phone can be typed.
  if (message.buttons?.length) {
    for (const b of message.buttons) {
      if (Buffer.byteLength(b.value, 'utf8') > CALLBACK_DATA_MAX_BYTES) {
        throw new SendError(`button value "${b.value.slice(0, 80)}" is longer than Telegram's ${CALLBACK_DATA_MAX_BYTES}-byte callback_data`, {
          permanent: true,
        });
      }
    }
    return { inline_keyboard: message.buttons.map((b) => [{ text: b.label, callback_data: b.value }]) };
  }
  if (message.requestContact) {
    const zh = HAN.test(message.text);
    return {
      keyboard: [[{ text: zh ? '📱 分享我的手机号' : '📱 Share my phone number', request_contact: true }]],
      one_time_keyboard: true,
      resize_keyboard: true,
    };
  }
  return undefined;
}
