// The WeChat Official Account callback: verify (signature, or msg_signature and AES in
// safe mode), dedupe through the pipeline, and answer passively when the turn is quick;
// otherwise answer "success" at once (WeChat gives 5 s, then retries and shows the user
// an error) and deliver the replies later through the outbox and the customer-service API.
import { randomInt } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from '../../core/clock.js';
import type { Config } from '../../core/config.js';
import { MAX_BODY_BYTES } from '../../core/httpServer.js';
import type { Logger } from '../../core/logger.js';
import type { InboundMessage } from '../../core/message.js';
import { enqueueOutbound, type Sender } from '../../core/outbox.js';
import type { Pipeline, TurnResult } from '../../core/pipeline.js';
import type { Db } from '../../store/createPrisma.js';
import { createWechatSender } from './createWechatSender.js';
import { MAX_WECHAT_TEXT_CHARS, renderWechatTurn } from './renderWechatText.js';
import { toInboundMessage } from './toInboundMessage.js';
import { decryptMessage, encryptMessage, msgSignature, signature, signaturesMatch } from './wechatCrypto.js';
import { buildEncryptedReply, buildTextReply, parseWechatXml, type WechatFields } from './wechatXml.js';

export interface WechatChannelDeps {
  config: NonNullable<Config['wechat']>;
  pipeline: Pipeline;
  db: Db;
  log: Logger;
  clock: Clock;
  /** How long a turn may take and still be answered in the callback's response. */
  replyBudgetMs?: number;
}

export interface WechatChannel {
  registerRoutes(app: FastifyInstance): void;
  sender: Sender;
}

type Query = Partial<Record<'signature' | 'timestamp' | 'nonce' | 'echostr' | 'encrypt_type' | 'msg_signature', string>>;

/** The decrypted callback and, in safe mode, the key and appid to encrypt the answer with. */
interface Opened {
  fields: WechatFields;
  safe?: { aesKey: string; appId: string };
}

const OK = 'success';

export function createWechatChannel(deps: WechatChannelDeps): WechatChannel {
  const { config, pipeline, db, clock } = deps;
  const log = deps.log.child({ channel: 'wechat' });
  const budgetMs = deps.replyBudgetMs ?? deps.config.replyBudgetMs;
  const sender = createWechatSender({ appId: config.appId, appSecret: config.appSecret, apiBase: config.apiBase, clock, log });

  function signedByWechat(q: Query): boolean {
    if (!q.timestamp || !q.nonce) return false;
    return signaturesMatch(q.signature, signature(config.token, q.timestamp, q.nonce));
  }

  /** Verifies and decrypts; a string is the reason to reject the request. */
  function open(q: Query, body: string): Opened | string {
    let outer: WechatFields;
    try {
      outer = parseWechatXml(body);
    } catch {
      return 'body is not WeChat XML';
    }
    if (q.encrypt_type !== 'aes') return { fields: outer };
    if (!config.encodingAesKey) return 'encrypted message, but WECHAT_ENCODING_AES_KEY is not set';
    if (!outer.Encrypt) return 'encrypted message without an Encrypt field';
    if (!signaturesMatch(q.msg_signature, msgSignature(config.token, q.timestamp!, q.nonce!, outer.Encrypt))) return 'bad msg_signature';
    // during a key rotation WeChat may still send (or retry) with the previous key
    for (const aesKey of [config.encodingAesKey, config.previousAesKey]) {
      if (!aesKey) continue;
      try {
        const { xml, appId } = decryptMessage(outer.Encrypt, aesKey, config.appId);
        return { fields: parseWechatXml(xml), safe: { aesKey, appId } };
      } catch {
        // try the next key
      }
    }
    return 'message could not be decrypted';
  }

  function answer(reply: FastifyReply, opened: Opened, text: string) {
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

  async function receive(req: FastifyRequest<{ Querystring: Query }>, reply: FastifyReply) {
    const q = req.query;
    if (!signedByWechat(q)) return reply.status(401).type('text/plain; charset=utf-8').send('bad signature');
    const opened = open(q, typeof req.body === 'string' ? req.body : '');
    if (typeof opened === 'string') return reply.status(400).type('text/plain; charset=utf-8').send(opened);

    const msg = await toInboundMessage(db, opened.fields, clock.now());
    if (!msg) return reply.type('text/plain').send(OK);

    const turn = pipeline.handle(msg, { inline: true });
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), budgetMs)));
    const first = await Promise.race([turn, late]).finally(() => clearTimeout(timer));

    if (first === 'late') {
      turn.then(
        (result) => enqueueLate(msg, result),
        (err: unknown) => log.error({ err, eventId: msg.eventId }, 'WeChat turn failed after the passive-reply budget'),
      ).catch((err: unknown) => log.error({ err, eventId: msg.eventId }, 'could not queue the late WeChat replies'));
      return reply.type('text/plain').send(OK);
    }
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
    sender,
    registerRoutes(app) {
      // encapsulated, so the XML body parser applies to these routes only
      void app.register(async (scope) => {
        scope.addContentTypeParser(['text/xml', 'application/xml'], { parseAs: 'string', bodyLimit: MAX_BODY_BYTES }, (_req, body, done) => done(null, body));

        scope.get<{ Querystring: Query }>('/wechat', async (req, reply) => {
          if (!signedByWechat(req.query)) return reply.status(401).type('text/plain; charset=utf-8').send('bad signature');
          return reply.type('text/plain; charset=utf-8').send(req.query.echostr ?? '');
        });

        scope.post<{ Querystring: Query }>('/wechat', receive);
      });
    },
  };
}
