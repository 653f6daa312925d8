import type { FastifyInstance } from 'fastify';
import type { Desk } from '../../core/desk.js';
import { personOf } from './signed-in.js';

/**
 * GET /tickets/:key/sla: each clock's goal, elapsed and remaining time, due time in the caller's zone,
 * result and event log; computed at the request, with the ticket's visibility rules (404 otherwise).
 */
export function registerSlaRoutes(api: FastifyInstance, desk: Desk): void {
  api.get<{ Params: { key: string } }>('/tickets/:key/sla', async (request) =>
    desk.sla.view(personOf(request), request.params.key),
  );
}
