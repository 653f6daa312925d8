import type { TransitionConfig } from '../../config/desk.schema.js';
import type { Clock } from '../../ports/clock.port.js';
import type { Person, RequestKey, Store, TicketRecord } from '../../ports/store.port.js';
import type { DeskCatalog } from '../desk.catalog.js';
import { newChange } from '../tickets/ticket.change.js';
import { mutateTicket } from '../tickets/ticket.mutation.js';
import { loadVisible } from '../tickets/ticket.reader.js';
import { planTransition, screenFields, type TransitionRequest } from './transition.plan.js';
import { availableTransitions } from './workflow.engine.js';

export interface TakeTransitionInput extends TransitionRequest {
  version?: number;
}

/** A transition as offered to a person: what it is called, where it goes, what it asks for. */
export interface TransitionOffer {
  id: string;
  name: string;
  to: { id: string; name: string; category: string };
  fields: { id: string; label: string; type: string; required: boolean; options?: string[] }[];
}

/** Moves tickets through their request type's workflow: conditions, validators, post-functions. */
export class TransitionService {
  constructor(
    private readonly store: Store,
    private readonly catalog: DeskCatalog,
    private readonly clock: Clock,
  ) {}

  /** Exactly the transitions this person may take now. */
  async available(actor: Person, key: string): Promise<TransitionOffer[]> {
    const ticket = await loadVisible(this.store, actor, key);
    const workflow = this.catalog.workflowOf(ticket.requestType);
    return availableTransitions(workflow, ticket, actor, this.catalog.approvalOf(ticket.requestType)).map(
      (t) => this.offer(ticket, t),
    );
  }

  /** `request`: a client's retry key, stored with the change (a second use fails in the store). */
  async take(actor: Person, key: string, input: TakeTransitionInput, request?: RequestKey) {
    const saved = await mutateTicket(
      this.store,
      actor,
      key,
      input.version,
      async (ticket) => {
        const change = newChange(actor.id, this.clock.now());
        const patch = await planTransition(this.store, this.catalog, ticket, actor, input, change);
        return { patch, change };
      },
      request,
    );
    return saved.ticket;
  }

  private offer(ticket: TicketRecord, t: TransitionConfig): TransitionOffer {
    const workflow = this.catalog.workflowOf(ticket.requestType);
    const to = this.catalog.status(workflow, t.to);
    const requiredByValidator = new Set(
      t.validators.filter((v) => v.type === 'required').map((v) => v.field),
    );
    return {
      id: t.id,
      name: t.name,
      to: { id: to.id, name: to.name, category: to.category },
      fields: screenFields(this.catalog, ticket, t).map((f) => ({
        id: f.id,
        label: f.label,
        type: f.type,
        required: requiredByValidator.has(f.id),
        ...(f.options ? { options: f.options } : {}),
      })),
    };
  }
}
