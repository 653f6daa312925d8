import type { ChangeSet, Store, TicketStore } from '../../ports/store.port.js';

/** The topic the desk's services write for triage cards; each platform that shows cards has its own. */
const TRIAGE = 'triage';

export interface TicketWriteOptions {
  /** The card topics of the platforms that show triage cards now (`triage.slack`, ...). */
  cardTopics: () => string[];
  /** Whether automation rules are on: each change with events then also queues an 'automation' row. */
  automation: () => boolean;
  /** Whether new requests are emailed to their department (each create then queues an 'email.notice'). */
  emailNotices: () => boolean;
  /** Called after a write that queued outbox rows: the dispatcher delivers now, not at its next poll. */
  queued: () => void;
}

/**
 * The store as the desk's services write tickets through it, whichever door a change came in by (REST,
 * a chat turn, a card click): a change's triage row becomes one row per platform that shows cards (none
 * when no channel does, rather than rows only claimed and skipped, and a platform retrying holds back no
 * other), and the outbox is woken once the change is written.
 */
export function ticketWrites(store: Store, options: TicketWriteOptions): Store {
  const keep = (change: ChangeSet): ChangeSet => ({
    ...change,
    outbox: [
      ...change.outbox.flatMap((row) =>
        row.topic === TRIAGE ? options.cardTopics().map((topic) => ({ ...row, topic })) : [row],
      ),
      ...(change.events.length > 0 && options.automation() ? [automationRow(change)] : []),
      ...(change.events.some((e) => e.type === 'ticket.created') && options.emailNotices()
        ? [{ topic: 'email.notice', payload: {} }]
        : []),
    ],
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

/** What the rules read of a change: its events, and which rule made it at what depth (loop protection). */
function automationRow(change: ChangeSet): ChangeSet['outbox'][number] {
  return {
    topic: 'automation',
    payload: { events: change.events, depth: change.rule?.depth ?? 0, ruleId: change.rule?.id ?? null },
  };
}
