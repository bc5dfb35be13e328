// The WeChat Official Account callback: verify (signature and freshness, the mode, and
// msg_signature and AES in safe mode), claim the nonce, dedupe through the pipeline, and
// answer passively when the turn is quick; otherwise answer "success" at once (WeChat gives
// 5 s, then retries and shows the user an error) and deliver the replies later through the
// outbox and the customer-service API. Nothing is written before the nonce claim, and the
// claim only after every check passed, so a refused request changes nothing and a forged
// one cannot use up a genuine request's nonce.
import { randomInt } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from '../../infra/clock.js';
import type { Config } from '../../infra/config.js';
import { MAX_BODY_BYTES } from '../../infra/httpServer.js';
import type { Logger } from '../../infra/logger.js';
import type { InboundMessage } from '../../core/message.js';
import type { Channel } from '../../core/channel.js';
import { enqueueOutbound } from '../../core/outbox.js';
import type { Pipeline, TurnResult } from '../../core/pipeline.js';
import type { Db } from '../../store/createPrisma.js';
import { claimWechatNonce } from './claimWechatNonce.js';
import { createWechatSender } from './createWechatSender.js';
import { openWechatCallback, type OpenedCallback } from './openWechatCallback.js';
import { MAX_WECHAT_TEXT_CHARS, renderWechatTurn } from './renderWechatText.js';
import { toInboundMessage } from './toInboundMessage.js';
import { verifyWechatQuery, type WechatQuery } from './verifyWechatQuery.js';
import { encryptMessage, msgSignature } from './wechatCrypto.js';
import { WECHAT_REFUSALS, type WechatRefusal } from './wechatRefusals.js';
import { buildEncryptedReply, buildTextReply } from './wechatXml.js';

interface WechatChannelDeps {
  config: NonNullable<Config['wechat']>;
  pipeline: Pipeline;
  db: Db;
  log: Logger;
  clock: Clock;
  /** How long a turn may take and still be answered in the callback's response. */
  replyBudgetMs?: number;
}

interface WechatChannel extends Channel {
  registerRoutes(app: FastifyInstance): void;
}

/**
 * WeChat lets an account send customer-service messages only within 48 hours of the
 * user's last message or action (errcode 45015 after it): a message the store starts,
 * such as a return-visit question, goes out only inside that window.
 */
export const WECHAT_WINDOW_MS = 48 * 3_600_000;

export function canReachOnWechat(conversation: { lastInboundAt: Date | null }, now: Date): boolean {
  return !!conversation.lastInboundAt && now.getTime() - conversation.lastInboundAt.getTime() <= WECHAT_WINDOW_MS;
}

const OK = 'success';

