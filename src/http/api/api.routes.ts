import type { FastifyInstance } from 'fastify';
import type { Desk } from '../../core/desk.js';
import { sendUnauthorized } from '../unauthorized.reply.js';
import './signed-in.js';
import { registerCatalogRoutes } from './catalog.routes.js';
import { registerPeopleRoutes } from './people.routes.js';
import { registerQueueRoutes } from './queue.routes.js';
import { registerSlaRoutes } from './sla.routes.js';
import { registerTicketRoutes } from './ticket.routes.js';

/** /api/v1: every route needs a per-person Bearer token. */
export function registerApi(api: FastifyInstance, desk: Desk) {
  api.decorateRequest('person', null);
  api.addHook('onRequest', async (request, reply) => {
    const person = await desk.people.authenticateHeader(request.headers.authorization);
    if (!person) {
      return sendUnauthorized(
        reply,
        request.headers.authorization
          ? 'The token is not valid'
          : 'Send an API token as "Authorization: Bearer <token>"',
      );
    }
    request.person = person;
  });
  registerTicketRoutes(api, desk);
  registerPeopleRoutes(api, desk);
  registerCatalogRoutes(api, desk);
  registerQueueRoutes(api, desk);
  registerSlaRoutes(api, desk);
}
