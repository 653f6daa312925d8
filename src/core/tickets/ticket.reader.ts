import type { Person, Store, TicketRecord } from '../../ports/store.port.js';
import { NotFoundError } from '../errors.js';
import { canWork } from '../identity/access.policy.js';

/** Loads a ticket the person may see; anything else is "not found", so existence does not leak. */
export async function loadVisible(store: Store, actor: Person, key: string): Promise<TicketRecord> {
  const ticket = await store.tickets.byKey(key.toUpperCase());
  if (ticket) {
    if (ticket.requesterId === actor.id || canWork(actor, ticket)) return ticket;
    if (await store.tickets.isSharedWith(ticket.id, actor.id)) return ticket;
  }
  throw new NotFoundError(`No ticket ${key.toUpperCase()} that you can see`);
}
