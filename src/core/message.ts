// The channel-neutral message model: every channel turns its platform payload into an
// InboundMessage and renders OutboundMessages back; bots only ever see these.
export const CHANNELS = ['web', 'telegram', 'wechat', 'slack'] as const;
export type ChannelName = (typeof CHANNELS)[number];
export type Lang = 'zh' | 'en';
export type Side = 'customer' | 'staff';

export interface InboundMessage {
  channel: ChannelName;
  /** The platform's id for this delivery; a redelivery carries the same id. */
  eventId: string;
  /** The chat the reply goes to (Telegram chat id, WeChat openid, web session). */
  chatId: string;
  /** The channel user who wrote. */
  userId: string;
  side: Side;
  /** For the web chat's staff side: the staff member chosen. */
  staffId?: string;
  kind: 'text' | 'button' | 'command' | 'form';
  text?: string;
  /** A pressed button's value. */
  action?: string;
  command?: { name: string; args: string };
  /** A submitted form (a Slack modal): which form, the values by field name, and the form's meta. */
  form?: { id: string; values: Record<string, string>; meta?: string };
  /**
   * The user wrote in the thread under an earlier outbound message: that message's outbox
   * idempotency key (a Slack thread reply in the handoff channel, for instance).
   */
  threadKey?: string;
  /** The channel shows replies in threads under a message (Slack), so a bot may keep a long exchange in one. */
  threads?: boolean;
  at: Date;
  profile?: { displayName?: string; languageCode?: string };
  /**
   * A phone the channel proves is the sender's own: only Telegram sets it, for a contact
   * shared from the user's own account (someone else's contact card never gets here).
   * A phone in `text` is the user's word only.
   */
  contact?: { phone: string; proven: boolean };
}

export interface Button {
  label: string;
  value: string;
}

export interface Card {
  title: string;
  fields?: { label: string; value: string }[];
}

/**
 * A file that goes with a message (a chart): the bytes travel base64-encoded inside the
 * message, so the outbox retries the same file. Channels that can upload files do (Slack:
 * files.uploadV2, in the message's thread, with `text` as its comment); others show the text.
 */
interface Attachment {
  /** base64 of the file's bytes */
  data: string;
  filename: string;
  mimeType: string;
  /** what the file shows, for screen readers and channels without files */
  alt: string;
  title?: string;
}

/** A field of a form; Slack renders a form as a modal. Values come back as strings. */
export interface FormField {
  name: string;
  label: string;
  kind: 'text' | 'textarea' | 'select' | 'date' | 'time';
  required?: boolean;
  options?: { label: string; value: string }[];
  initial?: string;
  placeholder?: string;
  hint?: string;
}

/** A form to fill in (a modal): `id` comes back on the submission, `meta` too (the customer it is about). */
export interface Form {
  id: string;
  title: string;
  submitLabel: string;
  fields: FormField[];
  meta?: string;
}

export interface OutboundMessage {
  text: string;
  /** Who speaks: the bot (default), a human adviser, or a customer relayed to staff. */
  from?: 'bot' | 'human' | 'customer';
  buttons?: Button[];
  card?: Card;
  /** Several titled groups of fields (a daily board), after `card`; channels show them in order. */
  cards?: Card[];
  image?: { url: string; alt: string };
  /** A file to upload with the message (see Attachment). */
  attachment?: Attachment;
  /** Ask for the user's phone number: channels that can share a contact offer it (Telegram). */
  requestContact?: boolean;
  /** A form to open for the user (a Slack modal); channels without forms show the text. */
  form?: Form;
  /** The answer to a form submission that failed validation: a message per field name; the form stays open. */
  formErrors?: Record<string, string>;
  /** Staff ids to notify by name (Slack renders `<@U…>` for linked staff). */
  mentions?: string[];
  /** Post in the thread of an earlier outbound message in the same channel: its outbox idempotency key. */
  thread?: string;
  /**
   * Personal data shown on request (a revealed phone number): delivered once, but the
   * transcript keeps a masked copy and the outbox wipes its payload after sending.
   */
  sensitive?: boolean;
}
