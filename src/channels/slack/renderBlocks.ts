// An OutboundMessage as Block Kit, within Slack's limits (3000 characters a section, 10
// fields a section, 25 buttons an actions block, 75 characters a button, 50 blocks a
// message), always with a plain `text` fallback for notifications and old clients.
import type { Card, OutboundMessage } from '../../core/message.js';

export type Block = Record<string, unknown>;

export const MAX_MESSAGE_BLOCKS = 50;
const SECTION_TEXT = 3000;
const FIELD_TEXT = 2000;
const FIELDS_PER_SECTION = 10;
const BUTTONS_PER_BLOCK = 25;
const BUTTON_TEXT = 75;
const BUTTON_VALUE = 2000;
const FALLBACK_TEXT = 4000;

const SPEAKER_PREFIX: Record<NonNullable<OutboundMessage['from']>, string> = { bot: '', customer: '👤 ', human: '🧑‍💼 ' };

interface RenderOptions {
  /** How to address each of message.mentions: `<@U…>` for a linked staff member, else a name. */
  mentions?: string[];
  /** Prefix of the buttons' action ids, so several messages in one view (the Home tab) stay unique. */
  actionIdPrefix?: string;
  maxBlocks?: number;
}

/** Slack's mrkdwn control characters; everything else shows as written. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function truncate(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

/** Splits escaped text into parts of at most `max` characters, at a line break where one is near. */
export function splitEscaped(text: string, max = SECTION_TEXT): string[] {
  const parts: string[] = [];
  let current = '';
  for (const ch of Array.from(text)) {
    const token = escapeMrkdwn(ch);
    if (current.length + token.length > max) {
      const cut = current.lastIndexOf('\n');
      // keep whole lines when the break is in the second half, else cut mid-line
      if (cut > max / 2) {
        parts.push(current.slice(0, cut));
        current = current.slice(cut + 1);
      } else {
        parts.push(current);
        current = '';
      }
    }
    current += token;
  }
  if (current) parts.push(current);
  return parts;
}

export function renderBlocks(message: OutboundMessage, opts: RenderOptions = {}): { text: string; blocks: Block[] } {
  const prefix = [...(opts.mentions ?? []).map((m) => `${m} `), SPEAKER_PREFIX[message.from ?? 'bot']].join('');
  const escapedPrefix = escapePrefix(opts.mentions ?? [], SPEAKER_PREFIX[message.from ?? 'bot']);
  const blocks: Block[] = [];

  const textParts = message.text ? splitEscaped(message.text, SECTION_TEXT - escapedPrefix.length) : [];
  if (!textParts.length && escapedPrefix.trim()) textParts.push('');
  textParts.forEach((part, i) => {
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: i === 0 ? `${escapedPrefix}${part}` : part } });
  });

  if (message.card) blocks.push(...renderCard(message.card));
  // several cards (a daily board): a divider before each, so the groups read apart
  for (const card of message.cards ?? []) blocks.push({ type: 'divider' }, ...renderCard(card));

  if (message.image) {
    blocks.push({ type: 'image', image_url: message.image.url, alt_text: truncate(message.image.alt || message.text || 'image', FIELD_TEXT) });
  }

  const buttons = (message.buttons ?? []).map((b, i) => ({
    type: 'button',
    action_id: `${opts.actionIdPrefix ?? ''}b${i}`,
    text: { type: 'plain_text', text: truncate(b.label, BUTTON_TEXT), emoji: true },
    value: b.value.slice(0, BUTTON_VALUE),
  }));
  for (let i = 0; i < buttons.length; i += BUTTONS_PER_BLOCK) blocks.push({ type: 'actions', elements: buttons.slice(i, i + BUTTONS_PER_BLOCK) });

  const firstTitle = message.card?.title ?? message.cards?.[0]?.title;
  const fallback = truncate(`${prefix}${firstTitle && !message.text ? firstTitle : message.text}`, FALLBACK_TEXT);
  return { text: escapeFallback(fallback, opts.mentions ?? []), blocks: capBlocks(blocks, opts.maxBlocks ?? MAX_MESSAGE_BLOCKS) };
}

/** A card: its title in bold with up to 10 fields a section (Slack's limit), more sections as needed. */
export function renderCard(card: Card): Block[] {
  const blocks: Block[] = [];
  // a field's text may not be empty
  const fields = (card.fields ?? []).map((f) => ({
    type: 'mrkdwn',
    text: truncate(`*${escapeMrkdwn(f.label)}*\n${escapeMrkdwn(f.value || '—')}`, FIELD_TEXT),
  }));
  const title = { type: 'mrkdwn', text: truncate(`*${escapeMrkdwn(card.title)}*`, SECTION_TEXT) };
  for (let i = 0; i === 0 || i < fields.length; i += FIELDS_PER_SECTION) {
    const chunk = fields.slice(i, i + FIELDS_PER_SECTION);
    // a section needs text or fields: the title goes on the first
    blocks.push(i === 0 ? { type: 'section', text: title, ...(chunk.length ? { fields: chunk } : {}) } : { type: 'section', fields: chunk });
  }
  return blocks;
}

/** Too many blocks: keep the first ones and say so, rather than have Slack refuse the message. */
export function capBlocks(blocks: Block[], max: number): Block[] {
  if (blocks.length <= max) return blocks;
  return [...blocks.slice(0, max - 1), { type: 'context', elements: [{ type: 'mrkdwn', text: `… (${blocks.length - max + 1} more not shown)` }] }];
}

/** Mentions (`<@U…>`) are Slack syntax and stay as they are; names are escaped like text. */
function escapePrefix(mentions: string[], speaker: string): string {
  return [...mentions.map((m) => `${isSlackMention(m) ? m : escapeMrkdwn(m)} `), speaker].join('');
}

function escapeFallback(text: string, mentions: string[]): string {
  let escaped = escapeMrkdwn(text);
  for (const m of mentions.filter(isSlackMention)) escaped = escaped.replace(escapeMrkdwn(m), m);
  return escaped;
}

function isSlackMention(m: string): boolean {
  return /^<@[UW][A-Z0-9]+>$/.test(m);
}
