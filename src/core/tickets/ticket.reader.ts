import type { Person, Store, TicketRecord } from '../../ports/store.port.js';
import { NotFoundError } from '../errors.js';
import { canWork } from '../identity/access.policy.js';

/** Loads a ticket the person may see; anything else is "not found", so existence does not leak. */
export async function loadVisible(store: Store, actor: Person, key: string): Promise<TicketRecord> {
  return checkVisible(store, actor, await store.tickets.byKey(key.toUpperCase()), key.toUpperCase());
}

/** The same rule for a ticket already loaded (or not found); `label` names it in the error. */
export async function checkVisible(
  store: Store,
  actor: Person,
  ticket: TicketRecord | null,
  label: string,
): Promise<TicketRecord> {
  if (ticket) {
    if (ticket.requesterId === actor.id || canWork(actor, ticket)) return ticket;
    if (await store.tickets.isSharedWith(ticket.id, actor.id)) return ticket;
  }
  throw new NotFoundError(`No ticket ${label} that you can see`);
}
