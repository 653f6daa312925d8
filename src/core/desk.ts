import type { DeskConfig } from '../config/desk.schema.js';
import type { Clock } from '../ports/clock.port.js';
import type { Store } from '../ports/store.port.js';
import { DeskCatalog } from './desk.catalog.js';
import { PeopleService } from './identity/people.service.js';
import { TicketService } from './tickets/ticket.service.js';
import { TransitionService } from './workflow/transition.service.js';

/** The core's services over one store and one desk config; what the HTTP layer and adapters talk to. */
export interface Desk {
  catalog: DeskCatalog;
  tickets: TicketService;
  transitions: TransitionService;
  people: PeopleService;
}

export function createDesk(store: Store, config: DeskConfig, clock: Clock): Desk {
  const catalog = new DeskCatalog(config);
  return {
    catalog,
    tickets: new TicketService(store, catalog, clock),
    transitions: new TransitionService(store, catalog, clock),
    people: new PeopleService(store),
  };
}
