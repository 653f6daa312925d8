import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from 'fastify';
import type { Logger } from 'pino';
import type { Desk } from '../core/desk.js';
import { registerApi } from './api/api.routes.js';
import { BearerCheck } from './bearer.auth.js';
import { sendError } from './error.reply.js';
import { registerHealth } from './health.routes.js';
import { registerInputGuard } from './input.hooks.js';
import { registerJsonHeaders } from './json.headers.js';
import { registerKbApi } from './kb/kb.api.routes.js';
import { registerKbPages } from './kb/kb.pages.routes.js';
import { sendNotFound } from './not-found.page.js';
import { registerRequestLog } from './request.log.js';
import { registerSurveyPages } from './survey/survey.pages.js';

export interface HttpDeps {
  desk: Desk;
  logger: Logger;
  /** Readiness of what the desk depends on (store, scheduler). */
  ready: () => Promise<Record<string, boolean>>;
  bodyLimit?: number;
  /** Whose X-Forwarded-For to believe for the client address (TRUST_PROXY); none by default. */
  trustProxy?: boolean | string[] | ((address: string, hop: number) => boolean);
  /** Routes of the channel adapters (web chat, platform webhooks), registered at the root. */
  routes?: ((app: FastifyInstance) => void)[];
}

/** The one HTTP server: health, REST API, and the adapters' routes (web chat, later platform webhooks). */
export function buildServer(deps: HttpDeps): FastifyInstance {
  const app = Fastify({
    loggerInstance: deps.logger as FastifyBaseLogger,
    bodyLimit: deps.bodyLimit ?? 1024 * 1024,
    // Close idle keep-alive sockets on shutdown so close() waits only for in-flight requests.
    forceCloseConnections: 'idle',
    return503OnClosing: true,
    trustProxy: deps.trustProxy ?? false,
    // Our own request line instead (request.log.ts): levels by outcome, no secrets in the URL.
    logController: new LogController({ disableRequestLogging: true }),
  });
  registerRequestLog(app);
  registerJsonHeaders(app);
  app.setErrorHandler((error, request, reply) => sendError(error, request, reply));
  registerInputGuard(app);
  app.decorate('bearer', new BearerCheck(deps.desk.people));
  app.setNotFoundHandler((request, reply) =>
    sendNotFound(request, reply, deps.desk.catalog.config.desk.name),
  );
  registerHealth(app, deps.ready);
  registerKbPages(app, deps.desk);
  registerSurveyPages(app, deps.desk);
  app.register(
    (api, _opts, done) => {
      registerApi(api, deps.desk);
      registerKbApi(api, deps.desk);
      done();
    },
    { prefix: '/api/v1' },
  );
  for (const register of deps.routes ?? []) register(app);
  return app;
}
