// A Bolt Receiver on the shared Fastify server. Bolt's own HTTPReceiver wants its own port,
// reads the body without a size cap and accepts future timestamps; this one caps the body,
// checks the timestamp both ways and the signature on the raw body before anything runs,
// then keeps the request in the store (so a process that dies after the ack leaves it to
// be run again) and hands the parsed body to Bolt with an ack that completes the response.
import { parse as parseQuery } from 'node:querystring';
import type { App, AckFn, Receiver, ReceiverEvent } from '@slack/bolt';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Clock } from '../../infra/clock.js';
import type { Logger } from '../../infra/logger.js';
import { verifySlackSignature } from './verifySlackSignature.js';

export const SLACK_BODY_LIMIT = 256 * 1024;

interface FastifyReceiver extends Receiver {
  /** Adds the events route (events, commands, interactions) to a Fastify server. */
  register(server: FastifyInstance, path: string): void;
}

/** Where a verified request is kept before Bolt sees it (and acknowledges it). */
export interface SlackRequestStore {
  /** 'run' when this request is new (or its earlier run died); 'skip' for Slack's retry of one in hand or done. */
  keep(body: Record<string, any>): Promise<'run' | 'skip'>;
  /** After Bolt's listeners finished (the response went long before): done, or failed with the reason. */
  finish(body: Record<string, any>, error?: Error): Promise<void>;
}

/** What ack() answered, or the failure before it. */
type Outcome = { status: 200; body?: string | object } | { status: 500 };

export function createFastifyReceiver(o: {
  signingSecret: string;
  clock: Clock;
  log: Logger;
  /** Work still running after its response was sent (the channel waits for it on stop). */
  track: (work: Promise<unknown>) => void;
  store?: SlackRequestStore;
}): FastifyReceiver {
  let bolt: App | undefined;

  function dispatch(event: Omit<ReceiverEvent, 'ack'>): Promise<Outcome> {
    return new Promise<Outcome>((resolve) => {
      let acked = false;
      const ack: AckFn<any> = async (response?: unknown) => {
        if (acked) {
          o.log.warn('slack ack() called twice; the second is ignored');
          return;
        }
        acked = true;
        resolve({ status: 200, body: response === undefined || response === null || response === '' ? undefined : (response as string | object) });
      };
      const work = bolt!.processEvent({ ...event, ack }).then(
        async () => {
          await o.store?.finish(event.body).catch((err) => o.log.error({ err }, 'could not mark a slack request done'));
          // nothing listened (a channel message we do not answer): an empty 200, so Slack does not retry
          resolve({ status: 200 });
        },
        async (err) => {
          if (acked) o.log.error({ err }, 'slack event failed after ack');
          else o.log.error({ err }, 'slack event failed before ack');
          await o.store?.finish(event.body, err as Error).catch((e) => o.log.error({ err: e }, 'could not mark a slack request failed'));
          resolve({ status: 500 });
        },
      );
      o.track(work);
    });
  }

  return {
    init(app) {
      bolt = app;
    },
    // the routes live on the shared server, which the service starts and stops
    async start() {},
    async stop() {},
    register(server, path) {
      // encapsulated: these parsers (raw strings) apply to this route only, not the web chat's JSON
      void server.register(async (scope) => {
        scope.removeAllContentTypeParsers();
        scope.addContentTypeParser(
          ['application/json', 'application/x-www-form-urlencoded'],
          { parseAs: 'string', bodyLimit: SLACK_BODY_LIMIT },
          (_req, body, done) => done(null, body),
        );
        scope.setErrorHandler((err: Error & { statusCode?: number; code?: string }, _req, reply) => {
          if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return reply.status(413).send({ error: `request body is larger than ${SLACK_BODY_LIMIT} bytes` });
          if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return reply.status(415).send({ error: 'Slack sends JSON or form-encoded bodies' });
          const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500;
          if (status >= 500) o.log.error({ err }, 'slack request failed');
          return reply.status(status).send({ error: status >= 500 ? 'internal error' : err.message });
        });
        scope.post(path, { bodyLimit: SLACK_BODY_LIMIT }, async (req, reply) => {
          const rawBody = typeof req.body === 'string' ? req.body : '';
          const verdict = verifySlackSignature({
            signingSecret: o.signingSecret,
            signature: req.headers['x-slack-signature'],
            timestamp: req.headers['x-slack-request-timestamp'],
            rawBody,
            now: o.clock.now(),
          });
          if (!verdict.ok) return reply.status(401).send({ error: verdict.reason });
          let body: Record<string, any>;
          try {
            body = parseSlackBody(rawBody, req.headers['content-type']);
          } catch {
            return reply.status(400).send({ error: 'not a Slack request body' });
          }
          if (body.ssl_check) return reply.status(200).send();
          if (body.type === 'url_verification') return { challenge: body.challenge };
          if (!bolt) return reply.status(503).send({ error: 'slack app not ready' });
          // kept before the ack: a crash after it leaves the request to the sweeper, not lost
          if (o.store && (await o.store.keep(body)) === 'skip') return reply.status(200).send();
          const outcome = await dispatch({
            body,
            retryNum: headerInt(req.headers['x-slack-retry-num']),
            retryReason: headerString(req.headers['x-slack-retry-reason']),
          });
          return sendOutcome(reply, outcome);
        });
      });
    },
  };
}

/** Interactions come as `payload=<json>`, slash commands as plain form fields, events as JSON. */
export function parseSlackBody(rawBody: string, contentType: string | undefined): Record<string, any> {
  if (contentType?.startsWith('application/x-www-form-urlencoded')) {
    const fields = parseQuery(rawBody);
    if (typeof fields.payload === 'string') return readableInteraction(asObject(JSON.parse(fields.payload)));
    return Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
  }
  return asObject(JSON.parse(rawBody));
}

/**
 * An interaction Bolt can route: it reads the team from `team` or `user` (and a view's from
 * `view`) before any listener runs, and throws on a payload without them (found by the
 * fuzz test: a signed `{"name": false}` was a 500). Slack always sends them.
 */
function readableInteraction(body: Record<string, any>): Record<string, any> {
  const isObject = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (!isObject(body.team) && !isObject(body.user)) throw new Error('an interaction without its team or user');
  if ((body.type === 'view_submission' || body.type === 'view_closed') && !isObject(body.view)) throw new Error('a view interaction without its view');
  return body;
}

/** Bolt reads fields of the body: `null`, a number or an array must stop here, as a 400. */
function asObject(parsed: unknown): Record<string, any> {
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
  return parsed as Record<string, any>;
}

function sendOutcome(reply: FastifyReply, outcome: Outcome) {
  if (outcome.status === 500) return reply.status(500).send({ error: 'internal error' });
  if (outcome.body === undefined) return reply.status(200).send();
  if (typeof outcome.body === 'string') return reply.status(200).type('text/plain; charset=utf-8').send(outcome.body);
  return reply.status(200).send(outcome.body);
}

function headerString(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

function headerInt(v: string | string[] | undefined): number | undefined {
  const n = Number.parseInt(headerString(v) ?? '', 10);
  return Number.isNaN(n) ? undefined : n;
}
