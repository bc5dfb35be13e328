// Found by the chaos run: a Bot API request that never got an answer (a dropped
// connection, a proxy that hangs) held its send for grammY's 500 s, and with it the outbox.
// A send now fails after its timeout, retryably, and the retry delivers.
import { describe, expect, it } from 'vitest';
import { createTelegramChannel } from '../../../src/channels/telegram/createTelegramChannel.js';
import type { Pipeline } from '../../../src/core/pipeline.js';
import { FAKE_BOT, startFakeTelegram, type SendOutcome } from '../../helpers/fakeTelegram.js';
import { silentLogger } from '../../helpers/silentLogger.js';

const NO_LIMITS = { perChatIntervalMs: 0, globalPerSecond: 0, maxWaitMs: 0 };

describe('Telegram send timeout', () => {
  it('fails a send the Bot API never answers, retryably, and the retry delivers', async () => {
    const outcomes: SendOutcome[] = [{ holdMs: Infinity }, null];
    const fake = await startFakeTelegram('123456:TEST-token', { fault: () => outcomes.shift() ?? null });
    try {
      const channel = createTelegramChannel({
        config: { token: fake.token, apiRoot: fake.url, webhookSecret: 'secret', mode: 'webhook' },
        pipeline: {} as Pipeline,
        log: silentLogger,
        clock: { now: () => new Date() },
        botInfo: FAKE_BOT,
        limits: NO_LIMITS,
        sendTimeoutMs: 300,
      });
      const send = () => channel.sender.send({ recipient: '601', idempotencyKey: 'held-1', message: { text: '您好' } });
      const started = Date.now();
      await expect(send()).rejects.toMatchObject({ name: 'SendError', message: expect.stringContaining('unreachable'), opts: {} });
      expect(Date.now() - started).toBeLessThan(5_000);
      await send();
      expect(fake.sent()).toHaveLength(2);
      expect(fake.delivered().map((c) => c.params.text)).toEqual(['您好']);
    } finally {
      await fake.close();
    }
  });
});
