/** A domain event of a ticket as stored (ticket.created, ticket.transitioned, comment.added, ...). */
export interface StoredTicketEvent {
  type: string;
  actorId: string | null;
  at: Date;
  payload: Record<string, unknown>;
}

/** What a ping threshold is: near breach, breach, or the paging of a breach and its resolution. */
export type PingThreshold = 'near_breach' | 'breached' | 'page' | 'unpage';

/** One cycle of one SLA clock as kept in the store: the deadlines the scheduler and the sweep read. */
export interface SlaClockRecord {
  ticketId: number;
  metric: string;
  cycle: number;
  policy: string;
  calendar: string;
  goalMs: number | null;
  elapsedMs: number;
  startedAt: Date;
  stoppedAt: Date | null;
  paused: boolean;
  result: string | null;
  breached: boolean;
  dueAt: Date | null;
  nearBreachAt: Date | null;
  log: Record<string, unknown>[];
  updatedAt: Date;
}

/** A stored clock with what the scheduler and the ledger know about it. */
export interface SlaClockState extends SlaClockRecord {
  /** The instant a timer job was last set for. */
  timerAt: Date | null;
  /** Thresholds of this cycle already in the ping ledger. */
  pinged: PingThreshold[];
}

/** One ledger entry: a threshold of a clock cycle that fired. */
export interface SlaPing {
  ticketId: number;
  metric: string;
  cycle: number;
  threshold: PingThreshold;
  dueAt: Date;
  firedAt: Date;
}

/** A ticket with a threshold due and not yet in the ledger (what a crash may have left behind). */
export interface DueClock {
  ticketId: number;
  dueAt: Date;
}

export interface SlaStore {
  /** Each ticket's domain events in the order they were written (one read for them all). */
  events(ticketIds: number[]): Promise<Map<number, StoredTicketEvent[]>>;
  clocks(ticketId: number): Promise<SlaClockState[]>;
  /** Each ticket's stored clocks (one read for them all). */
  clocksOf(ticketIds: number[]): Promise<Map<number, SlaClockState[]>>;
  /** Upserts each ticket's cycles (keeping their timers) and deletes its other clock rows, in one statement. */
  saveClocks(byTicket: Map<number, SlaClockRecord[]>): Promise<void>;
  setTimer(ticketId: number, metric: string, cycle: number, at: Date | null): Promise<void>;
  /**
   * Adds the ping to the ledger and, only if it was not there, the outbox rows that announce it and the
   * other thresholds it settles (`also`), in one transaction. True when this call made the ping.
   */
  recordPing(
    ping: SlaPing,
    outbox: { topic: string; ticketId: number | null; payload: Record<string, unknown> }[],
    also?: PingThreshold[],
  ): Promise<boolean>;
  pings(ticketId: number): Promise<SlaPing[]>;
  /** Running cycles with a threshold in [since, now] missing from the ledger, soonest first. */
  dueUnpinged(since: Date, now: Date, limit: number): Promise<DueClock[]>;
  /**
   * Running cycles whose next threshold falls in (now, until] and has no timer at that instant yet:
   * marks them as having one and returns them (ticket, threshold), soonest first. Of two instances
   * arming at once, each cycle is returned to one.
   */
  armTimers(now: Date, until: Date, limit: number): Promise<DueClock[]>;
}
