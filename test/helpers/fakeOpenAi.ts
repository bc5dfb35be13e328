// A fake OpenAI-compatible server on 127.0.0.1 for protocol tests with the real `openai`
// SDK under LangChain: POST /v1/chat/completions answers from a per-test script (content,
// delay, HTTP error with headers, raw body), GET /v1/models lists one model, and every
// request is recorded so tests can check what the client sent. startFakeProviders runs
// two on two ports, the first provider and the fallback, with the env that wires them.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeReply {
  /** The assistant message content (default ''). */
  content?: string;
  /** Wait this long before answering (a slow model). */
  delayMs?: number;
  /** An HTTP error status instead of a completion (500, 429…). */
  status?: number;
  /** Extra response headers, e.g. { 'retry-after': '0' }. */
  headers?: Record<string, string>;
  /** A raw response body, sent as is (for a broken body). */
  rawBody?: string;
  usage?: { prompt_tokens: number; completion_tokens: number };
  /** Answers only a request this accepts (for calls a client makes at the same time); default any. */
  when?: (body: any) => boolean;
}

/** For `when`: a structured-output request (it asks for a JSON response format), or not. */
export const isStructured = (body: any): boolean => !!body?.response_format;
export const isChat = (body: any): boolean => !body?.response_format;
/** For `when`: a request whose system message contains `phrase`, to tell two structured prompts apart. */
export const asks =
  (phrase: string) =>
  (body: any): boolean =>
    String(body?.messages?.[0]?.content ?? '').includes(phrase);

export interface RecordedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  /** The parsed JSON body, if any. */
  body: any;
  /** When it arrived (ms since the epoch). */
  at: number;
}

export interface FakeOpenAi {
  /** Pass as the SDK's baseURL (ends in /v1). */
  baseUrl: string;
  model: string;
  requests: RecordedRequest[];
  /** Queues replies for the next chat completions, one each, in order (skipping those whose `when` refuses the request). */
  enqueue(...replies: FakeReply[]): void;
  /** Forgets replies not taken and requests seen, so a test cannot leave its script to the next. */
  reset(): void;
  close(): Promise<void>;
}

export const FAKE_USAGE = { prompt_tokens: 120, completion_tokens: 35 };

/** Script shorthands for the ways a provider fails. */
export const FAIL = {
  /** a 500, as from an overloaded server */
  serverError: { status: 500 } satisfies FakeReply,
  /** an answer that comes after any short test deadline */
  tooSlow: { content: '{"late": true}', delayMs: 5000 } satisfies FakeReply,
  /** a 200 whose content is not the JSON object asked for */
  notJson: { content: 'Sure! Here is my answer: maybe the first one.' } satisfies FakeReply,
} as const;

export interface FakeProviders {
  primary: FakeOpenAi;
  fallback: FakeOpenAi;
  /** OPENAI_* and LLM_FALLBACK_* for these two, each provider with `timeoutMs` */
  env(timeoutMs: number): Record<string, string>;
  reset(): void;
  close(): Promise<void>;
}

/** Two providers on two ports, each with its own model name, so a row tells which answered. */
export async function startFakeProviders(): Promise<FakeProviders> {
  const primary = await startFakeOpenAi('primary-model');
  const fallback = await startFakeOpenAi('fallback-model');
  return {
    primary,
    fallback,
    env: (timeoutMs) => ({
      OPENAI_BASE_URL: primary.baseUrl,
      OPENAI_API_KEY: 'sk-primary',
      LLM_MODEL: primary.model,
      LLM_TIMEOUT_MS: String(timeoutMs),
      LLM_FALLBACK_BASE_URL: fallback.baseUrl,
      LLM_FALLBACK_API_KEY: 'sk-fallback',
      LLM_FALLBACK_MODEL: fallback.model,
    }),
    reset() {
      primary.reset();
      fallback.reset();
    },
    close: async () => void (await Promise.all([primary.close(), fallback.close()])),
  };
}

export async function startFakeOpenAi(model = 'fake-model'): Promise<FakeOpenAi> {
  const queue: FakeReply[] = [];
  const requests: RecordedRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const body = raw ? JSON.parse(raw) : undefined;
      requests.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body, at: Date.now() });
      if (req.method === 'GET' && req.url === '/v1/models') {
        return sendJson(res, 200, { object: 'list', data: [{ id: model, object: 'model', created: 0, owned_by: 'fake' }] });
      }
      if (req.method !== 'POST' || req.url !== '/v1/chat/completions') {
        return sendJson(res, 404, { error: { message: 'not found', type: 'invalid_request_error' } });
      }
      // An unscripted call is a test mistake: fail loudly, and not with a retryable status.
      const at = queue.findIndex((r) => !r.when || r.when(body));
      const reply = at >= 0 ? queue.splice(at, 1)[0]! : { status: 400, content: 'fake: no scripted reply' };
      const timer = setTimeout(() => {
        timers.delete(timer);
        answer(res, reply, body?.model ?? model);
      }, reply.delayMs ?? 0);
      timers.add(timer);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    model,
    requests,
    enqueue: (...replies) => void queue.push(...replies),
    reset() {
      queue.length = 0;
      requests.length = 0;
    },
    async close() {
      for (const t of timers) clearTimeout(t);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function answer(res: http.ServerResponse, reply: FakeReply, model: string): void {
  // The client may have given up (timeout): nothing left to answer.
  if (res.destroyed) return;
  if (reply.rawBody !== undefined) {
    res.writeHead(reply.status ?? 200, { 'content-type': 'application/json', ...reply.headers });
    res.end(reply.rawBody);
    return;
  }
  if (reply.status && reply.status >= 400) {
    const type = reply.status === 429 ? 'rate_limit_exceeded' : 'server_error';
    sendJson(res, reply.status, { error: { message: reply.content ?? `fake ${reply.status}`, type, code: null } }, reply.headers);
    return;
  }
  const usage = reply.usage ?? FAKE_USAGE;
  sendJson(
    res,
    200,
    {
      id: `chatcmpl-fake-${Date.now()}`,
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model,
      choices: [{ index: 0, message: { role: 'assistant', content: reply.content ?? '', refusal: null }, logprobs: null, finish_reason: 'stop' }],
      usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens },
    },
    reply.headers,
  );
}

function sendJson(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}
