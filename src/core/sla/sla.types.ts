import type { Priority, StatusCategory } from '../../ports/desk.types.js';
import type { BusinessCalendar } from './business.calendar.js';
import type { GoalLookup, SlaMetric } from './sla.goal.js';

/** What happened to a ticket, in the words SLA clocks need (fed from the store's domain events). */
export type TicketEvent =
  | {
      type: 'created';
      at: Date;
      status: string;
      category: StatusCategory;
      priority: Priority;
      requestType: string;
    }
  | { type: 'status_changed'; at: Date; status: string; category: StatusCategory }
  /** Only public comments move clocks; internal ones are accepted and ignored. */
  | { type: 'commented'; at: Date; by: 'agent' | 'requester'; public: boolean }
  | { type: 'priority_changed'; at: Date; priority: Priority }
  | { type: 'request_type_changed'; at: Date; requestType: string };

/** Which statuses pause a clock: any status of these categories, or these status ids. */
export interface PauseRule {
  categories?: readonly StatusCategory[];
  statuses?: readonly string[];
}

/** The pause rule when none is given: JSM's "waiting for customer" style statuses. */
export const DEFAULT_PAUSE: PauseRule = { categories: ['waiting'] };
/** The fraction of the goal at which a clock is near breach when the policy says nothing. */
export const DEFAULT_NEAR_BREACH_AT = 0.75;

/** Everything computeClock needs; time is `now`, never the system clock. */
export interface ClockInput {
  metric: SlaMetric;
  /** The ticket's events in any order; events after `now` are not yet known and ignored. */
  events: readonly TicketEvent[];
  now: Date;
  calendar: BusinessCalendar;
  goalFor: GoalLookup;
  /** Fraction of the goal (0 < f < 1) at which the clock is near breach; default 0.75. */
  nearBreachAt?: number;
  pause?: PauseRule;
}

/**
 * One line of a clock's history, in the order it was learnt. near_breach and breached carry the exact
 * instant elapsed reached the threshold, which a re-target can reveal after the fact (an earlier `at`).
 */
export type ClockLogEntry =
  | { kind: 'started'; at: Date; cycle: number; goalMs: number | null }
  | { kind: 'paused'; at: Date; cycle: number; status: string; category: StatusCategory }
  | { kind: 'resumed'; at: Date; cycle: number }
  | { kind: 'retargeted'; at: Date; cycle: number; goalMs: number | null }
  | { kind: 'near_breach'; at: Date; cycle: number }
  | { kind: 'breached'; at: Date; cycle: number }
  | { kind: 'stopped'; at: Date; cycle: number; result: CycleResult };

/** How a finished cycle ended. */
export type CycleResult = 'met' | 'breached';

/** One cycle of a clock (resolution gets one per reopening, next_response one per requester reply). */
export interface CycleState {
  /** 0 for the first cycle. */
  index: number;
  startedAt: Date;
  stoppedAt: Date | null;
  /** Business ms; null when there is no target. */
  goalMs: number | null;
  /** Business ms counted so far (never while paused). */
  elapsedMs: number;
  /** goalMs - elapsedMs, negative once breached; null without target. */
  remainingMs: number | null;
  paused: boolean;
  /** The goal is used up: elapsed >= goal. */
  breached: boolean;
  /** Null while the cycle runs. */
  result: CycleResult | null;
  /**
   * When the goal is (or was) used up: in the past once breached; for a running cycle the instant it
   * breaches if nothing pauses it. Null without target, while paused short of the goal, when the cycle
   * stopped in time, or when the calendar never works again.
   */
  dueAt: Date | null;
  /** When elapsed reaches the near-breach fraction of the goal, by the same rules as dueAt. */
  nearBreachAt: Date | null;
}

/** One clock of one ticket at `now`: its cycles, the ongoing one, and its history. */
export interface ClockState {
  metric: SlaMetric;
  cycles: CycleState[];
  /** The cycle still running or paused, if any. */
  ongoing: CycleState | null;
  log: ClockLogEntry[];
}
