// The Slack side of the digest: several cards as sections, fields and dividers within the
// limits; a message with a file goes through files.uploadV2 (three calls) on a fake Web API.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSlackChannel, type SlackChannel } from '../../../src/channels/slack/createSlackChannel.js';
import { renderBlocks } from '../../../src/channels/slack/renderBlocks.js';
import { ManualClock } from '../../../src/infra/clock.js';
import { parseDigestChannels, loadConfig } from '../../../src/infra/config.js';
import { startFakeSlack, type FakeSlack } from '../../helpers/fakeSlack.js';
import { silentLogger } from '../../helpers/silentLogger.js';
import { createTestDb, type TestDb } from '../../helpers/testDb.js';

describe('Slack: cards', () => {
  it('renders several cards with a divider before each and at most 10 fields a section', () => {
    const fields = Array.from({ length: 23 }, (_, i) => ({ label: `F${i}`, value: i === 3 ? '' : `v<${i}>` }));
    const { text, blocks } = renderBlocks({
      text: '',
      cards: [
        { title: 'A', fields: fields.slice(0, 2) },
        { title: 'B & C', fields },
      ],
    });
    expect(text).toBe('A');
    expect(blocks.map((b) => b.type)).toEqual(['divider', 'section', 'divider', 'section', 'section', 'section']);
    expect(blocks.map((b) => (b.fields as unknown[] | undefined)?.length ?? 0)).toEqual([0, 2, 0, 10, 10, 3]);
    expect(blocks[3]).toMatchObject({ text: { type: 'mrkdwn', text: '*B &amp; C*' } });
    expect((blocks[3].fields as { text: string }[])[3].text).toBe('*F3*\n—');
    expect((blocks[3].fields as { text: string }[])[0].text).toBe('*F0*\nv&lt;0&gt;');
  });

  it('caps a message with too many cards at 50 blocks', () => {
    const cards = Array.from({ length: 40 }, (_, i) => ({ title: `card ${i}`, fields: [{ label: 'x', value: 'y' }] }));
    expect(renderBlocks({ text: 'many', cards }).blocks).toHaveLength(50);
  });
});

describe('Slack: SLACK_DIGEST_CHANNELS', () => {
  it('parses team=channel pairs with an optional language', () => {
    expect(parseDigestChannels('sales-1=C0123, sales-2=C0456:en,store=C0789')).toEqual({
      'sales-1': { channel: 'C0123' },
      'sales-2': { channel: 'C0456', lang: 'en' },
      store: { channel: 'C0789' },
    });
    expect(parseDigestChannels('')).toBeUndefined();
    expect(() => parseDigestChannels('sales-1')).toThrow(/SLACK_DIGEST_CHANNELS/);
    const config = loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's', SLACK_DIGEST_CHANNELS: 'store=C0789' });
    expect(config.slack?.digestChannels).toEqual({ store: { channel: 'C0789' } });
  });
});

describe('Slack: file upload', () => {
  let t: TestDb;
  let fake: FakeSlack;
  let slack: SlackChannel;
  beforeEach(async () => {
    t = await createTestDb();
    fake = await startFakeSlack();
    slack = createSlackChannel({
      config: { botToken: fake.token, signingSecret: 'x'.repeat(32), apiUrl: fake.apiUrl },
      pipeline: undefined as never,
      db: t.db,
      log: silentLogger,
      clock: new ManualClock('2026-12-03T00:30:00Z'),
    });
  });
  afterEach(async () => {
    await slack.stop();
    await fake.close();
    await t.close();
  });

  const bytes = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 3, 255, 254, 0, 10, 13]);
  const message = {
    text: 'the chart',
    attachment: { data: bytes.toString('base64'), filename: 'chart.png', mimeType: 'image/png', alt: 'a chart', title: 'Board' },
  };

  it('uploads the bytes with getUploadURLExternal, the upload URL and completeUploadExternal, posting no message', async () => {
    const sent = await slack.sender.send({ recipient: 'C0SALES1/1700000000.000001', idempotencyKey: 'f-1', message });
    expect(sent).toEqual({ ref: 'C0SALES1/1700000000.000001' });
    expect(fake.calls.map((c) => c.method)).toEqual(['files.getUploadURLExternal', 'upload', 'files.completeUploadExternal']);
    expect(fake.callsOf('files.getUploadURLExternal')[0].params).toMatchObject({ filename: 'chart.png', length: String(bytes.length), alt_text: 'a chart' });
    expect(fake.uploads).toHaveLength(1);
    expect(fake.uploads[0].bytes!.equals(bytes)).toBe(true);
    expect(fake.uploads[0].completed).toEqual({ channelId: 'C0SALES1', threadTs: '1700000000.000001', initialComment: 'the chart', title: 'Board' });
    expect(fake.callsOf('chat.postMessage')).toEqual([]);
  });

  it('maps a 429 or a 500 during the upload to a retryable send error', async () => {
    fake.failNext('files.getUploadURLExternal', { status: 429, retryAfter: 12 });
    await expect(slack.sender.send({ recipient: 'C0SALES1', idempotencyKey: 'f-2', message })).rejects.toMatchObject({
      name: 'SendError',
      opts: { retryAfterMs: 12_000 },
    });
    fake.failNext('upload', { status: 500 });
    const err = await slack.sender.send({ recipient: 'C0SALES1', idempotencyKey: 'f-2', message }).catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'SendError' });
    expect((err as { opts: { permanent?: boolean } }).opts.permanent).toBeFalsy();
    expect(fake.uploads.filter((u) => u.completed)).toHaveLength(0);
    await slack.sender.send({ recipient: 'C0SALES1', idempotencyKey: 'f-2', message });
    expect(fake.uploads.filter((u) => u.completed)).toHaveLength(1);
  });
});
