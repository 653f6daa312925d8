import type { TicketCard } from '../../ports/card.port.js';
import type { Store, TicketRecord } from '../../ports/store.port.js';
import type { DeskCatalog } from '../desk.catalog.js';
import { requestUrl } from '../tickets/ticket.links.js';
import { transitionsFrom } from '../workflow/workflow.engine.js';

/** Reads a ticket as the desk itself (no actor): for cards posted where only agents work. */
export async function ticketCard(
  store: Store,
  catalog: DeskCatalog,
  ticketId: number,
  baseUrl: string,
): Promise<TicketCard | null> {
  const ticket = await store.tickets.byId(ticketId);
  if (!ticket) return null;
  const entry = catalog.requestType(ticket.requestType);
  const workflow = catalog.workflowOf(ticket.requestType);
  const status = catalog.status(workflow, ticket.status);
  const [requester, assignee] = await Promise.all([
    store.people.byId(ticket.requesterId),
    ticket.assigneeId ? store.people.byId(ticket.assigneeId) : null,
  ]);
  return {
    ticketId: ticket.id,
    key: ticket.key,
    summary: ticket.summary,
    url: requestUrl(baseUrl, ticket.key),
    department: { id: ticket.department, name: entry?.department.name ?? ticket.department },
    requestType: entry?.type.name ?? ticket.requestType,
    requester: { id: ticket.requesterId, name: requester?.name ?? 'Someone' },
    assignee: assignee ? { id: assignee.id, name: assignee.name } : null,
    status: { id: status.id, name: status.name, category: status.category },
    priority: ticket.priority,
    transitions: deskSide(ticket, catalog),
    triage: entry?.department.triage ?? {},
  };
}

/** A transition only the requester may take (cancel, respond) has no place on an agents' card. */
function deskSide(ticket: TicketRecord, catalog: DeskCatalog): TicketCard['transitions'] {
  const workflow = catalog.workflowOf(ticket.requestType);
  return transitionsFrom(workflow, ticket.status)
    .filter((t) => t.who.some((who) => who !== 'requester'))
    .map((t) => ({ id: t.id, name: t.name, asksFields: t.fields.length > 0 }));
}
