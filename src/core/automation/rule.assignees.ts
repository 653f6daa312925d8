import type { Store, TicketRecord } from '../../ports/store.port.js';
import { isAgentOf } from '../identity/access.policy.js';

/** Who an assign action hands the ticket to, and the round-robin cursor to keep. */
export interface PickedAssignee {
  personId: string | null;
  cursor?: { key: string; value: string; expected: string | null };
}

/**
 * round-robin: the department's agents in a fixed order (by email), the one after the last picked;
 * least-loaded: the agent with the fewest unresolved tickets (ties by that order); or a named agent.
 */
export async function pickAssignee(store: Store, ticket: TicketRecord, how: string): Promise<PickedAssignee> {
  if (how === 'unassigned') return { personId: null };
  if (how.includes('@')) {
    const person = await store.people.byEmail(how);
    if (!person || !isAgentOf(person, ticket.department))
      throw new Error(`${how} is not an agent of ${ticket.department}`);
    return { personId: person.id };
  }
  const agents = (await store.people.withRole('agent', ticket.department)).sort((a, b) =>
    a.email.localeCompare(b.email),
  );
  if (agents.length === 0) throw new Error(`${ticket.department} has no agents`);
  if (how === 'least-loaded') {
    const load = await store.automation.openLoad(agents.map((a) => a.id));
    const least = agents.reduce((best, a) => ((load.get(a.id) ?? 0) < (load.get(best.id) ?? 0) ? a : best));
    return { personId: least.id };
  }
  const key = `round-robin:${ticket.department}`;
  const last = await store.automation.cursor(key);
  const at = agents.findIndex((a) => a.id === last);
  const next = agents[(at + 1) % agents.length]!;
  return { personId: next.id, cursor: { key, value: next.id, expected: last } };
}
