/** One dependency's check: true when it answers and can do its work. */
export type ReadinessCheck = () => Promise<boolean>;

export interface ReadinessOptions {
  /** How long a reader waits for a check that is running before taking its last answer. */
  answerWithinMs?: number;
  /** A check still running after this is stuck: the dependency counts as down, and the next read tries again. */
  stallMs?: number;
}

interface CheckState {
  running: Promise<boolean> | null;
  startedAt: number;
  last: boolean | null;
}

/**
 * What /readyz reports: whether each dependency can serve, not how long its queue is. Under a burst
 * the store and the scheduler answer behind the burst's own statements (PGlite has one connection), so
 * a check that is slow but not stuck keeps its last answer; one that fails says so at once; one stuck
 * for `stallMs` counts as down. A check runs at most once at a time, however many probes arrive.
 */
export class Readiness {
  private readonly states = new Map<string, CheckState>();
  private readonly answerWithinMs: number;
  private readonly stallMs: number;

  constructor(
    private readonly checks: Record<string, ReadinessCheck>,
    options: ReadinessOptions = {},
    private readonly now: () => number = Date.now,
  ) {
    this.answerWithinMs = options.answerWithinMs ?? 1000;
    this.stallMs = options.stallMs ?? 15_000;
    for (const name of Object.keys(checks))
      this.states.set(name, { running: null, startedAt: 0, last: null });
  }

  async report(): Promise<Record<string, boolean>> {
    const names = Object.keys(this.checks);
    const answers = await Promise.all(names.map((name) => this.answer(name)));
    return Object.fromEntries(names.map((name, i) => [name, answers[i]!]));
  }

  private async answer(name: string): Promise<boolean> {
    const state = this.states.get(name)!;
    if (state.running && this.now() - state.startedAt >= this.stallMs) {
      // Stuck: that is an answer (down); the next check starts afresh.
      state.running = null;
      state.last = false;
    }
    const running = state.running ?? this.start(name, state);
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), this.answerWithinMs);
    });
    const result = await Promise.race([running, late]);
    clearTimeout(timer);
    if (result !== 'late') return result;
    // Still running: busy, not down, unless it has been at it too long or never answered yet.
    return state.last === true && this.now() - state.startedAt < this.stallMs;
  }

  private start(name: string, state: CheckState): Promise<boolean> {
    const run = this.checks[name]!()
      .then(
        (ok) => ok,
        () => false,
      )
      .then((ok) => {
        if (state.running === run) {
          state.running = null;
          state.last = ok;
        }
        return ok;
      });
    state.running = run;
    state.startedAt = this.now();
    return run;
  }
}
