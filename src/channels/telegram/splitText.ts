// Telegram takes 1-4096 characters per message: longer texts go out in parts, cut at the
// last paragraph break, else line break, else space before the limit, so no part ends
// mid-word unless a single word is longer than a whole message.
export const TELEGRAM_TEXT_LIMIT = 4096;

export function splitText(text: string, limit = TELEGRAM_TEXT_LIMIT): string[] {
  const parts: string[] = [];
  let rest = text;
  while (rest.length > limit) {
    const window = rest.slice(0, limit);
    let cut = lastBreak(window, '\n\n') ?? lastBreak(window, '\n') ?? lastBreak(window, ' ') ?? limit;
    // never split a surrogate pair (emoji, rare Han characters)
    if (cut === limit && isHighSurrogate(rest.charCodeAt(cut - 1))) cut -= 1;
    const part = rest.slice(0, cut).trimEnd();
    if (part) parts.push(part);
    rest = rest.slice(cut).replace(/^\s+/, '');
  }
  if (rest.trim() || !parts.length) parts.push(rest);
  return parts;
}

/** Where to cut so the part ends before `sep`; undefined when the only match is at the start. */
function lastBreak(window: string, sep: string): number | undefined {
  const at = window.lastIndexOf(sep);
  return at > 0 ? at : undefined;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
