// The channel-neutral message model: every channel turns its platform payload into an
// InboundMessage and renders OutboundMessages back; bots only ever see these.
export const CHANNELS = ['web', 'telegram', 'wechat', 'slack'] as const;
export type Channel = (typeof CHANNELS)[number];
export type Lang = 'zh' | 'en';
export type Side = 'customer' | 'staff';

export interface InboundMessage {
  channel: Channel;
  /** The platform's id for this delivery; a redelivery carries the same id. */
  eventId: string;
  /** The chat the reply goes to (Telegram chat id, WeChat openid, web session). */
  chatId: string;
  /** The channel user who wrote. */
  userId: string;
  side: Side;
  /** For the web chat's staff side: the staff member chosen. */
  staffId?: string;
  kind: 'text' | 'button' | 'command';
  text?: string;
  /** A pressed button's value. */
  action?: string;
  command?: { name: string; args: string };
  at: Date;
  profile?: { displayName?: string; languageCode?: string };
}

export interface Button {
  label: string;
  value: string;
}

export interface Card {
  title: string;
  fields?: { label: string; value: string }[];
}

export interface OutboundMessage {
  text: string;
  /** Who speaks: the bot (default), a human adviser, or a customer relayed to staff. */
  from?: 'bot' | 'human' | 'customer';
  buttons?: Button[];
  card?: Card;
  image?: { url: string; alt: string };
  /** Ask for the user's phone number: channels that can share a contact offer it (Telegram). */
  requestContact?: boolean;
}
