import type { StatusCategory } from '../../ports/desk.types.js';
import { addWorkingMs, type BusinessCalendar, workingMsBetween } from './business.calendar.js';
import type { ClockLogEntry, CycleResult, CycleState } from './sla.types.js';

/** Why a cycle is paused: the status it sits in. */
export interface PauseReason {
  status: string;
  category: StatusCategory;
}

interface Cycle {
  index: number;
  startedAt: number;
  stoppedAt: number | null;
  goalMs: number | null;
  elapsedMs: number;
  pausedBy: PauseReason | null;
  /** When elapsed reached the near-breach fraction / the goal, once it has. */
  nearAt: number | null;
  breachAt: number | null;
  /** Elapsed time is counted up to here. */
  countedTo: number;
  /** Where each running stretch began and the elapsed time then: finds when elapsed reached a value. */
  runs: { from: number; elapsedBefore: number }[];
}

/**
 * The cycles of one clock, moved forward in time order. At most one cycle is open; elapsed time
 * only grows (pausing stops the count, retargeting changes the goal, neither takes time back).
 * A goal applies to the whole cycle, as JSM recalculates it: after a re-target, near breach and
 * breach are when elapsed reached the new thresholds, which may be before the change.
 */
export class CycleTracker {
  readonly log: ClockLogEntry[] = [];
  private readonly cycles: Cycle[] = [];
  private open: Cycle | null = null;

  constructor(
    private readonly cal: BusinessCalendar,
    private readonly nearFraction: number,
  ) {}

  /** True while a cycle runs or is paused. */
  get hasOpenCycle(): boolean {
    return this.open !== null;
  }

  /** Counts the open cycle's business time up to `t`, logging the thresholds it reaches. */
  advance(t: number): void {
    const c = this.open;
    if (!c || t <= c.countedTo) return;
    if (!c.pausedBy) c.elapsedMs += workingMsBetween(this.cal, new Date(c.countedTo), new Date(t));
    c.countedTo = t;
    this.settle(c, false);
  }

  /** Opens a new cycle at `at` (paused from the start when `pausedBy` is given). */
  start(at: number, goalMs: number | null, pausedBy: PauseReason | null): void {
    if (this.open) return;
    const c: Cycle = {
      index: this.cycles.length,
      startedAt: at,
      stoppedAt: null,
      goalMs,
      elapsedMs: 0,
      pausedBy: null,
      nearAt: null,
      breachAt: null,
      countedTo: at,
      runs: pausedBy ? [] : [{ from: at, elapsedBefore: 0 }],
    };
    this.cycles.push(c);
    this.open = c;
    this.note({ kind: 'started', at: new Date(at), cycle: c.index, goalMs });
    if (pausedBy) this.pause(at, pausedBy);
    this.settle(c, false);
  }

  /** Pauses the open cycle; a pause while paused only changes the reason. */
  pause(at: number, reason: PauseReason): void {
    const c = this.open;
    if (!c) return;
    if (!c.pausedBy) this.note({ kind: 'paused', at: new Date(at), cycle: c.index, ...reason });
    c.pausedBy = reason;
  }

  /** Resumes the open cycle if it is paused. */
  resume(at: number): void {
    const c = this.open;
    if (!c?.pausedBy) return;
    c.pausedBy = null;
    c.runs.push({ from: at, elapsedBefore: c.elapsedMs });
    this.note({ kind: 'resumed', at: new Date(at), cycle: c.index });
  }

  /** Gives the open cycle a new goal (JSM re-evaluates goals when the ticket changes). */
  retarget(at: number, goalMs: number | null): void {
    const c = this.open;
    if (!c || c.goalMs === goalMs) return;
    c.goalMs = goalMs;
    this.note({ kind: 'retargeted', at: new Date(at), cycle: c.index, goalMs });
    this.settle(c, true);
  }

  /** Stops the open cycle: met if the goal was not used up. */
  stop(at: number): void {
    const c = this.open;
    if (!c) return;
    c.stoppedAt = at;
    this.open = null;
    this.note({ kind: 'stopped', at: new Date(at), cycle: c.index, result: resultOf(c) });
  }

  /** Every cycle as seen at `now` (advance to `now` first). */
  states(): CycleState[] {
    return this.cycles.map((c) => this.stateOf(c));
  }

  private stateOf(c: Cycle): CycleState {
    const running = c.stoppedAt === null && c.pausedBy === null;
    const goal = c.goalMs;
    return {
      index: c.index,
      startedAt: new Date(c.startedAt),
      stoppedAt: c.stoppedAt === null ? null : new Date(c.stoppedAt),
      goalMs: goal,
      elapsedMs: c.elapsedMs,
      remainingMs: goal === null ? null : goal - c.elapsedMs,
      paused: c.pausedBy !== null,
      breached: goal !== null && c.elapsedMs >= goal,
      result: c.stoppedAt === null ? null : resultOf(c),
      dueAt: this.whenReached(c, c.breachAt, goal, running),
      nearBreachAt: this.whenReached(c, c.nearAt, goal === null ? null : this.nearMs(goal), running),
    };
  }

  /** The past instant a threshold was reached, or the future one a running cycle reaches it. */
  private whenReached(c: Cycle, reachedAt: number | null, threshold: number | null, running: boolean) {
    if (reachedAt !== null) return new Date(reachedAt);
    if (threshold === null || !running) return null;
    return addWorkingMs(this.cal, new Date(c.countedTo), threshold - c.elapsedMs);
  }

  /**
   * Records (and logs, the first time) the instants elapsed reached the near-breach and goal
   * thresholds; `regoal` recomputes them and forgets the ones no longer reached.
   */
  private settle(c: Cycle, regoal: boolean): void {
    const goal = c.goalMs;
    const near = this.reachedAt(c, c.nearAt, goal === null ? null : this.nearMs(goal), regoal);
    if (near !== null && c.nearAt === null) {
      this.note({ kind: 'near_breach', at: new Date(near), cycle: c.index });
    }
    c.nearAt = near;
    const breach = this.reachedAt(c, c.breachAt, goal, regoal);
    if (breach !== null && c.breachAt === null) {
      this.note({ kind: 'breached', at: new Date(breach), cycle: c.index });
    }
    c.breachAt = breach;
  }

  private reachedAt(
    c: Cycle,
    known: number | null,
    threshold: number | null,
    regoal: boolean,
  ): number | null {
    if (threshold === null || c.elapsedMs < threshold) return null;
    return known !== null && !regoal ? known : this.instantOfElapsed(c, threshold);
  }

  /** The instant the cycle's elapsed time reached `ms` (at most its elapsed time now). */
  private instantOfElapsed(c: Cycle, ms: number): number {
    if (ms <= 0) return c.startedAt;
    for (let i = c.runs.length - 1; i >= 0; i--) {
      const run = c.runs[i]!;
      // The stretch in which elapsed passed `ms`: it began below `ms`, and `ms` is already counted.
      if (run.elapsedBefore < ms) {
        return addWorkingMs(this.cal, new Date(run.from), ms - run.elapsedBefore)!.getTime();
      }
    }
    return c.startedAt;
  }

  private nearMs(goal: number): number {
    return Math.round(goal * this.nearFraction);
  }

  private note(entry: ClockLogEntry): void {
    this.log.push(entry);
  }
}

function resultOf(c: Cycle): CycleResult {
  return c.goalMs !== null && c.elapsedMs >= c.goalMs ? 'breached' : 'met';
}
