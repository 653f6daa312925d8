import type { FastifyInstance } from 'fastify';
import type { Desk } from '../../core/desk.js';
import './signed-in.js';
import { registerAttachmentRoutes } from './attachment.routes.js';
import { registerCatalogRoutes } from './catalog.routes.js';
import { registerFailedDeliveryRoutes } from './failed-deliveries.routes.js';
import { registerPeopleRoutes } from './people.routes.js';
import { registerQueueRoutes } from './queue.routes.js';
import { registerReportRoutes } from './report.routes.js';
import { registerSlaRoutes } from './sla.routes.js';
import { registerTicketRoutes } from './ticket.routes.js';
import { registerTokenRoutes } from './token.routes.js';

/** /api/v1: every route needs a per-person Bearer token. */
export function registerApi(api: FastifyInstance, desk: Desk) {
  api.decorateRequest('person', null);
  api.addHook('onRequest', async (request, reply) => {
    const person = await api.bearer.person(request, reply, (sentOne) =>
      sentOne ? 'The token is not valid' : 'Send an API token as "Authorization: Bearer <token>"',
    );
    if (person) request.person = person;
  });
  registerTicketRoutes(api, desk);
  registerAttachmentRoutes(api, desk);
  registerPeopleRoutes(api, desk);
  registerCatalogRoutes(api, desk);
  registerQueueRoutes(api, desk);
  registerSlaRoutes(api, desk);
  registerReportRoutes(api, desk);
  registerTokenRoutes(api, desk);
  registerFailedDeliveryRoutes(api, desk);
}
