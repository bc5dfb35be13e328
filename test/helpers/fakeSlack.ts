// A fake Slack Web API on 127.0.0.1: records every call with its parsed params (the
// WebClient sends form-encoded fields with JSON-encoded objects, or JSON), answers the
// methods the channel uses, and can be told to fail the next calls of a method (429 with
// Retry-After, 500, or a Slack `ok: false` error). It also serves the files.uploadV2 flow:
// files.getUploadURLExternal hands out an upload URL on this server, the bytes POSTed there
// are kept (fail them with failNext('upload', …)), and files.completeUploadExternal shares them.
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

export interface FakeUpload {
  fileId: string;
  filename: string;
  /** the declared length (files.getUploadURLExternal) */
  length: number;
  /** the bytes POSTed to the upload URL, once they arrive */
  bytes?: Buffer;
  /** set by files.completeUploadExternal */
  completed?: { channelId?: string; threadTs?: string; initialComment?: string; title?: string };
}

export interface FakeSlack {
  /** The WebClient's slackApiUrl. */
  apiUrl: string;
  token: string;
  calls: SlackCall[];
  /** E-mail addresses users.info reports, by user id (a user not listed: user_not_found). */
  emails: Map<string, string>;
  /** Files started with files.getUploadURLExternal, in order. */
  uploads: FakeUpload[];
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
  const uploads: FakeUpload[] = [];
  let baseUrl = '';

  const answer = (method: string, params: Record<string, any>): { status: number; headers?: Record<string, string>; body: unknown } => {
    const failure = failures.get(method)?.shift();
    if (failure && 'status' in failure) {
      return failure.status === 429
        ? { status: 429, headers: { 'retry-after': String(failure.retryAfter) }, body: { ok: false, error: 'ratelimited' } }
        : { status: 500, body: 'Internal Server Error' };
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
      case 'files.getUploadURLExternal': {
        if (!params.filename || !(Number(params.length) > 0)) return { status: 200, body: { ok: false, error: 'invalid_arguments' } };
        const fileId = `F${String(uploads.length + 1).padStart(8, '0')}`;
        uploads.push({ fileId, filename: String(params.filename), length: Number(params.length) });
        return ok({ upload_url: `${baseUrl}/upload/${fileId}`, file_id: fileId });
      }
      case 'files.completeUploadExternal': {
        const files = (typeof params.files === 'string' ? JSON.parse(params.files) : params.files) as { id: string; title?: string }[];
        for (const f of files) {
          const upload = uploads.find((u) => u.fileId === f.id);
          if (!upload?.bytes) return { status: 200, body: { ok: false, error: 'file_not_found' } };
          upload.completed = { channelId: params.channel_id, threadTs: params.thread_ts, initialComment: params.initial_comment, title: f.title };
        }
        return ok({ files: files.map((f) => ({ id: f.id, title: f.title })) });
      }
      default:
        return { status: 200, body: { ok: false, error: 'unknown_method' } };
    }
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const rawBody = Buffer.concat(chunks);
      const raw = rawBody.toString('utf8');
      const method = req.url?.match(/^\/api\/([\w.]+)/)?.[1] ?? '';
      const reply = (status: number, body: unknown, headers: Record<string, string> = {}) => {
        res.writeHead(status, { 'content-type': typeof body === 'string' ? 'text/plain' : 'application/json', ...headers });
        res.end(typeof body === 'string' ? body : JSON.stringify(body));
      };
      // the upload URL is pre-signed: no token needed (Slack's files.slack.com/upload/v1/…)
      const uploadId = req.url?.match(/^\/upload\/(\w+)$/)?.[1];
      if (uploadId) {
        void receiveUpload(uploadId, rawBody, req.headers['content-type']).then(
          (r) => reply(r.status, r.body, r.headers),
          () => reply(400, 'bad upload'),
        );
        return;
      }
      if (req.headers.authorization !== `Bearer ${token}`) return reply(200, { ok: false, error: 'invalid_auth' });
      const params = parseParams(raw, req.headers['content-type']);
      calls.push({ method, params });
      const { status, headers, body } = answer(method, params);
      reply(status, body, headers);
    });
  });
  /** The bytes of a file (multipart/form-data from the WebClient, or the raw body). */
  async function receiveUpload(
    fileId: string,
    body: Buffer,
    contentType: string | undefined,
  ): Promise<{ status: number; body: unknown; headers?: Record<string, string> }> {
    calls.push({ method: 'upload', params: { fileId, bytes: body.length } });
    const failure = failures.get('upload')?.shift();
    if (failure && 'status' in failure)
      return failure.status === 429
        ? { status: 429, headers: { 'retry-after': String(failure.retryAfter) }, body: 'rate limited' }
        : { status: 500, body: 'Internal Server Error' };
    const upload = uploads.find((u) => u.fileId === fileId);
    if (!upload) return { status: 404, body: 'no such upload' };
    let bytes = body;
    if (contentType?.startsWith('multipart/form-data')) {
      const form = await new Response(new Uint8Array(body), { headers: { 'content-type': contentType } }).formData();
      // the WebClient sends the bytes as the form's `body` field
      const file = form.get('body') ?? form.get('file');
      if (!file || typeof file === 'string') return { status: 400, body: 'no file in the form' };
      bytes = Buffer.from(await file.arrayBuffer());
    }
    upload.bytes = bytes;
    return { status: 200, body: `OK - ${bytes.length}` };
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  baseUrl = `http://127.0.0.1:${port}`;
  return {
    apiUrl: `http://127.0.0.1:${port}/api/`,
    token,
    calls,
    emails,
    uploads,
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
