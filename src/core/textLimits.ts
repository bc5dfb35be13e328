// How long a text each channel may bring into a turn. A text over its channel's cap is
// not read by any bot: the pipeline asks the writer to send it in shorter parts and keeps
// a truncated copy in the transcript, so staff see that something was sent. Lengths are
// counted in characters (Unicode code points), so an emoji counts once, as people count.
//
// Understanding a customer's text is linear and takes under 50 ms at 4,096 characters
// (npm run bench -- nlu-long); the caps keep every customer text within that.
import type { ChannelName, InboundMessage } from './message.js';

export const TEXT_LIMITS: Readonly<Record<ChannelName, number>> = {
  // The page's textarea has maxlength=2000 and POST /api/chat refuses longer texts with a
  // 400 (channels/web/webChatRoutes.ts), so no customer reaches this cap through the page;
  // it is the same figure so the route and the pipeline never disagree.
  web: 2000,
  // Telegram's own limit for a message's text: a client splits anything longer, so a
  // genuine message always fits.
  telegram: 4096,
  // WeChat counts its text limits in bytes (2,048 bytes for what an account sends back,
  // about 680 Chinese characters); inbound texts have no documented limit. 2,048
  // characters is at least 2,048 bytes in any script and more than a chat turn needs.
  wechat: 2048,
  // Staff write here, and a pasted visit note or meeting summary runs to a few thousand
  // characters: 12,000 keeps room for those. Reading them is the staff bots' business
  // (the coach reads each clause); past 12,000 a text is a document, not a chat turn.
  slack: 12000,
};

/** How much of an over-cap text the transcript keeps. */
const TRANSCRIPT_KEEP = 500;

interface TooLongText {
  /** the channel's cap, in characters */
  limit: number;
  /** the text's length, in characters */
  length: number;
  /** what the transcript keeps: the start of the text and a note of what was cut */
  transcriptText: string;
}

/** The text's length and the transcript's copy when it is over its channel's cap; null when it fits (or there is no text). */
export function findTooLongText(msg: Pick<InboundMessage, 'channel' | 'text'>): TooLongText | null {
  const limit = TEXT_LIMITS[msg.channel];
  const text = msg.text;
  // A code point is one or two UTF-16 units: short texts fit without counting.
  if (!text || text.length <= limit) return null;
  const length = countCharacters(text);
  if (length <= limit) return null;
  const kept = firstCharacters(text, TRANSCRIPT_KEEP);
  return { limit, length, transcriptText: `${kept}…\n[已截断：原文共 ${length} 字 / truncated: ${length} characters in all]` };
}

export function countCharacters(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i += isPairAt(text, i) ? 2 : 1) count++;
  return count;
}

/** The first `n` characters, never splitting a surrogate pair (an emoji). */
export function firstCharacters(text: string, n: number): string {
  let end = 0;
  for (let i = 0; i < n && end < text.length; i++) end += isPairAt(text, end) ? 2 : 1;
  return text.slice(0, end);
}

function isPairAt(text: string, i: number): boolean {
  const high = text.charCodeAt(i);
  const low = text.charCodeAt(i + 1);
  return high >= 0xd800 && high <= 0xdbff && low >= 0xdc00 && low <= 0xdfff;
}
