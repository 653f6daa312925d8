import type { ConversationAddress, Speaker, TranscriptEntry } from './message.types.js';
import type { Person } from './person.types.js';

/** A conversation as stored: where it is, whose it is, and the intake dialogue's state. */
export interface ConversationRecord {
  id: string;
  platform: string;
  ref: Record<string, unknown>;
  personId: string;
  state: Record<string, unknown>;
  /** The ticket the conversation follows now. */
  ticketId: number | null;
  version: number;
}

/** Everything one turn writes, atomically. */
export interface TurnWrite {
  conversation: Omit<ConversationAddress, 'formFields'> & { personId: string };
  /**
   * 0 creates the conversation; a number is the version read (the state is saved if it still holds);
   * null leaves the conversation row alone (the turn changed no state) and only appends.
   */
  expectedVersion: number | null;
  state: Record<string, unknown>;
  ticketId: number | null;
  at: Date;
  transcript: { direction: 'in' | 'out'; message: Record<string, unknown> }[];
  outbox: { topic: string; payload: Record<string, unknown> }[];
  /** The inbound delivery this turn answers; marked processed with the turn. */
  delivery?: { platform: string; deliveryId: string };
}

export interface InboxEntry {
  platform: string;
  deliveryId: string;
  payload: Record<string, unknown>;
}

/** A conversation while its turns are held: the deliveries left to process, and its version now. */
export interface TurnLease {
  /** Oldest first; `payload` is null for the caller's own delivery. */
  pending: { platform: string; deliveryId: string; payload: Record<string, unknown> | null }[];
  /** null when the conversation does not exist yet. */
  version: number | null;
}

export interface ConversationStore {
  /**
   * Records an inbound delivery and reads what its turn needs, in one round trip: duplicate (a retry)
   * when the delivery was recorded before.
   */
  beginTurn(
    entry: InboxEntry,
    at: Date,
    conversationId: string,
    /** A person id, or a platform identity read through its stored link (no person when unlinked). */
    speaker: Speaker,
  ): Promise<
    { duplicate: true } | { duplicate: false; conversation: ConversationRecord | null; person: Person | null }
  >;
  get(id: string): Promise<ConversationRecord | null>;
  /** Conversations that follow a ticket or opened it. */
  forTicket(ticketId: number): Promise<ConversationRecord[]>;
  /**
   * Conversations with deliveries recorded before `receivedBefore` and not processed (a crash after
   * the ack, a turn that failed), oldest first.
   */
  waiting(receivedBefore: Date, limit: number): Promise<string[]>;
  /**
   * Runs `work` while no other process takes turns in the conversation (on a server, a lock held by a
   * connection: a crash releases it), with what it needs to take them in arrival order.
   */
  exclusive<T>(
    conversationId: string,
    /** The delivery the caller came for: its payload is not read again. */
    mine: { platform: string; deliveryId: string } | null,
    work: (lease: TurnLease) => Promise<T>,
  ): Promise<T>;
  /** Marks a delivery processed without a turn (its speaker is nobody on the desk). */
  dismiss(platform: string, deliveryId: string, at: Date): Promise<void>;
  /**
   * A turn of the delivery failed: counted, with its error. At `setAsideAt` failures the delivery is set
   * aside (marked processed, the error kept), so no sweep takes it again. Null if it was processed.
   */
  failed(
    platform: string,
    deliveryId: string,
    error: string,
    at: Date,
    setAsideAt: number,
  ): Promise<{ attempts: number; setAside: boolean } | null>;
  /**
   * The newest delivery of each of up to `limit` conversations on a platform that heard one since
   * `since`, most recent first, with the conversation's address as the delivery gave it.
   */
  lastHeard(platform: string, since: Date, limit: number): Promise<LastHeard[]>;
  /** Deliveries set aside (failed `setAsideAt` times or more), newest first. */
  setAside(setAsideAt: number, limit: number): Promise<SetAsideDelivery[]>;
  /** A delivery set aside is pending again, its count at 0; false if there is no such one. */
  unsetAside(platform: string, deliveryId: string, setAsideAt: number): Promise<boolean>;
  /**
   * Removes up to `limit` processed deliveries received before `before` (one whose turn ever failed:
   * before `failedBefore`), oldest first; returns how many.
   */
  prune(before: Date, failedBefore: Date, limit: number): Promise<number>;
  /** False when the conversation changed since it was read (the turn is then run again). */
  saveTurn(turn: TurnWrite): Promise<boolean>;
  transcript(conversationId: string, afterId: number, limit: number): Promise<TranscriptEntry[]>;
  /** Adds a line outside a turn (a relayed reply) and queues its delivery, atomically. */
  appendOutbound(
    conversationId: string,
    message: Record<string, unknown>,
    at: Date,
    outbox: { topic: string; payload: Record<string, unknown> }[],
  ): Promise<number>;
}

/** A conversation's newest recorded delivery. */
export interface LastHeard {
  conversationId: string;
  ref: Record<string, unknown>;
  deliveryId: string;
  receivedAt: Date;
}

/** An inbound delivery whose turn kept failing, as an admin sees it. */
export interface SetAsideDelivery {
  platform: string;
  deliveryId: string;
  conversationId: string | null;
  attempts: number;
  error: string | null;
  receivedAt: Date;
}

/** An outbox row that was given up on, as an admin sees it (not its payload). */
export interface DeadOutboxRow {
  id: number;
  topic: string;
  ticketKey: string | null;
  attempts: number;
  error: string | null;
  createdAt: Date;
}

/** One row of the outbox, claimed for delivery. */
export interface OutboxRow {
  id: number;
  topic: string;
  ticketId: number | null;
  payload: Record<string, unknown>;
  attempts: number;
}

export interface OutboxStore {
  /** Takes up to `limit` rows due now and hides them from other dispatchers for `leaseMs`. */
  claim(limit: number, now: Date, leaseMs: number): Promise<OutboxRow[]>;
  delivered(id: number, at: Date): Promise<void>;
  /** Queues one row on its own (work that follows a delivery, such as a survey email). */
  enqueue(
    row: { topic: string; ticketId: number | null; payload: Record<string, unknown> },
    at: Date,
  ): Promise<void>;
  /** Back to pending, to be tried again at `nextAttemptAt`. */
  retry(id: number, nextAttemptAt: Date, error: string): Promise<void>;
  /** Puts claimed rows back, due at `at`, without counting the claim as an attempt. */
  release(ids: number[], at: Date): Promise<void>;
  /** Final: dead (gave up, visible to admins) or skipped (nothing to deliver it to). */
  finish(id: number, state: 'dead' | 'skipped', reason: string, at: Date): Promise<void>;
  /** Rows given up on, newest first. */
  dead(limit: number): Promise<DeadOutboxRow[]>;
  /** A dead row is pending again, due at `at`, with its attempts at 0; false if there is no such one. */
  revive(id: number, at: Date): Promise<boolean>;
  /**
   * Removes up to `limit` finished rows made before `before` (dead ones: before `deadBefore`), oldest
   * first; returns how many. Pending rows stay, however old.
   */
  prune(before: Date, deadBefore: Date, limit: number): Promise<number>;
}
