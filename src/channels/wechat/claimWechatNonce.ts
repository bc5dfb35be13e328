// A verified WeChat request is handled once: its nonce is claimed in the store (every
// instance, across restarts) before anything else is written.
import { claimNonce } from '../../core/claimNonce.js';
import type { Db } from '../../store/createPrisma.js';
import { WECHAT_MAX_SKEW_SECONDS } from './verifyWechatQuery.js';

/**
 * A request stamped T passes the freshness check while now is within T ± 300 s, and may
 * first arrive as early as T − 300 s; so its claim must hold 600 s from when it was seen.
 */
export const WECHAT_NONCE_KEEP_MS = 2 * WECHAT_MAX_SKEW_SECONDS * 1000;

/**
 * False for a replay. The key is the timestamp and WeChat's nonce: exactly what the
 * signature covers besides the token, so a replay cannot change either without breaking
 * the signature, and nothing of the body, which plain mode does not sign (a replay with
 * another body and another openid must hit the same key). The timestamp is part of it
 * because WeChat's nonce is a short random number that two genuine requests minutes
 * apart may share by chance; with the timestamp they must also share the second. The URL
 * check (GET) claims in the same key space: its signed query is also a valid plain-mode
 * POST query, and must not be reusable as a message. A callback's claim remembers its
 * message (`eventKey`): WeChat's own retry of that very request (we did not answer in 5 s,
 * the process died) passes on to the inbound dedupe instead of being refused as a replay.
 */
export function claimWechatNonce(db: Db, timestamp: string, nonce: string, now: Date, eventKey?: string): Promise<boolean> {
  return claimNonce(db, { scope: 'wechat', nonce: `${timestamp}:${nonce}`, now, keepMs: WECHAT_NONCE_KEEP_MS, eventKey });
}
