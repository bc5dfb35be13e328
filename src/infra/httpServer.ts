// The one HTTP server every entry point shares (web chat, webhooks, health, metrics).
// No request ends or stalls it: malformed, oversized, slow or misdirected requests get a
// defined 4xx with a short JSON message ({ error }) and change nothing; an error inside
// a route is a 5xx that names nothing internal; the next request is served as before.
import type { Socket } from 'node:net';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { buildHostPolicy, registerHostCheck } from './checkHost.js';
import { describeError } from './describeError.js';
import { registerRequestPacing } from './paceRequests.js';
import type { Logger } from './logger.js';
import { STORE_TROUBLE_REPLY, STORE_TROUBLE_TEXT, storeTrouble } from '../store/prismaErrors.js';
import { buildSecurityHeaders, registerSecurityHeaders } from './securityHeaders.js';

export const MAX_BODY_BYTES = 64 * 1024;

/**
 * Time limits against slow clients (slowloris: connections that trickle bytes to hold a
 * socket). The request line and headers must arrive within 10 s and the whole request
 * (bodies are at most 64 kB) within 30 s; Node checks every 2 s. A socket silent for
 * 2 min is closed. An idle keep-alive connection stays 65 s, longer than a proxy's
 * usual 60 s, so the proxy always closes first and never reuses a socket we are closing.
 */
export const HTTP_LIMITS = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  connectionsCheckingIntervalMs: 2_000,
  connectionTimeoutMs: 120_000,
  keepAliveTimeoutMs: 65_000,
  /** request line + headers; a longer URL or header is a 431 */
  maxHeaderBytes: 16 * 1024,
};

interface HttpServerOptions {
  trustProxy?: boolean | string[];
  /** HOST: with PUBLIC_URL, the host names requests may name (default 127.0.0.1) */
  host?: string;
  publicUrl?: string;
  /** origins allowed to frame `/?embed=1` */
  embedOrigins?: readonly string[];
}

type HttpError = Error & { statusCode?: number; code?: string; validation?: unknown };

// Fastify's own 4xx errors, in words for the client; their own messages quote input or
// name internals (parser positions, limits by option name).
const CLIENT_MESSAGES: Record<string, string> = {
  FST_ERR_CTP_BODY_TOO_LARGE: `request body is larger than ${MAX_BODY_BYTES} bytes`,
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported content type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'the body does not match its Content-Length',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'the JSON body is empty',
  FST_ERR_CTP_INVALID_JSON_BODY: 'the body is not valid JSON',
  FST_ERR_CTP_INVALID_TYPE: 'invalid Content-Type header',
  FST_ERR_CTP_EMPTY_TYPE: 'invalid Content-Type header',
  FST_ERR_BAD_URL: 'the URL is not valid (bad percent-encoding)',
  FST_ERR_MAX_PARAM_LENGTH: 'the URL is too long',
  FST_ERR_ASYNC_CONSTRAINT: 'bad request',
};

const STATUS_MESSAGES: Record<number, string> = {
  408: 'request timeout',
  413: 'request body too large',
  414: 'the URL is too long',
  415: 'unsupported content type',
  429: 'too many messages: please wait a moment and try again',
  503: 'the service is unavailable: please try again shortly',
};

/** The short message a client gets for an error: never a stack, SQL, a path or a value. */
export function clientMessage(err: HttpError, status: number): string {
  if (err.code && CLIENT_MESSAGES[err.code]) return CLIENT_MESSAGES[err.code];
  // a JSON parse error (SyntaxError with a 400) quotes the body it could not read
  if (err instanceof SyntaxError || err.name === 'SyntaxError') return 'the body is not valid JSON';
  if (STATUS_MESSAGES[status]) return STATUS_MESSAGES[status];
  if (status >= 500) return 'internal error';
  // a 4xx a route or plugin raised on purpose: its message is written for the client
  // (schema validation says which field); cut to one short line all the same
  const line = (err.message ?? '')
    .split('\n')[0]
    .replace(/[\u0000-\u001f\u007f]/g, ' ')
    .trim();
  if (!line) return 'bad request';
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}

/**
 * A client error on the socket (a malformed request line, headers over the limit, a
 * body cut off, headers that never finish): Node never made a request of it, so the
 * answer is written to the socket by hand, and the connection closed.
 */
