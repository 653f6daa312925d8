import type { Desk } from '../../core/desk.js';
import type { CommentRecord, HistoryRecord, Person, TicketRecord } from '../../ports/store.port.js';

/** The ticket as the API shows it: names beside ids, so clients need no second lookup. */
export async function ticketView(desk: Desk, ticket: TicketRecord, people: PeopleLookup) {
  const entry = desk.catalog.requestType(ticket.requestType);
  const workflow = desk.catalog.workflowOf(ticket.requestType);
  const status = desk.catalog.status(workflow, ticket.status);
  return {
    key: ticket.key,
    summary: ticket.summary,
    department: { id: ticket.department, name: entry?.department.name ?? ticket.department },
    requestType: { id: ticket.requestType, name: entry?.type.name ?? ticket.requestType },
    status: { id: status.id, name: status.name, category: status.category },
    priority: ticket.priority,
    requester: await people.brief(ticket.requesterId),
    assignee: ticket.assigneeId ? await people.brief(ticket.assigneeId) : null,
    fields: ticket.fields,
    resolution: ticket.resolution,
    version: ticket.version,
    createdAt: ticket.createdAt.toISOString(),
    updatedAt: ticket.updatedAt.toISOString(),
  };
}

export async function commentView(c: CommentRecord, people: PeopleLookup) {
  return {
    id: c.id,
    author: c.authorId ? await people.brief(c.authorId) : null,
    body: c.body,
    internal: c.internal,
    createdAt: c.createdAt.toISOString(),
  };
}

export async function historyView(h: HistoryRecord, people: PeopleLookup) {
  return {
    id: h.id,
    actor: h.actorId ? await people.brief(h.actorId) : null,
    at: h.at.toISOString(),
    field: h.field,
    before: h.before,
    after: h.after,
    /** The automation rule that made the change, by name (null for a person's or the desk's own). */
    rule: h.rule,
  };
}

export function personView(p: Person) {
  return { id: p.id, email: p.email, name: p.name, timezone: p.timezone, roles: p.roles };
}

/** Caches people per request, so a list of tickets looks each person up once. */
export class PeopleLookup {
  private readonly cache = new Map<string, Promise<{ id: string; name: string; email: string } | null>>();
  constructor(
    private readonly byId: (id: string) => Promise<Person | null>,
    /** Someone already known (the caller, who is often the requester): no lookup for them. */
    known?: Person,
  ) {
    if (known)
      this.cache.set(known.id, Promise.resolve({ id: known.id, name: known.name, email: known.email }));
  }

  brief(id: string) {
    let hit = this.cache.get(id);
    if (!hit) {
      hit = this.byId(id).then((p) => (p ? { id: p.id, name: p.name, email: p.email } : null));
      this.cache.set(id, hit);
    }
    return hit;
  }
}
