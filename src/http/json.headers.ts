import type { FastifyInstance } from 'fastify';

/** JSON answers are data for one caller: never sniffed as something else, never cached on the way. */
export function registerJsonHeaders(app: FastifyInstance): void {
  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('x-content-type-options', 'nosniff');
    if (String(reply.getHeader('content-type') ?? '').startsWith('application/json'))
      reply.header('cache-control', 'no-store');
    return payload;
  });
}
