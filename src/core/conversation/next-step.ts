import type { TicketRecord } from '../../ports/store.port.js';
import type { DeskCatalog } from '../desk.catalog.js';
import { approverNames } from '../identity/access.policy.js';
import { transitionsFrom } from '../workflow/workflow.engine.js';

/**
 * What happens next to a ticket, in a requester's words, from its workflow: who moves it out of its
 * status ("a manager of IT approves it first" when it waits for a manager; "the IT team picks it up").
 */
export function nextStep(catalog: DeskCatalog, ticket: TicketRecord): string {
  const workflow = catalog.workflowOf(ticket.requestType);
  const status = catalog.status(workflow, ticket.status);
  const department = catalog.department(ticket.department)?.name ?? ticket.department;
  const deskSide = transitionsFrom(workflow, ticket.status).filter((t) =>
    t.who.some((w) => w !== 'requester'),
  );
  const who = new Set(deskSide.flatMap((t) => t.who));
  if (status.category === 'done') return 'it needs nothing more.';
  const steps = deskSide.map((t) => t.name).join(' or ');
  if (status.category === 'waiting' && who.has('approver')) {
    return `${approversInWords(catalog, ticket, department)} first (${steps}); you'll hear here either way.`;
  }
  if (status.category === 'waiting' && who.has('manager') && !who.has('agent')) {
    return `a manager of ${department} decides on it first (${steps}); you'll hear here either way.`;
  }
  if (status.category === 'waiting') return `it waits for the ${department} team.`;
  if (status.category === 'in_progress') return `the ${department} team is working on it.`;
  return `the ${department} team picks it up.`;
}

/** "your line manager (sam@acme.example) decides on it", "a manager of IT decides on it". */
function approversInWords(catalog: DeskCatalog, ticket: TicketRecord, department: string): string {
  const approval = catalog.approvalOf(ticket.requestType);
  const fields = catalog.requestType(ticket.requestType)?.type.fields ?? [];
  const names: string[] = [];
  for (const a of approval.approvers) {
    if (typeof a !== 'object') continue;
    const value = ticket.fields[a.field];
    const label = fields.find((f) => f.id === a.field)?.label.toLowerCase() ?? a.field;
    if (typeof value === 'string' && value) names.push(`your ${label} (${value})`);
  }
  const listed = approval.approvers.filter((a): a is string => typeof a === 'string' && a !== 'managers');
  names.push(...listed);
  if (approverNames(ticket, approval).managers) names.push(`a manager of ${department}`);
  if (approval.decide === 'all' && names.length > 1) return `${names.join(' and ')} each decide on it`;
  return `${names.join(' or ')} decides on it`;
}
