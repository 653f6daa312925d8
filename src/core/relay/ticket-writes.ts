import type { ChangeSet, Store, TicketStore } from '../../ports/store.port.js';

/** Topics only a channel consumes: triage cards are for Slack (and the channels to come). */
const CHANNEL_TOPICS = new Set(['triage']);

export interface TicketWriteOptions {
  /** Whether rows of a topic would be delivered here (a channel topic with no channel is left out). */
  handled: (topic: string) => boolean;
  /** Called after a write that queued outbox rows: the dispatcher delivers now, not at its next poll. */
  queued: () => void;
}

/**
 * The store as the desk's services write tickets through it, whichever door a change came in by (REST,
 * a chat turn, a card click): a change leaves out the outbox rows of a channel topic no channel handles
 * here (Slack off), which would only be claimed and skipped, and wakes the outbox once it is written.
 */
export function ticketWrites(store: Store, options: TicketWriteOptions): Store {
  const keep = (change: ChangeSet): ChangeSet => ({
    ...change,
    outbox: change.outbox.filter((row) => !CHANNEL_TOPICS.has(row.topic) || options.handled(row.topic)),
  });
  const announce = <T>(change: ChangeSet, written: T): T => {
    if (written !== null && change.outbox.length > 0) options.queued();
    return written;
  };
  // Every other method stays the repository's own (reached through the prototype chain).
  const tickets: TicketStore = Object.create(store.tickets);
  tickets.create = async (ticket, change) => {
    const kept = keep(change);
    return announce(kept, await store.tickets.create(ticket, kept));
  };
  tickets.update = async (id, expected, patch, change) => {
    const kept = keep(change);
    return announce(kept, await store.tickets.update(id, expected, patch, kept));
  };
  return { ...store, tickets };
}