export function createWechatChannel(deps: WechatChannelDeps): WechatChannel {
  const { config, pipeline, db, clock } = deps;
  const log = deps.log.child({ channel: 'wechat' });
  const budgetMs = deps.replyBudgetMs ?? deps.config.replyBudgetMs;
  const sender = createWechatSender({ appId: config.appId, appSecret: config.appSecret, apiBase: config.apiBase, clock, log });

  if (config.encodingAesKey && config.acceptPlain) {
    log.warn('WECHAT_ACCEPT_PLAIN is on: plain-mode callbacks are accepted beside safe mode; turn it off once the console is in 安全模式');
  }

  /** Refuses with the reason's status and short text; the log has the reason, no request data. */
  function refuse(reply: FastifyReply, refusal: WechatRefusal) {
    log.warn({ refusal }, 'WeChat callback refused');
    const { status, message } = WECHAT_REFUSALS[refusal];
    return reply.status(status).type('text/plain; charset=utf-8').send(message);
  }

  function answer(reply: FastifyReply, opened: OpenedCallback, text: string) {
    const now = clock.now();
    const xml = buildTextReply(opened.fields.FromUserName, opened.fields.ToUserName ?? '', Math.floor(now.getTime() / 1000), text);
    if (!opened.safe) return reply.type('application/xml; charset=utf-8').send(xml);
    const timestamp = String(Math.floor(now.getTime() / 1000));
    const nonce = String(randomInt(100_000_000, 1_000_000_000));
    const encrypt = encryptMessage(xml, opened.safe.aesKey, opened.safe.appId);
    const envelope = buildEncryptedReply(encrypt, msgSignature(config.token, timestamp, nonce, encrypt), timestamp, nonce);
    return reply.type('application/xml; charset=utf-8').send(envelope);
  }

  /**
   * A turn that missed the passive answer goes through the outbox as the same single text,
   * so its choices keep the numbers resolveNumberedChoice gives them across the turn.
   */
  async function enqueueLate(msg: InboundMessage, result: TurnResult): Promise<void> {
    if (!result.replies.length) return;
    await enqueueOutbound(
      db,
      {
        idempotencyKey: `reply:wechat:${msg.eventId}:0`,
        channel: 'wechat',
        recipient: msg.chatId,
        // no conversationId: the turn's replies are in the transcript already, one by one
        message: { text: renderWechatTurn(result.replies) },
      },
      clock.now(),
    );
  }

  async function receive(req: FastifyRequest<{ Querystring: WechatQuery }>, reply: FastifyReply) {
    const now = clock.now();
    const signed = verifyWechatQuery(req.query, config.token, now);
    if (!signed.ok) return refuse(reply, signed.refusal);
    const verdict = openWechatCallback(req.query, signed, typeof req.body === 'string' ? req.body : '', config);
    if (!verdict.ok) return refuse(reply, verdict.refusal);
    const opened = verdict.opened;
    if (!(await claimWechatNonce(db, signed.timestamp, signed.nonce, now, wechatEventKey(opened.fields)))) return refuse(reply, 'replayed');

    const msg = await toInboundMessage(db, opened.fields, clock.now());
    if (!msg) return reply.type('text/plain').send(OK);

    const turn = pipeline.handle(msg, { inline: true });
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), budgetMs)));
    const first = await Promise.race([turn, late]).finally(() => clearTimeout(timer));

    if (first === 'late') {
      turn
        .then(
          (result) => enqueueLate(msg, result),
          (err: unknown) => log.error({ err, eventId: msg.eventId }, 'WeChat turn failed after the passive-reply budget'),
        )
        .catch((err: unknown) => log.error({ err, eventId: msg.eventId }, 'could not queue the late WeChat replies'));
      return reply.type('text/plain').send(OK);
    }
    // a duplicate (handled, or owned by another run: the sweeper runs it if that one died)
    // is answered "success"; anything else shows the customer "该公众号暂时无法提供服务"
    if (first.duplicate || !first.replies.length) return reply.type('text/plain').send(OK);
    const text = renderWechatTurn(first.replies);
    if (text.length > MAX_WECHAT_TEXT_CHARS) {
      // a passive reply is one message: a long turn goes out in pieces through the API
      await enqueueLate(msg, first);
      return reply.type('text/plain').send(OK);
    }
    return answer(reply, opened, text);
  }

  return {
    name: 'wechat',
    sender,
    canReach: canReachOnWechat,
    registerRoutes(app) {
      // encapsulated, so the XML body parser applies to these routes only
      void app.register(async (scope) => {
        scope.addContentTypeParser(['text/xml', 'application/xml'], { parseAs: 'string', bodyLimit: MAX_BODY_BYTES }, (_req, body, done) => done(null, body));

        // The URL check gets the same freshness and claims its nonce too: it writes nothing
        // else, but its signed query would otherwise pass as a plain-mode message's.
        scope.get<{ Querystring: WechatQuery }>('/wechat', async (req, reply) => {
          const now = clock.now();
          const signed = verifyWechatQuery(req.query, config.token, now);
          if (!signed.ok) return refuse(reply, signed.refusal);
          if (!(await claimWechatNonce(db, signed.timestamp, signed.nonce, now))) return refuse(reply, 'replayed');
          const { echostr } = req.query;
          return reply.type('text/plain; charset=utf-8').send(typeof echostr === 'string' ? echostr : '');
        });

        scope.post<{ Querystring: WechatQuery }>('/wechat', receive);
      });
    },
  };
}

/** What a callback carries, as its retries repeat it: the MsgId, or an event's sender, time and kind. */
function wechatEventKey(f: Record<string, string>): string | undefined {
  if (f.MsgId) return `msg:${f.MsgId}`;
  if (f.FromUserName && f.CreateTime) return `event:${f.FromUserName}:${f.CreateTime}:${f.Event ?? ''}`;
  return undefined;
}
