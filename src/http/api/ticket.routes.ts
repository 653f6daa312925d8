import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Desk } from '../../core/desk.js';
import { NotFoundError } from '../../core/errors.js';
import { PRIORITIES } from '../../ports/desk.types.js';
import type {
  CommentRecord,
  Person,
  RequestKeyRecord,
  TicketQuery,
  TicketRecord,
} from '../../ports/store.port.js';
import { historyText } from './history.text.js';
import { type Answer, idempotent } from './idempotent.js';
import { personOf } from './signed-in.js';
import { list, listFilters, nextPage, personId, ticketListQuery } from './ticket.list-query.js';
import { commentView, historyView, PeopleLookup, ticketView } from './ticket.view.js';

const listQuery = ticketListQuery.extend({
  department: list(z.string().max(100)),
  requestType: list(z.string().max(100)),
  /** "me", or a person's id or email. */
  requester: z.string().max(320).optional(),
});

const createBody = z.object({
  requestType: z.string().min(1),
  fields: z.record(z.string(), z.unknown()).default({}),
  summary: z.string().optional(),
  priority: z.enum(PRIORITIES).optional(),
});

const updateBody = z.object({
  priority: z.enum(PRIORITIES).optional(),
  assignee: z.string().min(1).nullable().optional(),
  version: z.number().int().positive().optional(),
});

const commentBody = z.object({
  body: z.string().default(''),
  internal: z.boolean().default(false),
  /** Ids of files uploaded to the ticket (POST /tickets/:key/attachments), sent with this comment. */
  attachments: z.array(z.string().max(64)).max(10).optional(),
});

const transitionBody = z.object({
  transition: z.string().min(1),
  fields: z.record(z.string(), z.unknown()).optional(),
  comment: z.object({ body: z.string(), internal: z.boolean().default(false) }).optional(),
  version: z.number().int().positive().optional(),
});

type KeyParams = { Params: { key: string } };

export function registerTicketRoutes(api: FastifyInstance, desk: Desk) {
  const lookup = (known?: Person) => new PeopleLookup((id) => desk.people.find(id), known);

  const created = async (ticket: TicketRecord, actor: Person): Promise<Answer> => ({
    status: 201,
    body: await ticketView(desk, ticket, lookup(actor)),
    location: `/api/v1/tickets/${ticket.key}`,
  });
  const ticketAnswer = async (ticket: TicketRecord, actor: Person): Promise<Answer> => ({
    status: 200,
    body: await ticketView(desk, ticket, lookup(actor)),
  });
  /** A retried change whose first answer was never kept: the ticket (or comment) as it is now. */
  const madeTicket = async (made: RequestKeyRecord, person: Person) =>
    desk.tickets.get(person, made.ticketKey);

  api.post('/tickets', async (request, reply) => {
    const body = createBody.parse(request.body ?? {});
    return idempotent(
      desk,
      request,
      reply,
      async (requestKey) =>
        created(
          await desk.tickets.create(personOf(request), body, { request: requestKey }),
          personOf(request),
        ),
      async (made, person) => created(await madeTicket(made, person), person),
    );
  });

  api.get('/tickets', async (request) => {
    const actor = personOf(request);
    const q = listQuery.parse(request.query);
    const { filters, page } = await listFilters(desk, q, actor.id);
    const query: TicketQuery = {
      ...filters,
      department: q.department,
      requestType: q.requestType,
      sort: page.sort,
      limit: q.limit,
      offset: (q.page - 1) * q.limit,
      beforeId: q.before,
    };
    if (q.requester !== undefined) query.requesterId = await personId(desk, q.requester, actor.id);
    const tickets = await desk.tickets.list(actor, query);
    const people = lookup();
    return {
      tickets: await Promise.all(tickets.map((t) => ticketView(desk, t, people))),
      next: nextPage('/api/v1/tickets', request.query, q, tickets),
    };
  });

  api.get<KeyParams>('/tickets/:key', async (request) =>
    ticketView(desk, await desk.tickets.get(personOf(request), request.params.key), lookup()),
  );

  api.patch<KeyParams>('/tickets/:key', async (request) => {
    const body = updateBody.parse(request.body ?? {});
    const ticket = await desk.tickets.update(personOf(request), request.params.key, body);
    return ticketView(desk, ticket, lookup());
  });

  /** Comments as the person sees them, each with the files sent with it. */
  const withFiles = async (person: Person, ticket: TicketRecord, comments: CommentRecord[]) => {
    const files = await desk.attachments.byComment(person, ticket);
    const people = lookup();
    return Promise.all(
      comments.map(async (c) => ({ ...(await commentView(c, people)), attachments: files.get(c.id) ?? [] })),
    );
  };

  api.get<KeyParams>('/tickets/:key/comments', async (request) => {
    const person = personOf(request);
    const { ticket, comments } = await desk.tickets.thread(person, request.params.key);
    return { comments: await withFiles(person, ticket, comments) };
  });

  api.post<KeyParams>('/tickets/:key/comments', async (request, reply) => {
    const body = commentBody.parse(request.body ?? {});
    return idempotent(
      desk,
      request,
      reply,
      async (requestKey) => {
        const comment = await desk.tickets.addComment(
          personOf(request),
          request.params.key,
          body,
          requestKey,
        );
        const ticket = await desk.tickets.get(personOf(request), comment.ticketKey);
        const [shown] = await withFiles(personOf(request), ticket, [comment]);
        return { status: 201, body: shown };
      },
      async (made, person) => {
        const { ticket, comments } = await desk.tickets.thread(person, made.ticketKey);
        const comment = comments.find((c) => c.id === made.commentId);
        if (!comment) throw new NotFoundError('The comment this key added is gone');
        const [shown] = await withFiles(person, ticket, [comment]);
        return { status: 201, body: shown };
      },
    );
  });

  api.get<KeyParams>('/tickets/:key/transcript', async (request, reply) => {
    const { key, text } = await desk.tickets.transcript(personOf(request), request.params.key);
    return reply
      .type('text/plain; charset=utf-8')
      .header('content-disposition', `attachment; filename="${key}-transcript.txt"`)
      .send(text);
  });

  api.get<KeyParams>('/tickets/:key/history', async (request) => {
    const actor = personOf(request);
    const { ticket, history } = await desk.tickets.historyOf(actor, request.params.key);
    const people = lookup();
    return {
      history: await Promise.all(
        history.map(async (h) => ({
          ...(await historyView(h, people)),
          text: await historyText(desk, ticket, h, people),
        })),
      ),
    };
  });

  api.get<KeyParams>('/tickets/:key/transitions', async (request) => ({
    transitions: await desk.transitions.available(personOf(request), request.params.key),
  }));

  api.post<KeyParams>('/tickets/:key/transitions', async (request, reply) => {
    const body = transitionBody.parse(request.body ?? {});
    return idempotent(
      desk,
      request,
      reply,
      async (requestKey) =>
        ticketAnswer(
          await desk.transitions.take(personOf(request), request.params.key, body, requestKey),
          personOf(request),
        ),
      async (made, person) => ticketAnswer(await madeTicket(made, person), person),
    );
  });
}

/** Filters name people by "me", id or email; an unknown one matches nobody rather than everybody. */
