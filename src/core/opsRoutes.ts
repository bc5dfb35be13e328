// /healthz and /metrics: what an operator's probe and Prometheus read.
import type { FastifyInstance } from 'fastify';
import type { Db } from '../store/createPrisma.js';
import type { Metrics } from './metrics.js';

export function registerOpsRoutes(app: FastifyInstance, deps: { db: Db; metrics: Metrics }): void {
  app.get('/healthz', async (_req, reply) => {
    try {
      await deps.db.store.count();
      return { status: 'ok' };
    } catch (err) {
      reply.log.warn({ err }, 'health check: store unreachable');
      return reply.status(503).send({ status: 'unavailable', error: 'the store does not answer' });
    }
  });
  app.get('/metrics', async (_req, reply) => {
    const body = await deps.metrics.registry.metrics();
    return reply.type(deps.metrics.registry.contentType).send(body);
  });
}
