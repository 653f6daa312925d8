import type { FastifyInstance } from 'fastify';
import type { Desk } from '../../core/desk.js';
import { personOf } from './signed-in.js';
import { listFilters, nextPage, ticketListQuery } from './ticket.list-query.js';
import { PeopleLookup, ticketView } from './ticket.view.js';

/**
 * Queues of the caller's departments and the built-in views with counts, and each one's tickets: its
 * own filter, then the caller's (status, priority, assignee, SLA state, words), order and page, with
 * how many match in all and each ticket's SLA clocks.
 */
export function registerQueueRoutes(api: FastifyInstance, desk: Desk) {
  api.get('/queues', async (request) => ({ queues: await desk.queues.list(personOf(request)) }));

  api.get<{ Params: { id: string } }>('/queues/:id/tickets', async (request) => {
    const actor = personOf(request);
    const q = ticketListQuery.parse(request.query);
    const { filters, page } = await listFilters(desk, q, actor.id);
    const { queue, tickets, total, more } = await desk.queues.tickets(
      actor,
      request.params.id,
      page,
      filters,
    );
    const people = new PeopleLookup((id) => desk.people.find(id));
    const sla = await desk.sla.briefs(tickets);
    return {
      queue: { id: queue.id, name: queue.name, department: queue.department },
      tickets: await Promise.all(
        tickets.map(async (t) => ({ ...(await ticketView(desk, t, people)), sla: sla.get(t.id) ?? [] })),
      ),
      total,
      more,
      page: q.page,
      pages: Math.max(1, Math.ceil(total / q.limit)),
      next: nextPage(`/api/v1/queues/${encodeURIComponent(queue.id)}/tickets`, request.query, q, tickets),
    };
  });
}
