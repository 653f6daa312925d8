import type { Clock } from '../../ports/clock.port.js';
import type { OutboxRow } from '../../ports/conversation-store.port.js';
import type { Priority } from '../../ports/desk.types.js';
import type { Store, TicketPatch } from '../../ports/store.port.js';
import { isAgentOf } from '../identity/access.policy.js';
import { newChange, recordPatch } from '../tickets/ticket.change.js';
import { isHigher } from './sla.pings.js';

const MAX_ATTEMPTS = 5;

/**
 * The outbox topic 'sla.escalate', written with a breach ping: raises the priority (never lowers it)
 * and hands the ticket to an agent or back to the queue, as the desk (no actor). Applying it again
 * changes nothing, so the outbox's at-least-once delivery is safe.
 */
export async function escalate(
  store: Store,
  clock: Clock,
  row: OutboxRow,
): Promise<'delivered' | { skipped: string }> {
  if (row.ticketId === null) return { skipped: 'no ticket' };
  const raise = row.payload.raisePriority as Priority | undefined;
  const assignTo = row.payload.assignTo as string | undefined;
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const ticket = await store.tickets.byId(row.ticketId);
    if (!ticket) return { skipped: 'no ticket' };
    if (ticket.statusCategory === 'done') return { skipped: `${ticket.key} is resolved` };
    const wanted: TicketPatch = {};
    if (raise && isHigher(raise, ticket.priority)) wanted.priority = raise;
    if (assignTo === 'unassigned') wanted.assigneeId = null;
    else if (assignTo) {
      const agent = await store.people.byEmail(assignTo);
      if (agent && isAgentOf(agent, ticket.department)) wanted.assigneeId = agent.id;
    }
    const change = newChange(null, clock.now());
    const patch = recordPatch(change, ticket, wanted);
    if (Object.keys(patch).length === 0) return { skipped: 'nothing to escalate' };
    const why = { reason: 'sla_breach', metric: row.payload.metric };
    if (patch.priority) {
      change.events.push({
        type: 'ticket.priority_changed',
        payload: { from: ticket.priority, to: patch.priority, ...why },
      });
    }
    if (patch.assigneeId !== undefined) {
      change.events.push({
        type: 'ticket.assigned',
        payload: { from: ticket.assigneeId, to: patch.assigneeId, ...why },
      });
    }
    change.outbox.push(
      { topic: 'triage', payload: { type: 'ticket.updated' } },
      { topic: 'sla', payload: {} },
    );
    if (await store.tickets.update(ticket.id, ticket.version, patch, change)) return 'delivered';
  }
  throw new Error('the ticket kept changing while escalating; trying again later');
}