function answerClientError(log: Logger, headersFor: (url: string) => Record<string, string>) {
  return function onClientError(err: Error & { code?: string }, socket: Socket): void {
    if (err.code === 'ECONNRESET' || socket.destroyed) return;
    const [status, reason, message] =
      err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'Request Timeout', 'request timeout: the request did not arrive in time']
        : err.code === 'HPE_HEADER_OVERFLOW'
          ? [431, 'Request Header Fields Too Large', 'the URL or the headers are too large']
          : [400, 'Bad Request', 'malformed request'];
    log.debug({ code: err.code, status }, 'client error on the socket');
    if (socket.writable) {
      const body = JSON.stringify({ error: message });
      const headers = Object.entries(headersFor('/'))
        .map(([k, v]) => `${k}: ${v}\r\n`)
        .join('');
      socket.write(
        `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n${headers}Connection: close\r\n\r\n${body}`,
      );
    }
    socket.destroy();
  };
}

export function createHttpServer(log: Logger, opts: HttpServerOptions = {}): FastifyInstance {
  const httpLog = log.child({ component: 'http' });
  const securityOptions = { publicUrl: opts.publicUrl, embedOrigins: opts.embedOrigins ?? [] };
  const headersFor = buildSecurityHeaders(securityOptions);
  const app = Fastify({
    loggerInstance: httpLog as unknown as FastifyBaseLogger,
    // request lines would repeat what /metrics counts; errors are still logged
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: MAX_BODY_BYTES,
    return503OnClosing: true,
    // behind nginx the client's address is in X-Forwarded-For (rate limits key on it)
    trustProxy: opts.trustProxy ?? false,
    forceCloseConnections: 'idle',
    connectionTimeout: HTTP_LIMITS.connectionTimeoutMs,
    keepAliveTimeout: HTTP_LIMITS.keepAliveTimeoutMs,
    requestTimeout: HTTP_LIMITS.requestTimeoutMs,
    http: {
      headersTimeout: HTTP_LIMITS.headersTimeoutMs,
      connectionsCheckingInterval: HTTP_LIMITS.connectionsCheckingIntervalMs,
      maxHeaderSize: HTTP_LIMITS.maxHeaderBytes,
      // Node's own 400 for a request without Host is an empty body without our headers:
      // the Host check answers it instead (checkHost.ts)
      requireHostHeader: false,
    },
    clientErrorHandler: answerClientError(httpLog, headersFor),
    // a URL with bad percent-encoding or a path parameter over the router's limit: Fastify
    // would answer with the URL quoted; answer like any other error instead
    frameworkErrors: (err: HttpError, req: FastifyRequest, reply: FastifyReply) => {
      const status = err.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 414 : err.code === 'FST_ERR_ASYNC_CONSTRAINT' ? 500 : 400;
      // this reply has no route, so no onSend hook runs: the headers are set here
      void reply
        .headers(headersFor(req.raw.url ?? '/'))
        .status(status)
        .send({ error: clientMessage(err, status) });
    },
  });
  registerSecurityHeaders(app, securityOptions);
  registerHostCheck(app, buildHostPolicy({ host: opts.host ?? '127.0.0.1', publicUrl: opts.publicUrl }));
  // a burst of chat turns must not keep the health probe (or anyone) waiting for all of them
  registerRequestPacing(app, { perTurn: 1, exempt: new Set(['/healthz', '/metrics']) });

  app.setErrorHandler((err: HttpError, req, reply) => {
    // a store that cannot take the write now: a 503 the client may retry, said plainly
    const trouble = storeTrouble(err);
    if (trouble) {
      req.log.warn({ route: req.routeOptions.url, trouble }, STORE_TROUBLE_TEXT[trouble]);
      return void reply.status(503).header('retry-after', '5').send({ error: STORE_TROUBLE_REPLY[trouble] });
    }
    const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 600 ? err.statusCode : 500;
    if (status >= 500) {
      // the error's own words may hold what it was working on: masked, and the route by pattern
      req.log.error({ status, method: req.method, route: req.routeOptions.url, ...describeError(err) }, 'request failed');
    }
    void reply.status(status).send({ error: clientMessage(err, status) });
  });
  app.setNotFoundHandler((_req, reply) => {
    // the path is the client's own input: not echoed back (it may be long, or hold a name)
    void reply.status(404).send({ error: 'not found' });
  });
  return app;
}
