// WeChat's side of the callback, as the chaos scenario needs it: a message is signed once
// and that same request (URL, nonce, body) is sent again while no answer comes within
// 5 s or the connection fails, as WeChat retries a callback; the first HTTP answer ends
// it. Plain mode (明文模式): the signed query is the same as in safe mode, and the passive
// answer can be read without the AES key.
import { parseWechatXml } from '../../src/channels/wechat/wechatXml.js';
import { signCallback, textXml, type WechatEndpoint } from '../channels/wechat/wechatUser.js';
import { sleep } from './createTelegramPoster.js';

export interface WechatAnswer {
  /** the HTTP status of the answer that ended the retries (0: none came before the deadline) */
  status: number;
  /** the passive reply's text, when the turn was answered in the response */
  text?: string;
  /** requests sent for this message (1 = no retry) */
  tries: number;
}

export interface WechatPoster {
  deliver(openid: string, content: string, msgId: string): Promise<WechatAnswer>;
  stats: { posts: number; retries: number };
  stop(): void;
}

/** WeChat waits this long for an answer before it tries the same request again. */
const WECHAT_WAIT_MS = 5_000;

export function createWechatPoster(opts: { baseUrl: string; endpoint: WechatEndpoint }): WechatPoster {
  const stats = { posts: 0, retries: 0 };
  let stopped = false;
  return {
    stats,
    stop: () => void (stopped = true),
    async deliver(openid, content, msgId) {
      const req = signCallback(opts.endpoint, textXml(openid, content, msgId), Math.floor(Date.now() / 1000));
      for (let tries = 1; !stopped; tries++) {
        stats.posts++;
        if (tries > 1) stats.retries++;
        try {
          const res = await fetch(`${opts.baseUrl}${req.url}`, {
            method: 'POST',
            headers: { 'content-type': 'text/xml' },
            body: req.payload,
            signal: AbortSignal.timeout(WECHAT_WAIT_MS),
          });
          const body = await res.text();
          // WeChat takes any 200 as the answer; anything else is the service's failure to explain
          return { status: res.status, text: res.status === 200 && body.startsWith('<xml>') ? parseWechatXml(body).Content : undefined, tries };
        } catch {
          // no answer within 5 s, refused (the service is down) or cut off (killed)
          await sleep(Math.min(250 * tries, 2000));
        }
      }
      return { status: 0, tries: 0 };
    },
  };
}
