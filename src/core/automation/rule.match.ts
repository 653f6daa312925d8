import type {
  AutomationConditions,
  AutomationRule,
  AutomationTrigger,
} from '../../config/automation.schema.js';
import type { TicketRecord } from '../../ports/store.port.js';

/** A change's domain event as the automation row carries it. */
export interface ChangeEvent {
  type: string;
  payload: Record<string, unknown>;
}

/** Whether one of the change's events is what the rule's trigger waits for. */
export function triggeredBy(when: AutomationTrigger, events: ChangeEvent[], ticket: TicketRecord): boolean {
  return events.some((e) => matches(when, e, ticket));
}

function matches(when: AutomationTrigger, e: ChangeEvent, ticket: TicketRecord): boolean {
  const p = e.payload;
  switch (when.event) {
    case 'ticket.created':
      return e.type === 'ticket.created';
    case 'status.changed':
      return (
        e.type === 'ticket.transitioned' &&
        (when.from === undefined || when.from.includes(String(p.from))) &&
        (when.to === undefined || when.to.includes(String(p.to)))
      );
    case 'comment.added': {
      if (e.type !== 'comment.added') return false;
      const byRequester = p.authorId === ticket.requesterId;
      if (when.by === 'requester' && !byRequester) return false;
      if (when.by === 'agent' && (byRequester || p.byAgent !== true)) return false;
      if (when.visibility === 'public' && p.internal === true) return false;
      if (when.visibility === 'internal' && p.internal !== true) return false;
      return true;
    }
    case 'sla.near_breach':
    case 'sla.breached':
      return (
        e.type === when.event && (when.metrics === undefined || when.metrics.includes(p.metric as never))
      );
    case 'idle':
    case 'schedule':
      return false; // fired by the sweep, never by a change
  }
}

/** Whether the ticket is in a status an idle trigger waits in. */
export function waitsIn(when: Extract<AutomationTrigger, { event: 'idle' }>, ticket: TicketRecord): boolean {
  return (
    (when.statuses?.includes(ticket.status) ?? false) ||
    (when.statusCategories?.includes(ticket.statusCategory) ?? false)
  );
}

/** Whether the ticket is one the rule's `if` describes, as it is now. */
export function conditionsHold(c: AutomationConditions, ticket: TicketRecord): boolean {
  if (c.departments && !c.departments.includes(ticket.department)) return false;
  if (c.requestTypes && !c.requestTypes.includes(ticket.requestType)) return false;
  if (c.statuses && !c.statuses.includes(ticket.status)) return false;
  if (c.statusCategories && !c.statusCategories.includes(ticket.statusCategory)) return false;
  if (c.priorities && !c.priorities.includes(ticket.priority)) return false;
  if (c.assignee === 'unassigned' && ticket.assigneeId !== null) return false;
  if (c.assignee === 'assigned' && ticket.assigneeId === null) return false;
  for (const [field, wanted] of Object.entries(c.fields ?? {})) {
    const value = field === 'resolution' ? ticket.resolution : ticket.fields[field];
    const options = Array.isArray(wanted) ? wanted : [wanted];
    const values = Array.isArray(value) ? value.map(String) : value == null ? [] : [String(value)];
    if (!values.some((v) => options.includes(v))) return false;
  }
  return true;
}

export function isIdleRule(rule: AutomationRule): rule is AutomationRule & {
  when: Extract<AutomationTrigger, { event: 'idle' }>;
} {
  return rule.when.event === 'idle';
}
