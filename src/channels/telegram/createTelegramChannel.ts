// The Telegram channel: updates come in by webhook on the shared server (or by long
// polling), run through a grammY Bot into the pipeline; replies go out through the outbox,
// whose sender here calls the Bot API within Telegram's rate limits.
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Bot, type Context } from 'grammy';
import type { Update, UserFromGetMe } from 'grammy/types';
import type { Clock } from '../../infra/clock.js';
import type { Config } from '../../infra/config.js';
import type { Logger } from '../../infra/logger.js';
import type { Channel } from '../../core/channel.js';
import type { Sender } from '../../core/outbox.js';
import type { Pipeline } from '../../core/pipeline.js';
import { createRateLimiter, TELEGRAM_LIMITS, type RateLimits } from './createRateLimiter.js';
import { renderOutbound } from './renderOutbound.js';
import { toInboundMessage } from './toInboundMessage.js';
import { toSendError } from './toSendError.js';

export const TELEGRAM_WEBHOOK_PATH = '/telegram/webhook';
export const TELEGRAM_BODY_LIMIT = 256 * 1024;
const ALLOWED_UPDATES = ['message', 'callback_query'] as const;
/**
 * A send the Bot API has not answered in this long fails, and the outbox retries it, as
 * the WeChat and Slack senders do after 10 s. grammY's own limit (500 s, meant for long
 * polls and uploads) let one request that never got an answer hold the outbox for
 * minutes (found by test/chaos). Per call, so polling's long getUpdates keeps its own.
 */
export const TELEGRAM_SEND_TIMEOUT_MS = 10_000;

interface TelegramChannelDeps {
  config: NonNullable<Config['telegram']>;
  pipeline: Pipeline;
  log: Logger;
  clock: Clock;
  /** Known bot identity: skips the getMe call at start (tests, benchmarks). */
  botInfo?: UserFromGetMe;
  /** Telegram's limits by default; tests pass zeros. */
  limits?: RateLimits;
  /** TELEGRAM_SEND_TIMEOUT_MS by default; tests pass less. */
  sendTimeoutMs?: number;
}

export interface TelegramChannel extends Channel {
  registerRoutes(app: FastifyInstance): void;
  start(): Promise<void>;
  stop(): Promise<void>;
  setWebhook(url: string): Promise<void>;
}

