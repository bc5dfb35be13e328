// Sends outbox messages to WeChat users through the customer-service message API
// (allowed within 48 hours of the user's last message or action).
import type { Clock } from '../../infra/clock.js';
import type { Logger } from '../../infra/logger.js';
import { SendError, type Sender } from '../../core/outbox.js';
import { renderWechatText, splitWechatText } from './renderWechatText.js';
import { WechatAccessToken } from './wechatAccessToken.js';

export const DEFAULT_WECHAT_API_BASE = 'https://api.weixin.qq.com';

const TOKEN_ERRORS = new Set([40001, 42001, 40014]); // invalid, expired, malformed access_token
const BUSY_ERRORS = new Set([-1, 45047]); // system busy; too many messages queued for the user
const OUTSIDE_WINDOW = 45015;
const REQUEST_TIMEOUT_MS = 10_000;

interface WechatSenderDeps {
  appId?: string;
  appSecret?: string;
  apiBase?: string;
  clock: Clock;
  log: Logger;
}

export function createWechatSender(deps: WechatSenderDeps): Sender {
  const { appId, appSecret, clock, log } = deps;
  const apiBase = (deps.apiBase ?? DEFAULT_WECHAT_API_BASE).replace(/\/+$/, '');
  const tokens = appId && appSecret ? new WechatAccessToken({ appId, appSecret, apiBase }, clock) : undefined;

  async function post(token: string, body: unknown): Promise<{ errcode?: number; errmsg?: string }> {
    let res: Response;
    try {
      res = await fetch(`${apiBase}/cgi-bin/message/custom/send?access_token=${encodeURIComponent(token)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
    } catch (err) {
      throw new SendError(`WeChat custom/send request failed: ${(err as Error).message}`);
    }
    if (res.status >= 500) throw new SendError(`WeChat custom/send answered HTTP ${res.status}`);
    return (await res.json().catch(() => ({ errcode: -1, errmsg: 'unreadable answer' }))) as { errcode?: number; errmsg?: string };
  }

  async function sendText(tokens: WechatAccessToken, touser: string, content: string): Promise<void> {
    const body = { touser, msgtype: 'text', text: { content } };
    let token = await tokens.get();
    let answer = await post(token, body);
    if (answer.errcode && TOKEN_ERRORS.has(answer.errcode)) {
      // another instance or a console login may have replaced the token: fetch once, retry once
      log.warn({ errcode: answer.errcode }, 'WeChat rejected the access token; fetching it again');
      tokens.invalidate(token);
      token = await tokens.get();
      answer = await post(token, body);
    }
    const code = answer.errcode ?? 0;
    if (code === 0) return;
    if (code === OUTSIDE_WINDOW) {
      throw new SendError('outside WeChat 48-hour customer-service window (errcode 45015)', { permanent: true });
    }
    const reason = `WeChat custom/send error ${code}: ${answer.errmsg ?? ''}`.trim();
    throw new SendError(reason, { permanent: !BUSY_ERRORS.has(code) && !TOKEN_ERRORS.has(code) });
  }

  return {
    async send({ recipient, message }) {
      if (!tokens) {
        throw new SendError('WeChat sending is not configured: set WECHAT_APP_ID and WECHAT_APP_SECRET', { permanent: true });
      }
      for (const piece of splitWechatText(renderWechatText(message))) await sendText(tokens, recipient, piece);
    },
  };
}
