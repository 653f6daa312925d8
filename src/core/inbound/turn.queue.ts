/** The longest a turn waits for other deliveries' acknowledgements before it runs anyway. */
const ACKS_FIRST_MS = 50;

/** A place in the TurnQueue: run the turn when its go comes, or give the place up. */
export interface QueuedTurn {
  run<T>(work: () => Promise<T>): Promise<T>;
  cancel(): void;
}

/**
 * Runs turns after the acknowledgements: a few at once across conversations, one at a time and in
 * arrival order within a conversation (a later message must not overtake an earlier one, nor run on
 * state the earlier one is about to change). Acknowledging comes first: while deliveries are on their
 * way to their ack, turns wait (at most ACKS_FIRST_MS), so a burst is acknowledged before it is worked.
 *
 * Both exist for a platform's deadline (Slack wants its answer within 3 s, and a turn takes tens of ms
 * under load): `npm run bench` part slack, 100 signed events at once, measures event→ack and
 * event→reply; before this queue, acks waited behind the turns of the burst (ack p99 154 ms on PGlite
 * in the stop of 2026-11 that added it, ~40 ms after).
 */
export class TurnQueue {
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  /** Per conversation, the end of its chain of turns. */
  private readonly tails = new Map<string, Promise<void>>();
  /** Deliveries queued and not yet acknowledged (or given up). */
  private acknowledging = 0;
  private readonly quiet: (() => void)[] = [];

  constructor(private readonly limit: number) {}

  queue(conversationId: string): QueuedTurn {
    const before = this.tails.get(conversationId) ?? Promise.resolve();
    let done!: () => void;
    const mine = new Promise<void>((resolve) => {
      done = resolve;
    });
    const tail = before.then(() => mine);
    this.tails.set(conversationId, tail);
    this.acknowledging++;
    let acknowledged = false;
    const ackDone = () => {
      if (acknowledged) return;
      acknowledged = true;
      if (--this.acknowledging === 0) for (const go of this.quiet.splice(0)) go();
    };
    const finish = () => {
      ackDone();
      done();
      if (this.tails.get(conversationId) === tail) this.tails.delete(conversationId);
    };
    return {
      run: async (work) => {
        ackDone();
        try {
          await before;
          return await this.slot(work);
        } finally {
          finish();
        }
      },
      cancel: finish,
    };
  }

  /** Resolves once no turn is queued or running. */
  async idle(): Promise<void> {
    while (this.tails.size > 0) await Promise.all(this.tails.values());
  }

  private async slot<T>(work: () => Promise<T>): Promise<T> {
    if (this.running >= this.limit) await new Promise<void>((start) => this.waiting.push(start));
    else this.running++;
    await this.acksFirst();
    try {
      return await work();
    } finally {
      // A waiting turn takes this slot over; else the slot is free.
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }

  /**
   * Waits for the deliveries in flight to be acknowledged, or ACKS_FIRST_MS under a steady stream.
   * Always at least a macrotask: the embedded store runs queries synchronously, and without one turns
   * would chain through microtasks and no waiting request would be read until all had run.
   */
  private async acksFirst(): Promise<void> {
    await new Promise((next) => setImmediate(next));
    if (this.acknowledging === 0) return;
    await new Promise<void>((go) => {
      const timer = setTimeout(go, ACKS_FIRST_MS);
      this.quiet.push(() => {
        clearTimeout(timer);
        go();
      });
    });
  }
}
