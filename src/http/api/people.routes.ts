import type { FastifyInstance } from 'fastify';
import type { Desk } from '../../core/desk.js';
import { personOf } from './signed-in.js';
import { personView } from './ticket.view.js';

export function registerPeopleRoutes(api: FastifyInstance, desk: Desk) {
  api.get('/people', async (request) => ({
    people: (await desk.people.list(personOf(request))).map(personView),
  }));
  api.get<{ Params: { id: string } }>('/people/:id', async (request) =>
    personView(await desk.people.get(personOf(request), request.params.id)),
  );
}
