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
      inbox: await drain((n) => this.store.conversations.prune(kept, failed, n)),
      outbox: await drain((n) => this.store.outbox.prune(kept, failed, n)),
    };
  }
}

async function drain(prune: (limit: number) => Promise<number>): Promise<number> {
  let removed = 0;
  for (;;) {
    const n = await prune(BATCH);
    removed += n;
    if (n < BATCH) return removed;
  }
}
