import type { FastifyReply } from 'fastify';

/** Keys tracked at most; past this, finished windows are dropped first (a flood of addresses stays bounded). */
const MAX_KEYS = 10_000;

/**
 * At most `limit` hits per key (a client address) in each fixed window of `windowMs`. Kept in memory:
 * each instance limits on its own, which bounds what one address can do to it.
 */
export class RateLimiter {
  private readonly windows = new Map<string, { start: number; hits: number }>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts a hit; when it is over the limit, the seconds until the window ends. */
  hit(key: string): { ok: true } | { ok: false; retryAfterS: number } {
    const w = this.current(key) ?? this.open(key);
    w.hits++;
    return w.hits > this.limit ? { ok: false, retryAfterS: this.retryAfter(w.start) } : { ok: true };
  }

  /** Seconds until the key may try again when it is already over the limit; null when it may now. */
  blockedFor(key: string): number | null {
    const w = this.current(key);
    return w && w.hits >= this.limit ? this.retryAfter(w.start) : null;
  }

  private current(key: string) {
    const w = this.windows.get(key);
    return w && this.now() - w.start < this.windowMs ? w : undefined;
  }

  private open(key: string) {
    if (this.windows.size >= MAX_KEYS) {
      for (const [k, w] of this.windows) if (this.now() - w.start >= this.windowMs) this.windows.delete(k);
      // Still full of live windows: the oldest goes (Map keeps insertion order).
      if (this.windows.size >= MAX_KEYS) this.windows.delete(this.windows.keys().next().value!);
    }
    const w = { start: this.now(), hits: 0 };
    this.windows.delete(key);
    this.windows.set(key, w);
    return w;
  }

  private retryAfter(start: number): number {
    return Math.max(1, Math.ceil((start + this.windowMs - this.now()) / 1000));
  }
}

/** 429 with Retry-After, in the API's error shape. */
export function sendTooMany(reply: FastifyReply, retryAfterS: number, message: string) {
  return reply
    .code(429)
    .header('retry-after', String(retryAfterS))
    .send({ error: { code: 'too_many_requests', message: `${message}; try again in ${retryAfterS} s` } });
}
