// A fake Slack Web API on 127.0.0.1: records every call with its parsed params (the
// WebClient sends form-encoded fields with JSON-encoded objects, or JSON), answers the
// methods the channel uses, and can be told to fail the next calls of a method (429 with
// Retry-After, 500, or a Slack `ok: false` error).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse as parseQuery } from 'node:querystring';

export interface SlackCall {
  method: string;
  params: Record<string, any>;
}

export type SlackFailure = { status: 429; retryAfter: number } | { status: 500 } | { error: string };

export const FAKE_BOT_USER_ID = 'U0BOT0001';
export const FAKE_BOT_ID = 'B0BOT0001';
export const FAKE_TEAM_ID = 'T0TEAM001';

export interface FakeSlack {
  /** The WebClient's slackApiUrl. */
  apiUrl: string;
  token: string;
  calls: SlackCall[];
  /** E-mail addresses users.info reports, by user id (a user not listed: user_not_found). */
  emails: Map<string, string>;
  failNext(method: string, ...failures: SlackFailure[]): void;
  callsOf(method: string): SlackCall[];
  close(): Promise<void>;
}

export async function startFakeSlack(token = 'xoxb-test-token'): Promise<FakeSlack> {
  const calls: SlackCall[] = [];
  const failures = new Map<string, SlackFailure[]>();
  const emails = new Map<string, string>();
  let ts = 0;
  let viewId = 0;

  const answer = (method: string, params: Record<string, any>): { status: number; headers?: Record<string, string>; body: unknown } => {
    const failure = failures.get(method)?.shift();
    if (failure && 'status' in failure) {
      return failure.status === 429 ? { status: 429, headers: { 'retry-after': String(failure.retryAfter) }, body: { ok: false, error: 'ratelimited' } } : { status: 500, body: 'Internal Server Error' };
    }
    if (failure) return { status: 200, body: { ok: false, error: failure.error } };
    switch (method) {
      case 'auth.test':
        return ok({ user_id: FAKE_BOT_USER_ID, bot_id: FAKE_BOT_ID, team_id: FAKE_TEAM_ID, user: 'dealerbot', team: 'Test Dealer' });
      case 'chat.postMessage': {
        ts += 1;
        // posting to a user id lands in the app's DM with them, which has its own D… id
        const channel = String(params.channel).replace(/^U/, 'D');
        return ok({ channel, ts: `1700000000.${String(ts).padStart(6, '0')}`, message: { text: params.text } });
      }
      case 'views.open':
      case 'views.update':
      case 'views.publish':
        viewId += 1;
        return ok({ view: { id: `V${viewId}`, ...params.view } });
      case 'users.info': {
        const email = emails.get(params.user);
        if (!email) return { status: 200, body: { ok: false, error: 'user_not_found' } };
        return ok({ user: { id: params.user, name: email.split('@')[0], real_name: email.split('@')[0], profile: { email } } });
      }
      default:
        return { status: 200, body: { ok: false, error: 'unknown_method' } };
    }
  };

  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      const method = req.url?.match(/^\/api\/([\w.]+)/)?.[1] ?? '';
      const reply = (status: number, body: unknown, headers: Record<string, string> = {}) => {
        res.writeHead(status, { 'content-type': typeof body === 'string' ? 'text/plain' : 'application/json', ...headers });
        res.end(typeof body === 'string' ? body : JSON.stringify(body));
      };
      if (req.headers.authorization !== `Bearer ${token}`) return reply(200, { ok: false, error: 'invalid_auth' });
      const params = parseParams(raw, req.headers['content-type']);
      calls.push({ method, params });
      const { status, headers, body } = answer(method, params);
      reply(status, body, headers);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    apiUrl: `http://127.0.0.1:${port}/api/`,
    token,
    calls,
    emails,
    failNext: (method, ...f) => void failures.set(method, [...(failures.get(method) ?? []), ...f]),
    callsOf: (method) => calls.filter((c) => c.method === method),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function ok(result: Record<string, unknown>) {
  return { status: 200, body: { ok: true, ...result } };
}

function parseParams(raw: string, contentType: string | undefined): Record<string, any> {
  if (!raw) return {};
  if (contentType?.startsWith('application/json')) return JSON.parse(raw);
  const out: Record<string, any> = {};
  for (const [k, v] of Object.entries(parseQuery(raw))) {
    const value = Array.isArray(v) ? v[0] : v;
    // objects (blocks, views) travel as JSON strings inside the form
    out[k] = typeof value === 'string' && /^[[{]/.test(value) ? tryJson(value) : value;
  }
  return out;
}

function tryJson(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}
