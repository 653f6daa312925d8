import type {
  ChangeSet,
  Person,
  RequestKey,
  SavedChange,
  Store,
  TicketPatch,
  TicketRecord,
} from '../../ports/store.port.js';
import { ConflictError } from '../errors.js';
import { checkVisible, loadVisible } from './ticket.reader.js';

const MAX_ATTEMPTS = 5;

/**
 * Reads the ticket, lets `decide` check and plan the change, and writes it if nobody changed the ticket
 * meanwhile. A caller who sent a version gets 409 when it is stale; otherwise a lost race is decided again
 * on fresh data (the checks run again too).
 */
export async function mutateTicket(
  store: Store,
  actor: Person,
  /** A key, or the ticket's internal id (a conversation follows its ticket by id). */
  which: string | { id: number },
  expectedVersion: number | undefined,
  decide: (ticket: TicketRecord) => Promise<{ patch: TicketPatch; change: ChangeSet }>,
  /** A client's retry key, stored with the change (a second use fails in the store). */
  request?: RequestKey,
): Promise<SavedChange> {
  for (let attempt = 1; ; attempt++) {
    const ticket =
      typeof which === 'string'
        ? await loadVisible(store, actor, which)
        : await checkVisible(store, actor, await store.tickets.byId(which.id), `#${which.id}`);
    if (expectedVersion !== undefined && ticket.version !== expectedVersion) throw stale(ticket);
    const { patch, change } = await decide(ticket);
    // Every change with events recomputes the ticket's SLA clocks (outbox topic 'sla', same transaction).
    if (change.events.length > 0) change.outbox.push({ topic: 'sla', payload: {} });
    if (request) change.request = request;
    const fieldChange = Object.keys(patch).length > 0;
    const saved = await store.tickets.update(ticket.id, fieldChange ? ticket.version : null, patch, change);
    if (saved) return saved;
    if (expectedVersion !== undefined || attempt >= MAX_ATTEMPTS) throw stale(ticket);
  }
}

function stale(ticket: TicketRecord): ConflictError {
  return new ConflictError(`${ticket.key} was changed by someone else; reload it and try again`);
}
