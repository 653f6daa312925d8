import type { Priority } from '../../ports/desk.types.js';
import type { StoredTicketEvent } from '../../ports/sla-store.port.js';
import type { DeskCatalog } from '../desk.catalog.js';
import type { TicketEvent } from './sla.types.js';

/**
 * The store's domain events in the words SLA clocks need. Events that move no clock (assignment,
 * internal notes count as comments that are not public) map to nothing or to ignored entries.
 */
export function clockEvents(catalog: DeskCatalog, stored: readonly StoredTicketEvent[]): TicketEvent[] {
  const out: TicketEvent[] = [];
  for (const e of stored) {
    const p = e.payload;
    switch (e.type) {
      case 'ticket.created': {
        const requestType = String(p.requestType);
        const status = String(p.status);
        out.push({
          type: 'created',
          at: e.at,
          status,
          category: categoryOf(catalog, requestType, status),
          priority: p.priority as Priority,
          requestType,
        });
        break;
      }
      case 'ticket.transitioned':
        out.push({
          type: 'status_changed',
          at: e.at,
          status: String(p.to),
          category: p.category as Extract<TicketEvent, { type: 'status_changed' }>['category'],
        });
        break;
      case 'comment.added':
        out.push({
          type: 'commented',
          at: e.at,
          by: p.byAgent === true ? 'agent' : 'requester',
          public: p.internal !== true,
        });
        break;
      case 'ticket.priority_changed':
        out.push({ type: 'priority_changed', at: e.at, priority: p.to as Priority });
        break;
    }
  }
  return out;
}

function categoryOf(catalog: DeskCatalog, requestType: string, status: string) {
  try {
    return catalog.status(catalog.workflowOf(requestType), status).category;
  } catch {
    return 'open' as const; // a request type removed from the config: count the ticket as open
  }
}