export function createTelegramChannel(deps: TelegramChannelDeps): TelegramChannel {
  const { config, pipeline, clock } = deps;
  const log = deps.log.child({ channel: 'telegram' });
  if (config.mode === 'webhook' && !config.webhookSecret) {
    throw new Error('TELEGRAM_WEBHOOK_SECRET is required in webhook mode: without it anyone could post updates');
  }
  const bot = new Bot(config.token, { client: { apiRoot: (config.apiRoot ?? 'https://api.telegram.org').replace(/\/+$/, '') }, botInfo: deps.botInfo });
  bot.use((ctx) => handleUpdate(ctx));
  // polling only: a failed update is logged (the pipeline recorded it) and polling goes on
  bot.catch((err) => log.error({ err: err.error, updateId: err.ctx.update.update_id }, 'telegram update failed'));

  async function handleUpdate(ctx: Context): Promise<void> {
    const msg = toInboundMessage(ctx.update, ctx.me, clock.now());
    try {
      // a redelivery while another run owns the update: Telegram must try again later (a
      // 2xx would end its retries), and the sweeper runs it should that owner be dead
      if (msg && (await pipeline.handle(msg)).busy) throw new UpdateBusyError();
    } finally {
      // always, even for a duplicate or a failed turn: the user's button stops spinning
      if (ctx.callbackQuery) await ctx.answerCallbackQuery().catch((err) => log.warn({ err }, 'answerCallbackQuery failed'));
    }
  }

  const limiter = createRateLimiter(deps.limits ?? TELEGRAM_LIMITS);
  // parts of a split message already delivered, so a retry resumes instead of repeating them
  const partsSent = new Map<string, number>();
  const sender: Sender = {
    async send({ recipient, message, idempotencyKey }) {
      try {
        const calls = renderOutbound(message);
        const chatId = toChatId(recipient);
        for (let i = partsSent.get(idempotencyKey) ?? 0; i < calls.length; i++) {
          await limiter.take(recipient);
          const call = calls[i];
          const signal = sendDeadline(deps.sendTimeoutMs ?? TELEGRAM_SEND_TIMEOUT_MS);
          if (call.method === 'sendPhoto') await bot.api.sendPhoto(chatId, call.photo, { caption: call.caption, reply_markup: call.reply_markup }, signal);
          else await bot.api.sendMessage(chatId, call.text, { reply_markup: call.reply_markup }, signal);
          if (calls.length > 1) rememberPart(partsSent, idempotencyKey, i + 1);
        }
        partsSent.delete(idempotencyKey);
      } catch (err) {
        const e = toSendError(err);
        if (e.opts.permanent) partsSent.delete(idempotencyKey);
        throw e;
      }
    },
  };

  let polling: Promise<void> | undefined;
  return {
    name: 'telegram',
    sender,
    // a bot may write to anyone who started it; a user who blocked it answers 403 (a dead letter)
    canReach: () => true,
    registerRoutes(app) {
      app.post(TELEGRAM_WEBHOOK_PATH, { bodyLimit: TELEGRAM_BODY_LIMIT, onRequest: rejectWrongSecret(config.webhookSecret) }, async (req, reply) => {
        const update = req.body as Update | undefined;
        if (!update || typeof update !== 'object' || !Number.isSafeInteger(update.update_id)) {
          return reply.status(400).send({ error: 'not a Telegram update' });
        }
        // start() fetches the bot's identity; if it could not, the first authenticated update
        // does (a failure answers 500 and Telegram redelivers)
        if (!bot.isInited()) bot.botInfo = await bot.api.getMe();
        // a failure answers 500 so Telegram redelivers; the dedupe lets the retry run again
        try {
          await bot.handleUpdate(update);
        } catch (err) {
          if (!(err instanceof UpdateBusyError) && !((err as { error?: unknown }).error instanceof UpdateBusyError)) throw err;
          return reply.status(503).header('retry-after', '10').send({ error: 'this update is still being handled: try again later' });
        }
        return { ok: true };
      });
    },
    async start() {
      if (config.mode === 'webhook') {
        if (bot.isInited()) return;
        // one try: grammY's init retries forever, and an unreachable Telegram must not hold
        // up the whole service's start
        try {
          bot.botInfo = await bot.api.getMe();
        } catch (err) {
          log.warn({ err: toSendError(err).message }, 'telegram getMe failed; the first update will try again');
        }
        return;
      }
      await new Promise<void>((resolve, reject) => {
        polling = bot.start({ drop_pending_updates: false, allowed_updates: [...ALLOWED_UPDATES], onStart: () => resolve() }).catch((err) => {
          log.error({ err }, 'telegram polling stopped');
          reject(err);
        });
      });
    },
    async stop() {
      if (!polling) return;
      await bot.stop();
      await polling;
      polling = undefined;
    },
    async setWebhook(url) {
      await bot.api.setWebhook(url, { secret_token: config.webhookSecret, allowed_updates: [...ALLOWED_UPDATES] });
    },
  };
}

/** The abort signal of one Bot API send. grammY's types name the abort-controller shim's signal; it takes Node's. */
function sendDeadline(ms: number): Parameters<Bot['api']['sendMessage']>[3] {
  return AbortSignal.timeout(ms) as unknown as Parameters<Bot['api']['sendMessage']>[3];
}

/** Another run owns the update now (see Pipeline.handle's `busy`). */
class UpdateBusyError extends Error {
  constructor() {
    super('the update is being handled by another run');
    this.name = 'UpdateBusyError';
  }
}

/** Runs before the body is read: a request without the right secret costs nothing. */
function rejectWrongSecret(secret: string | undefined) {
  const expected = Buffer.from(secret ?? '');
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const given = req.headers['x-telegram-bot-api-secret-token'];
    const ok =
      expected.length > 0 && typeof given === 'string' && Buffer.byteLength(given) === expected.length && timingSafeEqual(Buffer.from(given), expected);
    if (!ok) return reply.status(401).send({ error: 'missing or wrong X-Telegram-Bot-Api-Secret-Token' });
  };
}

/** Chat ids are stored as text; the Bot API takes them as numbers (strings are for @channel names). */
function toChatId(recipient: string): number | string {
  return /^-?\d+$/.test(recipient) ? Number(recipient) : recipient;
}

/** Bounded: a message that dies after its last retry must not leave its entry behind forever. */
function rememberPart(partsSent: Map<string, number>, key: string, count: number): void {
  partsSent.delete(key);
  partsSent.set(key, count);
  if (partsSent.size > 1000) partsSent.delete(partsSent.keys().next().value!);
}
