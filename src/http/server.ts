import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Desk } from '../core/desk.js';
import { registerApi } from './api/api.routes.js';
import { sendError } from './error.reply.js';
import { registerHealth } from './health.routes.js';

export interface HttpDeps {
  desk: Desk;
  logger: Logger;
  /** Readiness of what the desk depends on (store, scheduler). */
  ready: () => Promise<Record<string, boolean>>;
  bodyLimit?: number;
}

/** The one HTTP server: health, REST API, and (later) platform webhooks and web chat. */
export function buildServer(deps: HttpDeps): FastifyInstance {
  const app = Fastify({
    loggerInstance: deps.logger as FastifyBaseLogger,
    bodyLimit: deps.bodyLimit ?? 1024 * 1024,
    // Close idle keep-alive sockets on shutdown so close() waits only for in-flight requests.
    forceCloseConnections: 'idle',
    return503OnClosing: true,
  });
  app.setErrorHandler((error, request, reply) => sendError(error, request, reply));
  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send({
      error: { code: 'not_found', message: `No route ${request.method} ${request.url.split('?')[0]}` },
    }),
  );
  registerHealth(app, deps.ready);
  app.register(
    (api, _opts, done) => {
      registerApi(api, deps.desk);
      done();
    },
    { prefix: '/api/v1' },
  );
  return app;
}
