import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Desk } from '../../core/desk.js';
import { personOf } from './signed-in.js';
import { PeopleLookup, ticketView } from './ticket.view.js';

const page = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(25),
  before: z.coerce.number().int().positive().optional(),
});

/** Queues of the caller's departments with counts, and each queue's tickets (its filter applied). */
export function registerQueueRoutes(api: FastifyInstance, desk: Desk) {
  api.get('/queues', async (request) => ({ queues: await desk.queues.list(personOf(request)) }));

  api.get<{ Params: { id: string } }>('/queues/:id/tickets', async (request) => {
    const q = page.parse(request.query);
    const { queue, tickets } = await desk.queues.tickets(personOf(request), request.params.id, {
      limit: q.limit,
      beforeId: q.before,
    });
    const people = new PeopleLookup((id) => desk.people.find(id));
    const last = tickets.at(-1);
    return {
      queue: { id: queue.id, name: queue.name, department: queue.department },
      tickets: await Promise.all(tickets.map((t) => ticketView(desk, t, people))),
      next:
        tickets.length === q.limit && last ? `/api/v1/queues/${queue.id}/tickets?before=${last.id}` : null,
    };
  });
}
