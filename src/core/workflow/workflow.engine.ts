import type {
  ActorRole,
  ApprovalConfig,
  PostFunctionConfig,
  TransitionConfig,
  WorkflowConfig,
} from '../../config/desk.schema.js';
import type { Person, TicketRecord } from '../../ports/store.port.js';
import { isAdmin, isAgentOf, isApprover, isManagerOf } from '../identity/access.policy.js';

/** What a transition may change on a ticket. */
export interface WorkflowState {
  status: string;
  assigneeId: string | null;
  fields: Record<string, unknown>;
  resolution: string | null;
}

/** The roles the actor holds towards this ticket, in the words transition conditions use. */
export function rolesFor(actor: Person, ticket: TicketRecord, approval?: ApprovalConfig): Set<ActorRole> {
  const roles = new Set<ActorRole>();
  if (ticket.requesterId === actor.id) roles.add('requester');
  if (isAgentOf(actor, ticket.department)) roles.add('agent');
  if (ticket.assigneeId === actor.id) roles.add('assignee');
  if (isManagerOf(actor, ticket.department)) roles.add('manager');
  if (isAdmin(actor)) roles.add('admin');
  if (approval && isApprover(actor, ticket, approval)) roles.add('approver');
  return roles;
}

/** Only the roles a transition names may take it; nobody is implied. */
export function mayTake(transition: TransitionConfig, roles: Set<ActorRole>): boolean {
  return transition.who.some((r) => roles.has(r));
}

export function transitionsFrom(workflow: WorkflowConfig, status: string): TransitionConfig[] {
  return workflow.transitions.filter((t) => t.from.includes(status));
}

export function availableTransitions(
  workflow: WorkflowConfig,
  ticket: TicketRecord,
  actor: Person,
  approval?: ApprovalConfig,
): TransitionConfig[] {
  const roles = rolesFor(actor, ticket, approval);
  return transitionsFrom(workflow, ticket.status).filter((t) => mayTake(t, roles));
}

function writeField(state: WorkflowState, field: string, value: unknown): WorkflowState {
  if (field === 'resolution') return { ...state, resolution: (value as string | null) ?? null };
  const fields = { ...state.fields };
  if (value === null || value === undefined) delete fields[field];
  else fields[field] = value;
  return { ...state, fields };
}

export interface PostFunctionResult {
  state: WorkflowState;
  comments: { body: string; internal: boolean }[];
  notify: ('requester' | 'assignee' | 'managers')[];
}

/** Applies post-functions in order; they run after validators passed and the status changed. */
export function runPostFunctions(
  postFunctions: PostFunctionConfig[],
  state: WorkflowState,
  /** Null for an automation rule: "assign to the actor" then keeps the assignee. */
  actorId: string | null,
): PostFunctionResult {
  const result: PostFunctionResult = { state, comments: [], notify: [] };
  for (const pf of postFunctions) {
    switch (pf.type) {
      case 'assignToActor':
        if (actorId !== null) result.state = { ...result.state, assigneeId: actorId };
        break;
      case 'setField':
        result.state = writeField(result.state, pf.field, pf.value);
        break;
      case 'clearField':
        result.state = writeField(result.state, pf.field, null);
        break;
      case 'comment':
        result.comments.push({ body: pf.body, internal: pf.internal });
        break;
      case 'notify':
        for (const to of pf.to) if (!result.notify.includes(to)) result.notify.push(to);
        break;
    }
  }
  return result;
}
