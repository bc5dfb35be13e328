// Signed requests as Slack sends them to the events URL: Events API callbacks (JSON),
// slash commands (form fields) and interactions (form field `payload` with JSON), as
// Fastify inject options. The timestamp comes from the test's clock.
import { stringify } from 'node:querystring';
import type { InjectOptions } from 'fastify';
import { SLACK_EVENTS_PATH } from '../../src/channels/slack/createSlackChannel.js';
import { computeSlackSignature } from '../../src/channels/slack/verifySlackSignature.js';
import type { Clock } from '../../src/infra/clock.js';
import { FAKE_TEAM_ID } from './fakeSlack.js';

export interface SignOptions {
  /** Seconds added to the clock's now for the timestamp header (negative: in the past). */
  skewSeconds?: number;
  /** Sign with this secret instead (a wrong signature). */
  secret?: string;
  headers?: Record<string, string>;
}

export function slackRequests(signingSecret: string, clock: Clock) {
  let counter = 0;
  const next = () => (counter += 1);

  function signed(rawBody: string, contentType: string, opts: SignOptions = {}): InjectOptions {
    const ts = String(Math.floor(clock.now().getTime() / 1000) + (opts.skewSeconds ?? 0));
    return {
      method: 'POST',
      url: SLACK_EVENTS_PATH,
      headers: {
        'content-type': contentType,
        'x-slack-request-timestamp': ts,
        'x-slack-signature': computeSlackSignature(opts.secret ?? signingSecret, ts, rawBody),
        ...opts.headers,
      },
      payload: rawBody,
    };
  }

  return {
    signed,
    /** An Events API callback; returns the request and its event_id. */
    event(event: Record<string, unknown>, opts: SignOptions & { eventId?: string } = {}) {
      const eventId = opts.eventId ?? `Ev${String(next()).padStart(8, '0')}`;
      const body = {
        token: 'legacy',
        team_id: FAKE_TEAM_ID,
        api_app_id: 'A0APP',
        type: 'event_callback',
        event_id: eventId,
        event_time: Math.floor(clock.now().getTime() / 1000),
        event,
      };
      return { request: signed(JSON.stringify(body), 'application/json', opts), eventId };
    },
    urlVerification(challenge: string, opts: SignOptions = {}) {
      return signed(JSON.stringify({ token: 'legacy', challenge, type: 'url_verification' }), 'application/json', opts);
    },
    command(userId: string, command: string, text = '', opts: SignOptions = {}) {
      const triggerId = `${next()}.1.trig`;
      const fields = {
        token: 'legacy',
        team_id: FAKE_TEAM_ID,
        team_domain: 'dealer',
        channel_id: 'D0DM',
        channel_name: 'directmessage',
        user_id: userId,
        user_name: userId.toLowerCase(),
        command,
        text,
        api_app_id: 'A0APP',
        response_url: 'https://hooks.slack.com/commands/x',
        trigger_id: triggerId,
      };
      return { request: signed(stringify(fields), 'application/x-www-form-urlencoded', opts), triggerId };
    },
    interaction(payload: Record<string, unknown>, opts: SignOptions = {}) {
      return signed(
        stringify({ payload: JSON.stringify({ team: { id: FAKE_TEAM_ID }, api_app_id: 'A0APP', token: 'legacy', ...payload }) }),
        'application/x-www-form-urlencoded',
        opts,
      );
    },
    /** A new trigger id, as Slack gives each interaction. */
    triggerId: () => `${next()}.2.trig`,
  };
}

/** The pieces of a DM message event from a user. */
export function dm(user: string, text: string, ts = '1700000100.000001') {
  return { type: 'message', channel: `D${user.slice(1)}`, channel_type: 'im', user, text, ts, event_ts: ts };
}
