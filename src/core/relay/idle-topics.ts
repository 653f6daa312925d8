import type { ChangeSet, Store, TicketStore } from '../../ports/store.port.js';

/** Topics only a channel consumes: triage cards are for Slack (and the channels to come). */
const CHANNEL_TOPICS = new Set(['triage']);

/**
 * The store as the desk's services write through it: a ticket change leaves out the outbox rows of a
 * channel topic no channel handles here (Slack off), which would only be claimed and skipped.
 */
export function withoutIdleTopics(store: Store, handled: (topic: string) => boolean): Store {
  const keep = (change: ChangeSet): ChangeSet => ({
    ...change,
    outbox: change.outbox.filter((row) => !CHANNEL_TOPICS.has(row.topic) || handled(row.topic)),
  });
  // Every other method stays the repository's own (reached through the prototype chain).
  const tickets: TicketStore = Object.create(store.tickets);
  tickets.create = (ticket, change) => store.tickets.create(ticket, keep(change));
  tickets.update = (id, expected, patch, change) => store.tickets.update(id, expected, patch, keep(change));
  return { ...store, tickets };
}
