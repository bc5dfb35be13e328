// The per-channel cap on a text's length, applied by the pipeline before any bot reads it.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Bot } from '../../src/core/bot.js';
import { ManualClock } from '../../src/infra/clock.js';
import type { ChannelName } from '../../src/core/message.js';
import { understand, type Understanding } from '../../src/understanding/nlu/understand.js';
import { Pipeline } from '../../src/core/pipeline.js';
import { countCharacters, findTooLongText, firstCharacters, TEXT_LIMITS } from '../../src/core/textLimits.js';
import { customerText } from '../helpers/fakeChannel.js';
import { insertMinimalStore } from '../helpers/fixtures.js';
import { silentLogger } from '../helpers/silentLogger.js';
import { createTestDb, type TestDb } from '../helpers/testDb.js';

/** `n` characters of `unit` repeated (a unit may be an emoji: two UTF-16 units, one character). */
const repeat = (unit: string, n: number) => [...unit].join('').repeat(n);

describe('findTooLongText', () => {
  it('lets a text at its channel cap through and stops one character more', () => {
    for (const channel of ['web', 'telegram', 'wechat', 'slack'] as ChannelName[]) {
      const limit = TEXT_LIMITS[channel];
      expect(findTooLongText({ channel, text: repeat('试', limit) })).toBeNull();
      expect(findTooLongText({ channel, text: repeat('试', limit + 1) })).toMatchObject({ limit, length: limit + 1 });
    }
  });

  it('counts an emoji as one character, as the writer does', () => {
    const emoji = repeat('🚗', TEXT_LIMITS.telegram); // 8,192 UTF-16 units
    expect(emoji.length).toBe(2 * TEXT_LIMITS.telegram);
    expect(findTooLongText({ channel: 'telegram', text: emoji })).toBeNull();
    expect(findTooLongText({ channel: 'telegram', text: `${emoji}!` })?.length).toBe(TEXT_LIMITS.telegram + 1);
  });

  it('keeps the start of the text for the transcript, marked as cut, without splitting an emoji', () => {
    const text = `${repeat('🚗', 499)}🚙${repeat('x', 5000)}`;
    const found = findTooLongText({ channel: 'web', text })!;
    expect(found.transcriptText.startsWith(`${repeat('🚗', 499)}🚙…`)).toBe(true);
    expect(found.transcriptText).toContain('[已截断：原文共 5500 字 / truncated: 5500 characters in all]');
    expect(countCharacters(found.transcriptText.split('…')[0])).toBe(500);
  });

  it('has nothing to say about a message without text', () => {
    expect(findTooLongText({ channel: 'web', text: undefined })).toBeNull();
    expect(findTooLongText({ channel: 'web', text: '' })).toBeNull();
  });

  it('counts and cuts by code points', () => {
    expect(countCharacters('a🚗b')).toBe(3);
    expect(firstCharacters('a🚗b', 2)).toBe('a🚗');
    expect(firstCharacters('ab', 5)).toBe('ab');
  });
});

describe('the pipeline and a text over its channel cap', () => {
  let t: TestDb;
  let clock: ManualClock;
  let ran: string[];
  let understood: string[];

  // Records that it ran and what it understood, then answers.
  const echoBot: Bot = {
    name: 'echo',
    sides: ['customer', 'staff'],
    async handle(ctx) {
      ran.push(ctx.msg.eventId);
      const u: Understanding = ctx.understanding();
      ctx.reply({ text: `${u.intent} ${u.date} ${u.time}` });
      ctx.setState({ step: 'echoed' });
      return true;
    },
  };

  async function makePipeline() {
    const store = await insertMinimalStore(t.db);
    const read = (text: string, now: Date) => {
      understood.push(text);
      return understand(text, { now, timeZone: store.timezone, models: [] });
    };
    return new Pipeline({ db: t.db, clock, log: silentLogger, store, bots: [echoBot], understand: read });
  }

  beforeEach(async () => {
    t = await createTestDb();
    clock = new ManualClock('2026-12-03T02:15:00Z');
    ran = [];
    understood = [];
  });
  afterEach(async () => t.close());

  it('asks a Chinese writer in Chinese for shorter parts, runs no bot and keeps a marked, truncated copy', async () => {
    const pipeline = await makePipeline();
    const text = repeat('明天下午3点试驾，', 500); // 4,500 characters
    const result = await pipeline.handle(customerText(text, clock.now()), { inline: true });

    expect(result.replies).toEqual([{ text: '您的消息有点长，我一次读不完。麻烦您分成几条发给我，每条不超过 4096 字，谢谢！' }]);
    expect(ran).toEqual([]);
    expect(understood).toEqual([]);

    const transcript = await t.db.chatMessage.findMany({ orderBy: { id: 'asc' } });
    expect(transcript.map((m) => [m.direction, m.author])).toEqual([
      ['in', 'customer'],
      ['out', 'bot'],
    ]);
    expect(transcript[0].text).toBe(`${text.slice(0, 500)}…\n[已截断：原文共 4500 字 / truncated: 4500 characters in all]`);
    const conversation = await t.db.conversation.findFirstOrThrow();
    expect(conversation.state).toBeNull();
  });

  it('asks an English writer in English, through the outbox on a channel that is not inline', async () => {
    const pipeline = await makePipeline();
    const text = repeat('Could I book a test drive tomorrow at 3pm? ', 50); // 2,150 characters
    const result = await pipeline.handle(customerText(text, clock.now(), { channel: 'wechat' }));

    expect(result.replies[0].text).toBe(
      'Your message is a bit long for me to read in one go. Could you send it in a few shorter parts, each up to 2048 characters? Thank you!',
    );
    expect(ran).toEqual([]);
    const queued = await t.db.outboxMessage.findMany();
    expect(queued.map((o) => o.channel)).toEqual(['wechat']);
  });

  it('reads a text at its channel cap as usual', async () => {
    const pipeline = await makePipeline();
    const text = `明天下午3点试驾${repeat('。', TEXT_LIMITS.telegram - 8)}`;
    expect(countCharacters(text)).toBe(TEXT_LIMITS.telegram);
    const result = await pipeline.handle(customerText(text, clock.now()), { inline: true });

    expect(ran).toHaveLength(1);
    expect(understood).toEqual([text]);
    expect(result.replies).toEqual([{ text: 'book_test_drive 2026-12-04 15:00' }]);
    const incoming = await t.db.chatMessage.findFirstOrThrow({ where: { direction: 'in' } });
    expect(incoming.text).toBe(text);
  });

  it('applies each channel its own cap', async () => {
    const pipeline = await makePipeline();
    const text = repeat('试', 3000); // over the web chat's and WeChat's caps, within Telegram's
    const web = await pipeline.handle(customerText(text, clock.now(), { channel: 'web', chatId: 'w', userId: 'w' }), { inline: true });
    const telegram = await pipeline.handle(customerText(text, clock.now(), { channel: 'telegram' }), { inline: true });
    expect(web.replies[0].text).toContain('每条不超过 2000 字');
    expect(telegram.replies[0].text).not.toContain('每条不超过');
    expect(ran).toHaveLength(1);
  });
});
