// /healthz and /metrics: what an operator's probe and Prometheus read.
// /healthz is open (a probe carries no secret) and cheap; /metrics may need a bearer token.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Db } from '../store/createPrisma.js';
import type { Metrics } from './metrics.js';

interface OpsDeps {
  db: Db;
  metrics: Metrics;
  /** METRICS_TOKEN: when set, /metrics answers only `Authorization: Bearer <token>` */
  metricsToken?: string;
}

const sha256 = (s: string) => createHash('sha256').update(s).digest();

/**
 * Compares the request's bearer token with the configured one in constant time: both are
 * hashed first, so neither the content nor the length of the token leaks through timing.
 */
export function hasBearerToken(req: FastifyRequest, expected: string): boolean {
  const m = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(req.headers.authorization ?? '');
  return timingSafeEqual(sha256(m ? m[1] : ''), sha256(expected)) && m !== null;
}

export function registerOpsRoutes(app: FastifyInstance, deps: OpsDeps): void {
  app.get('/healthz', async (_req, reply) => {
    try {
      await deps.db.store.count();
      return { status: 'ok' };
    } catch (err) {
      reply.log.warn({ err }, 'health check: store unreachable');
      return reply.status(503).send({ status: 'unavailable', error: 'the store does not answer' });
    }
  });
  app.get('/metrics', async (req, reply) => {
    if (deps.metricsToken && !hasBearerToken(req, deps.metricsToken)) {
      return reply.status(401).header('www-authenticate', 'Bearer realm="metrics"').send({ error: 'a bearer token is required' });
    }
    const body = await deps.metrics.registry.metrics();
    return reply.type(deps.metrics.registry.contentType).send(body);
  });
}
