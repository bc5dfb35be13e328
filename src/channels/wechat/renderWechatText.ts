// WeChat text messages have no buttons or cards: buttons become numbered choices (which
// resolveNumberedChoice turns back into the button's value) and cards become lines.
import { detectLang } from '../../core/detectLang.js';
import type { OutboundMessage } from '../../core/message.js';

/** WeChat's text limit is about 2048 bytes for a passive reply; keep well inside it. */
export const MAX_WECHAT_TEXT_CHARS = 2000;

/** One message as WeChat text; choices are numbered from `firstNumber`, in the message's language. */
export function renderWechatText(m: OutboundMessage, firstNumber = 1): string {
  const lang = detectLang(m.text, 'zh');
  const parts = [m.text];
  if (m.card) {
    const lines = [m.card.title, ...(m.card.fields ?? []).map((f) => (lang === 'zh' ? `${f.label}：${f.value}` : `${f.label}: ${f.value}`))];
    parts.push(lines.join('\n'));
  }
  if (m.image) parts.push(`${m.image.alt} ${m.image.url}`);
  if (m.buttons?.length) {
    parts.push(m.buttons.map((b, i) => (lang === 'zh' ? `回复 ${firstNumber + i} ${b.label}` : `Reply ${firstNumber + i}: ${b.label}`)).join('\n'));
  }
  return parts.filter((p) => p.trim() !== '').join('\n\n');
}

/** A turn's replies as one text, separated by blank lines, its choices numbered across the replies. */
export function renderWechatTurn(replies: OutboundMessage[]): string {
  let next = 1;
  return replies
    .map((m) => {
      const text = renderWechatText(m, next);
      next += m.buttons?.length ?? 0;
      return text;
    })
    .join('\n\n');
}

/** Splits a long text at line breaks (or hard at the limit) into pieces WeChat accepts. */
export function splitWechatText(text: string, max = MAX_WECHAT_TEXT_CHARS): string[] {
  const pieces: string[] = [];
  let current = '';
  for (const line of text.split('\n')) {
    const candidate = current ? `${current}\n${line}` : line;
    if (candidate.length <= max) {
      current = candidate;
      continue;
    }
    if (current) pieces.push(current);
    let rest = line;
    while (rest.length > max) {
      pieces.push(rest.slice(0, max));
      rest = rest.slice(max);
    }
    current = rest;
  }
  if (current || !pieces.length) pieces.push(current);
  return pieces;
}
