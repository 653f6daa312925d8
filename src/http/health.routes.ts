import type { FastifyInstance } from 'fastify';

/** /healthz: the process answers. /readyz: what it depends on answers too (503 otherwise). */
export function registerHealth(app: FastifyInstance, ready: () => Promise<Record<string, boolean>>) {
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_request, reply) => {
    const checks = await ready();
    const ok = Object.values(checks).every(Boolean);
    return reply.code(ok ? 200 : 503).send({ status: ok ? 'ready' : 'not ready', checks });
  });
}
