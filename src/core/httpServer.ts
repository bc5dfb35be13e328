// The one HTTP server every entry point shares (web chat, webhooks, health, metrics).
// Malformed or oversized requests get a 4xx with a plain message and change nothing.
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from './logger.js';

export const MAX_BODY_BYTES = 64 * 1024;

export function createHttpServer(log: Logger, opts: { trustProxy?: boolean | string[] } = {}): FastifyInstance {
  const app = Fastify({
    loggerInstance: log.child({ component: 'http' }) as unknown as FastifyBaseLogger,
    // request lines would repeat what /metrics counts; errors are still logged
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: MAX_BODY_BYTES,
    return503OnClosing: true,
    // behind nginx the client's address is in X-Forwarded-For (rate limits key on it)
    trustProxy: opts.trustProxy ?? false,
    forceCloseConnections: 'idle',
  });
  app.setErrorHandler((err: Error & { statusCode?: number; code?: string; validation?: unknown }, req, reply) => {
    const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 600 ? err.statusCode : 500;
    if (status >= 500) req.log.error({ err }, 'request failed');
    const message =
      err.code === 'FST_ERR_CTP_BODY_TOO_LARGE'
        ? `request body is larger than ${MAX_BODY_BYTES} bytes`
        : err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE'
          ? `unsupported content type ${req.headers['content-type'] ?? '(none)'}`
          : status === 429
            ? 'too many messages: please wait a moment and try again'
            : status >= 500
            ? 'internal error'
            : err.message;
    void reply.status(status).send({ error: message });
  });
  app.setNotFoundHandler((req, reply) => {
    void reply.status(404).send({ error: `no route ${req.method} ${req.url.split('?')[0]}` });
  });
  return app;
}
