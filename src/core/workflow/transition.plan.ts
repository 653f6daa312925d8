import type { FieldConfig, TransitionConfig } from '../../config/desk.schema.js';
import type { ChangeSet, Person, Store, TicketPatch, TicketRecord } from '../../ports/store.port.js';
import type { DeskCatalog } from '../desk.catalog.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../errors.js';
import { describeErrors, runValidators, validateFields } from '../tickets/field.validation.js';
import { recordPatch } from '../tickets/ticket.change.js';
import { mayTake, rolesFor, runPostFunctions, type WorkflowState } from './workflow.engine.js';

/** A transition to take: its id, the values its screen asks for, and a comment to go with it. */
export interface TransitionRequest {
  transition: string;
  fields?: Record<string, unknown>;
  comment?: { body: string; internal?: boolean };
}

/**
 * Plans one transition into `change` and returns the ticket patch: the condition (who may take it; an
 * automation rule, `actor` null, acts as the desk and is not a role), the screen's fields, validators,
 * post-functions, and the relay, notify and triage rows it announces. Throws what a person is told.
 */
export async function planTransition(
  store: Store,
  catalog: DeskCatalog,
  ticket: TicketRecord,
  actor: Person | null,
  input: TransitionRequest,
  change: ChangeSet,
): Promise<TicketPatch> {
  const workflow = catalog.workflowOf(ticket.requestType);
  const transition = workflow.transitions.find((t) => t.id === input.transition);
  if (!transition) throw new NotFoundError(`${workflow.name} has no transition "${input.transition}"`);
  const roles = actor ? rolesFor(actor, ticket, catalog.approvalOf(ticket.requestType)) : null;
  if (roles && !mayTake(transition, roles)) {
    throw new ForbiddenError(`Only ${transition.who.join(' or ')} may take "${transition.name}"`);
  }
  if (!transition.from.includes(ticket.status)) {
    const status = catalog.status(workflow, ticket.status);
    throw new ConflictError(`"${transition.name}" cannot be taken from ${status.name}`);
  }
  const screen = screenFields(catalog, ticket, transition);
  const { values, errors } = validateFields(screen, input.fields ?? {}, true);
  if (Object.keys(errors).length > 0)
    throw new ValidationError(describeErrors(transition.name, errors), errors);

  const target = catalog.status(workflow, transition.to);
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
  const invalid = runValidators(transition.validators, flatten(state), (f) => fieldLabel(catalog, ticket, f));
  if (Object.keys(invalid).length > 0)
    throw new ValidationError(describeErrors(transition.name, invalid), invalid);

  const post = runPostFunctions(transition.postFunctions, state, actor?.id ?? null);
  state = post.state;
  const patch = recordPatch(change, ticket, {
    status: state.status,
    statusCategory: target.category,
    assigneeId: state.assigneeId,
    fields: state.fields,
    resolution: state.resolution,
  });
  const works = roles !== null && (roles.has('agent') || roles.has('admin'));
  if (input.comment?.body?.trim()) {
    const internal = input.comment.internal === true;
    if (internal && roles && !works)
      throw new ForbiddenError('Only agents of the department add internal notes');
    change.comments.push({ authorId: actor?.id ?? null, body: input.comment.body.trim(), internal });
    // A reply given with a transition is a response too (SLA clocks read this event).
    change.events.push({
      type: 'comment.added',
      payload: { internal, authorId: actor?.id ?? null, byAgent: roles === null || works },
    });
  }
  for (const c of post.comments) change.comments.push({ authorId: null, body: c.body, internal: c.internal });
  const from = catalog.status(workflow, ticket.status);
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
        payload: { type: 'comment', body: c.body, authorId: c.authorId, requesterId: ticket.requesterId },
      });
  }
  const recipients = await notified(store, ticket, state.assigneeId, post.notify);
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
  // Entering an approval status asks its approvers, where they are.
  if (catalog.isApprovalStatus(ticket.requestType, target.id))
    change.outbox.push({ topic: 'approval', payload: {} });
  return patch;
}

/** The fields a transition asks for: the built-in resolution, or the request type's own. */
export function screenFields(catalog: DeskCatalog, ticket: TicketRecord, t: TransitionConfig): FieldConfig[] {
  const typeFields = catalog.requestType(ticket.requestType)?.type.fields ?? [];
  return t.fields.map((id): FieldConfig => {
    if (id === 'resolution') {
      return {
        id,
        label: 'Resolution',
        type: 'select',
        required: false,
        options: catalog.config.resolutions,
      };
    }
    const f = typeFields.find((x) => x.id === id);
    return { ...(f ?? { id, label: id, type: 'text' }), required: false };
  });
}

function fieldLabel(catalog: DeskCatalog, ticket: TicketRecord, field: string): string {
  if (field === 'resolution') return 'Resolution';
  return catalog.requestType(ticket.requestType)?.type.fields.find((f) => f.id === field)?.label ?? field;
}

async function notified(store: Store, ticket: TicketRecord, assigneeId: string | null, who: string[]) {
  const ids = new Set<string>();
  if (who.includes('requester')) ids.add(ticket.requesterId);
  if (who.includes('assignee') && assigneeId) ids.add(assigneeId);
  if (who.includes('managers')) {
    for (const p of await store.people.withRole('manager', ticket.department)) ids.add(p.id);
  }
  return [...ids];
}

function flatten(state: WorkflowState): Record<string, unknown> {
  return { ...state.fields, resolution: state.resolution };
}
