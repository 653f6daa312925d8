import type { Person } from '../../ports/store.port.js';

/**
 * Tokens proven recently, so a client's every request does not cost the two queries of a token check
 * (bench: part of what made an API create ~14 transactions). An entry lives `ttlMs` at most, never past
 * the token's own expiry; `clear()` (a revocation here, or announced by another process; a roles sync)
 * empties it, and a lookup that raced a clear is not kept.
 */
export class TokenCache {
  private readonly entries = new Map<string, { person: Person; until: number }>();
  private generation = 0;

  constructor(
    private readonly ttlMs = 60_000,
    private readonly max = 10_000,
  ) {}

  get(hash: string, now: Date): Person | null {
    const entry = this.entries.get(hash);
    if (!entry) return null;
    if (entry.until > now.getTime()) return entry.person;
    this.entries.delete(hash);
    return null;
  }

  /** Where a lookup starts: `set` keeps its result only if nothing was cleared meanwhile. */
  mark(): number {
    return this.generation;
  }

  set(mark: number, hash: string, person: Person, expiresAt: Date | null, now: Date): void {
    if (mark !== this.generation) return;
    if (this.entries.size >= this.max) this.entries.delete(this.entries.keys().next().value!);
    const until = Math.min(now.getTime() + this.ttlMs, expiresAt?.getTime() ?? Number.POSITIVE_INFINITY);
    this.entries.set(hash, { person, until });
  }

  clear(): void {
    this.generation++;
    this.entries.clear();
  }
}
