import type { TicketRecord } from '../../ports/store.port.js';
import type { DeskCatalog } from '../desk.catalog.js';
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
  if (status.category === 'waiting' && who.has('manager') && !who.has('agent')) {
    const steps = deskSide.map((t) => t.name).join(' or ');
    return `a manager of ${department} decides on it first (${steps}); you'll hear here either way.`;
  }
  if (status.category === 'waiting') return `it waits for the ${department} team.`;
  if (status.category === 'in_progress') return `the ${department} team is working on it.`;
  return `the ${department} team picks it up.`;
}
