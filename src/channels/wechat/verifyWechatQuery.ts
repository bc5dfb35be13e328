// The checks a WeChat callback's query string allows before anything is read or stored:
// WeChat's signature (sha1 of the sorted token, timestamp and nonce) and freshness. A
// signed query alone would be valid forever, so the timestamp it signs must be near now
// (the injected clock): a logged query string stops working after a few minutes, and the
// nonce claim (claimWechatNonce) refuses it within them.
import { signature, signaturesMatch } from './wechatCrypto.js';
import type { WechatRefusal } from './wechatRefusals.js';

/** How far a request's timestamp may be from now, either way (the same 5 minutes as Slack's rule). */
export const WECHAT_MAX_SKEW_SECONDS = 300;

export type WechatQuery = Partial<Record<'signature' | 'timestamp' | 'nonce' | 'echostr' | 'encrypt_type' | 'msg_signature', string | string[]>>;

type QueryVerdict = { ok: true; timestamp: string; nonce: string } | { ok: false; refusal: WechatRefusal };

export function verifyWechatQuery(q: WechatQuery, token: string, now: Date): QueryVerdict {
  const { timestamp, nonce } = q;
  // a repeated parameter arrives as an array: never what WeChat sends
  if (typeof timestamp !== 'string' || typeof nonce !== 'string' || !timestamp || !nonce) return { ok: false, refusal: 'bad_signature' };
  if (typeof q.signature !== 'string' || !signaturesMatch(q.signature, signature(token, timestamp, nonce))) return { ok: false, refusal: 'bad_signature' };
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, refusal: 'stale' };
  const skew = Math.abs(Math.floor(now.getTime() / 1000) - Number(timestamp));
  if (skew > WECHAT_MAX_SKEW_SECONDS) return { ok: false, refusal: 'stale' };
  return { ok: true, timestamp, nonce };
}
