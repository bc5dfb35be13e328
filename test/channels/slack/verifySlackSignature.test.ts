// Slack's published signing example, and the timestamp window both ways.
import { describe, expect, it } from 'vitest';
import { computeSlackSignature, verifySlackSignature } from '../../../src/channels/slack/verifySlackSignature.js';

const SECRET = '8f742231b10e8888abcd99yyyzzz85a5';
const TS = '1531420618';
const BODY =
  'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';
const SIGNATURE = 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503';
const at = (seconds: number) => new Date(seconds * 1000);

describe('Slack request signature', () => {
  it('matches the official example', () => {
    expect(computeSlackSignature(SECRET, TS, BODY)).toBe(SIGNATURE);
    expect(verifySlackSignature({ signingSecret: SECRET, signature: SIGNATURE, timestamp: TS, rawBody: BODY, now: at(Number(TS)) })).toEqual({ ok: true });
  });

  it('refuses a changed body, a wrong secret and a malformed signature', () => {
    const now = at(Number(TS));
    expect(verifySlackSignature({ signingSecret: SECRET, signature: SIGNATURE, timestamp: TS, rawBody: BODY + 'x', now }).ok).toBe(false);
    expect(verifySlackSignature({ signingSecret: SECRET + 'x', signature: SIGNATURE, timestamp: TS, rawBody: BODY, now }).ok).toBe(false);
    expect(verifySlackSignature({ signingSecret: SECRET, signature: 'v0=short', timestamp: TS, rawBody: BODY, now }).ok).toBe(false);
    expect(verifySlackSignature({ signingSecret: SECRET, signature: undefined, timestamp: TS, rawBody: BODY, now }).ok).toBe(false);
  });

  it('accepts 300 s either way and refuses beyond, stale or future', () => {
    const check = (offset: number) =>
      verifySlackSignature({ signingSecret: SECRET, signature: SIGNATURE, timestamp: TS, rawBody: BODY, now: at(Number(TS) + offset) }).ok;
    expect([check(-300), check(300), check(-301), check(301)]).toEqual([true, true, false, false]);
    expect(verifySlackSignature({ signingSecret: SECRET, signature: SIGNATURE, timestamp: '1531420618.5', rawBody: BODY, now: at(Number(TS)) })).toMatchObject({
      ok: false,
      reason: expect.stringContaining('integer'),
    });
  });
});
