import type { Clock } from '../../ports/clock.port.js';
import type { Store } from '../../ports/store.port.js';

const DAY_MS = 86_400_000;
/**
 * Finished inbox and outbox rows are kept a week. The inbox row is what makes a platform's retry a
 * duplicate, and the platforms retry within minutes (Slack three times, the Bot Connector, a Discord
 * RESUME), so a week is ample.
 */
export const KEPT_MS = 7 * DAY_MS;
/** A delivery whose turn failed, and a dead outbox row, are kept a month with their errors, for admins. */
export const FAILED_KEPT_MS = 30 * DAY_MS;
/** Rows removed per statement: each statement's locks stay few and short. */
const BATCH = 1000;

/** Removes what the desk no longer needs, so the inbox and the outbox do not grow without end (an hourly job). */
export class RetentionService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  async sweep(): Promise<{ inbox: number; outbox: number }> {
    const now = this.clock.now().getTime();
    const kept = new Date(now - KEPT_MS);
    const failed = new Date(now - FAILED_KEPT_MS);
    return {
      inbox: await drainBatches((n) => this.store.conversations.prune(kept, failed, n)),
      outbox: await drainBatches((n) => this.store.outbox.prune(kept, failed, n)),
    };
  }
}

/**
 * Runs a batched delete until a batch comes back short: each statement's locks stay few and short.
 * Returns how many it removed in all.
 */
export async function drainBatches(
  remove: (limit: number) => Promise<number>,
  batch = BATCH,
): Promise<number> {
  let removed = 0;
  for (;;) {
    const n = await remove(batch);
    removed += n;
    if (n < batch) return removed;
  }
}
