import type { FieldConfig, TransitionConfig } from '../../config/desk.schema.js';
import type { Clock } from '../../ports/clock.port.js';
import type { Person, RequestKey, Store, TicketRecord } from '../../ports/store.port.js';
import type { DeskCatalog } from '../desk.catalog.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../errors.js';
import { describeErrors, runValidators, validateFields } from '../tickets/field.validation.js';
import { newChange, recordPatch } from '../tickets/ticket.change.js';
import { mutateTicket } from '../tickets/ticket.mutation.js';
import { loadVisible } from '../tickets/ticket.reader.js';
import {
  availableTransitions,
  mayTake,
  rolesFor,
  runPostFunctions,
  type WorkflowState,
} from './workflow.engine.js';

export interface TakeTransitionInput {
  transition: string;
  /** Values for the transition's fields (its screen), e.g. a resolution. */
  fields?: Record<string, unknown>;
  comment?: { body: string; internal?: boolean };
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
    return availableTransitions(workflow, ticket, actor).map((t) => this.offer(ticket, t));
  }

  /** `request`: a client's retry key, stored with the change (a second use fails in the store). */
  async take(actor: Person, key: string, input: TakeTransitionInput, request?: RequestKey) {
    const saved = await mutateTicket(
      this.store,
      actor,
      key,
      input.version,
      async (ticket) => {
        const workflow = this.catalog.workflowOf(ticket.requestType);
        const transition = workflow.transitions.find((t) => t.id === input.transition);
        if (!transition) throw new NotFoundError(`${workflow.name} has no transition "${input.transition}"`);
        if (!mayTake(transition, rolesFor(actor, ticket))) {
          throw new ForbiddenError(`Only ${transition.who.join(' or ')} may take "${transition.name}"`);
        }
        if (!transition.from.includes(ticket.status)) {
          const status = this.catalog.status(workflow, ticket.status);
          throw new ConflictError(`"${transition.name}" cannot be taken from ${status.name}`);
        }
        const screen = this.screenFields(ticket, transition);
        const given = input.fields ?? {};
        const { values, errors } = validateFields(screen, given, true);
        if (Object.keys(errors).length > 0)
          throw new ValidationError(describeErrors(transition.name, errors), errors);

        const target = this.catalog.status(workflow, transition.to);
        let state: WorkflowState = {
          status: target.id,
          assigneeId: ticket.assigneeId,
          fields: { ...ticket.fields },
          resolution: ticket.resolution,
        };
        for (const [field, value] of Object.entries(values)) {
          if (field === 'resolution') state.resolution = value as string;
          else state.fields[field] = value;
        }
        const invalid = runValidators(transition.validators, flatten(state), (f) => this.label(ticket, f));
        if (Object.keys(invalid).length > 0)
          throw new ValidationError(describeErrors(transition.name, invalid), invalid);

        const post = runPostFunctions(transition.postFunctions, state, actor.id);
        state = post.state;
        const change = newChange(actor.id, this.clock.now());
        const patch = recordPatch(change, ticket, {
          status: state.status,
          statusCategory: target.category,
          assigneeId: state.assigneeId,
          fields: state.fields,
          resolution: state.resolution,
        });
        if (input.comment?.body?.trim()) {
          const internal = input.comment.internal === true;
          if (internal && !rolesFor(actor, ticket).has('agent') && !rolesFor(actor, ticket).has('admin')) {
            throw new ForbiddenError('Only agents of the department add internal notes');
          }
          change.comments.push({ authorId: actor.id, body: input.comment.body.trim(), internal });
          const byAgent = rolesFor(actor, ticket).has('agent') || rolesFor(actor, ticket).has('admin');
          // A reply given with a transition is a response too (SLA clocks read this event).
          change.events.push({ type: 'comment.added', payload: { internal, authorId: actor.id, byAgent } });
        }
        for (const c of post.comments)
          change.comments.push({ authorId: null, body: c.body, internal: c.internal });
        const from = this.catalog.status(workflow, ticket.status);
        change.events.push({
          type: 'ticket.transitioned',
          payload: { transition: transition.id, from: from.id, to: target.id, category: target.category },
        });
        change.outbox.push({
          topic: 'relay',
          payload: {
            type: 'status',
            from: from.name,
            to: target.name,
            category: target.category,
            requesterId: ticket.requesterId,
          },
        });
        for (const c of change.comments) {
          if (!c.internal)
            change.outbox.push({
              topic: 'relay',
              payload: {
                type: 'comment',
                body: c.body,
                authorId: c.authorId,
                requesterId: ticket.requesterId,
              },
            });
        }
        const recipients = await this.recipients(ticket, state.assigneeId, post.notify);
        if (recipients.length > 0) {
          change.outbox.push({
            topic: 'notify',
            payload: {
              type: 'transitioned',
              personIds: recipients,
              transition: transition.name,
              status: target.name,
            },
          });
        }
        change.outbox.push({ topic: 'triage', payload: { type: 'ticket.updated' } });
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
      fields: this.screenFields(ticket, t).map((f) => ({
        id: f.id,
        label: f.label,
        type: f.type,
        required: requiredByValidator.has(f.id),
        ...(f.options ? { options: f.options } : {}),
      })),
    };
  }

  /** The fields a transition asks for: the built-in resolution, or the request type's own. */
  private screenFields(ticket: TicketRecord, t: TransitionConfig): FieldConfig[] {
    const typeFields = this.catalog.requestType(ticket.requestType)?.type.fields ?? [];
    return t.fields.map((id): FieldConfig => {
      if (id === 'resolution') {
        return {
          id,
          label: 'Resolution',
          type: 'select',
          required: false,
          options: this.catalog.config.resolutions,
        };
      }
      const f = typeFields.find((x) => x.id === id);
      return { ...(f ?? { id, label: id, type: 'text' }), required: false };
    });
  }

  private label(ticket: TicketRecord, field: string): string {
    if (field === 'resolution') return 'Resolution';
    return (
      this.catalog.requestType(ticket.requestType)?.type.fields.find((f) => f.id === field)?.label ?? field
    );
  }

  private async recipients(
    ticket: TicketRecord,
    assigneeId: string | null,
    who: string[],
  ): Promise<string[]> {
    const ids = new Set<string>();
    if (who.includes('requester')) ids.add(ticket.requesterId);
    if (who.includes('assignee') && assigneeId) ids.add(assigneeId);
    if (who.includes('managers')) {
      for (const p of await this.store.people.withRole('manager', ticket.department)) ids.add(p.id);
    }
    return [...ids];
  }
}

function flatten(state: WorkflowState): Record<string, unknown> {
  return { ...state.fields, resolution: state.resolution };
}
