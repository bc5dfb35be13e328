// Slack signs every request: `v0=` + hex HMAC-SHA256(signing secret, `v0:{timestamp}:{raw body}`).
// Bolt checks only stale timestamps; we also refuse future ones (a captured request replayed
// later must not work), with the injected clock so tests control "now".
import { createHmac, timingSafeEqual } from 'node:crypto';

/** How far a request's timestamp may be from now, either way (Slack's own rule is 5 minutes). */
export const SLACK_MAX_SKEW_SECONDS = 300;

export function computeSlackSignature(signingSecret: string, timestamp: string | number, rawBody: string): string {
  return `v0=${createHmac('sha256', signingSecret).update(`v0:${timestamp}:${rawBody}`).digest('hex')}`;
}

type SignatureVerdict = { ok: true } | { ok: false; reason: string };

export function verifySlackSignature(args: {
  signingSecret: string;
  signature: string | string[] | undefined;
  timestamp: string | string[] | undefined;
  rawBody: string;
  now: Date;
}): SignatureVerdict {
  const { signature, timestamp } = args;
  if (typeof signature !== 'string' || typeof timestamp !== 'string') return { ok: false, reason: 'missing X-Slack-Signature or X-Slack-Request-Timestamp' };
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: 'X-Slack-Request-Timestamp is not an integer' };
  const skew = Math.abs(Math.floor(args.now.getTime() / 1000) - Number(timestamp));
  if (skew > SLACK_MAX_SKEW_SECONDS) return { ok: false, reason: 'X-Slack-Request-Timestamp is too far from now' };
  const expected = Buffer.from(computeSlackSignature(args.signingSecret, timestamp, args.rawBody));
  const given = Buffer.from(signature);
  // equal lengths first: timingSafeEqual throws on different lengths
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'wrong X-Slack-Signature' };
  return { ok: true };
}
