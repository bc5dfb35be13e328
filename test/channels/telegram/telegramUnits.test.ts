// The channel's pure parts: text splitting, the rate limiter and the update mapping.
import type { Update } from 'grammy/types';
import { describe, expect, it } from 'vitest';
import { createRateLimiter } from '../../../src/channels/telegram/createRateLimiter.js';
import { renderOutbound } from '../../../src/channels/telegram/renderOutbound.js';
import { splitText } from '../../../src/channels/telegram/splitText.js';
import { toInboundMessage } from '../../../src/channels/telegram/toInboundMessage.js';
import { SendError } from '../../../src/core/outbox.js';
import { FAKE_BOT, telegramUser } from '../../helpers/fakeTelegram.js';

const AT = new Date('2026-12-03T02:15:00Z');
const BOT = { id: FAKE_BOT.id, username: FAKE_BOT.username };

describe('splitText', () => {
  it('keeps a short text whole', () => {
    expect(splitText('hello')).toEqual(['hello']);
  });
  it('cuts at paragraphs, then lines, then spaces, then hard', () => {
    expect(splitText('aaaa\n\nbbbb', 8)).toEqual(['aaaa', 'bbbb']);
    expect(splitText('aaa\nbbb ccc', 8)).toEqual(['aaa', 'bbb ccc']);
    expect(splitText('aaa bbb ccc', 8)).toEqual(['aaa bbb', 'ccc']);
    expect(splitText('abcdefghij', 4)).toEqual(['abcd', 'efgh', 'ij']);
  });
  it('never splits an emoji in half', () => {
    const parts = splitText('abc😀def', 4);
    expect(parts).toEqual(['abc', '😀de', 'f']);
  });
});

describe('createRateLimiter', () => {
  it('spaces sends to one chat and refuses waits past the bound with a retry-after', async () => {
    let t = 0;
    const waits: number[] = [];
    const limiter = createRateLimiter(
      { perChatIntervalMs: 1000, globalPerSecond: 0, maxWaitMs: 1500 },
      () => t,
      async (ms) => void waits.push(ms),
    );
    await limiter.take('a');
    await limiter.take('b');
    await limiter.take('a');
    expect(waits).toEqual([1000]);
    await expect(limiter.take('a')).rejects.toMatchObject({ opts: { retryAfterMs: 2000 } });
    t = 5000;
    await limiter.take('a');
    expect(waits).toEqual([1000]);
  });
  it('spaces all sends by the global rate', async () => {
    const waits: number[] = [];
    const limiter = createRateLimiter(
      { perChatIntervalMs: 0, globalPerSecond: 20, maxWaitMs: 1000 },
      () => 0,
      async (ms) => void waits.push(ms),
    );
    for (const chat of ['a', 'b', 'c']) await limiter.take(chat);
    expect(waits).toEqual([50, 100]);
  });
});

describe('toInboundMessage', () => {
  const user = telegramUser(42, { firstName: 'Lei', languageCode: 'en' });
  it('maps a text with the profile and a bot-scoped event id', () => {
    const update = user.text('hello');
    expect(toInboundMessage(update, BOT, AT)).toEqual({
      channel: 'telegram',
      eventId: `${FAKE_BOT.id}:${update.update_id}`,
      chatId: '42',
      userId: '42',
      side: 'customer',
      kind: 'text',
      text: 'hello',
      at: AT,
      profile: { displayName: 'Lei', languageCode: 'en' },
    });
  });
  it('maps commands with their arguments, and ignores commands for another bot', () => {
    expect(toInboundMessage(user.text('/start c_spring-2026'), BOT, AT)).toMatchObject({ kind: 'command', command: { name: 'start', args: 'c_spring-2026' } });
    expect(toInboundMessage(user.text(`/help@${FAKE_BOT.username}`), BOT, AT)).toMatchObject({ kind: 'command', command: { name: 'help', args: '' } });
    expect(toInboundMessage(user.text('/start@OtherBot'), BOT, AT)).toBeUndefined();
  });
  it('maps a button press and the user’s own contact', () => {
    expect(toInboundMessage(user.press('td:confirm'), BOT, AT)).toMatchObject({ kind: 'button', action: 'td:confirm', chatId: '42' });
    // the account's own number: proven, carried beside the text the bots read as usual
    expect(toInboundMessage(user.shareContact('8613812345678'), BOT, AT)).toMatchObject({
      kind: 'text',
      text: '+8613812345678',
      contact: { phone: '+8613812345678', proven: true },
    });
    expect(toInboundMessage(user.shareContact('8613812345678', 7), BOT, AT)).toBeUndefined();
    // a phone typed as text proves nothing
    expect(toInboundMessage(user.text('13812345678'), BOT, AT)).not.toHaveProperty('contact');
  });
  it('ignores updates the bots do not handle', () => {
    expect(toInboundMessage({ update_id: 1, edited_message: user.text('x').message } as Update, BOT, AT)).toBeUndefined();
  });
});

describe('renderOutbound', () => {
  it('offers the phone share in the text’s language', () => {
    const [zh] = renderOutbound({ text: '请留下手机号', requestContact: true });
    const [en] = renderOutbound({ text: 'Your phone number?', requestContact: true });
    expect(JSON.stringify(zh.reply_markup)).toContain('分享我的手机号');
    expect(JSON.stringify(en.reply_markup)).toContain('Share my phone number');
  });
  it('accepts the longest values the bots produce and refuses longer ones', () => {
    const move = `td:move:${'c'.repeat(25)}:2026-12-05T15:00`;
    expect(renderOutbound({ text: 'x', buttons: [{ label: 'ok', value: move }] })[0].reply_markup).toEqual({
      inline_keyboard: [[{ text: 'ok', callback_data: move }]],
    });
    expect(() => renderOutbound({ text: 'x', buttons: [{ label: 'ok', value: '好'.repeat(22) }] })).toThrow(SendError);
  });
});
