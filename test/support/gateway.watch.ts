/**
 * Watches the fake Discord gateway through a run: how many connections are open, at every connection
 * that opens or closes.
 * Only one instance of a desk may hold the gateway (Discord delivers each event to one session); when
 * the holder goes, another must take it within seconds.
 */
import type { FakeDiscord } from '../fakes/discord/fake-discord.js';

export interface GatewayFigures {
  /** The most connections open at once, and when that was first seen. */
  maxOpen: number;
  maxOpenAt: number | null;
  /** Spells with no connection after the first one opened: start and length (ms). */
  gaps: { from: number; ms: number }[];
  /** Spells with more than one connection open: start, length (ms) and the most seen. */
  overlaps: { from: number; ms: number; open: number }[];
  /** Connections open when the watch ended. */
  finalOpen: number;
  identifies: number;
  resumes: number;
}

export class GatewayWatch {
  private maxOpen = 0;
  private maxOpenAt: number | null = null;
  private seen = false;
  private gapFrom: number | null = null;
  private readonly gaps: { from: number; ms: number }[] = [];
  private overlap: { from: number; open: number } | null = null;
  private readonly overlaps: { from: number; ms: number; open: number }[] = [];

  constructor(private readonly fake: FakeDiscord) {}

  start(): this {
    this.fake.onGateway = (open) => this.sample(open);
    this.sample(this.fake.openConnections);
    return this;
  }

  private sample(open: number): void {
    const now = Date.now();
    if (open > this.maxOpen) {
      this.maxOpen = open;
      this.maxOpenAt = now;
    }
    if (open > 1) {
      if (this.overlap) this.overlap.open = Math.max(this.overlap.open, open);
      else this.overlap = { from: now, open };
    } else if (this.overlap) {
      this.overlaps.push({ ...this.overlap, ms: now - this.overlap.from });
      this.overlap = null;
    }
    if (open > 0) {
      this.seen = true;
      if (this.gapFrom !== null) {
        this.gaps.push({ from: this.gapFrom, ms: now - this.gapFrom });
        this.gapFrom = null;
      }
    } else if (this.seen && this.gapFrom === null) this.gapFrom = now;
  }

  stop(): GatewayFigures {
    this.fake.onGateway = undefined;
    this.sample(this.fake.openConnections);
    const gaps = [...this.gaps];
    if (this.gapFrom !== null) gaps.push({ from: this.gapFrom, ms: Date.now() - this.gapFrom });
    const overlaps = [...this.overlaps];
    if (this.overlap) overlaps.push({ ...this.overlap, ms: Date.now() - this.overlap.from });
    return {
      overlaps,
      maxOpen: this.maxOpen,
      maxOpenAt: this.maxOpenAt,
      gaps,
      finalOpen: this.fake.openConnections,
      identifies: this.fake.gateway.identifies,
      resumes: this.fake.gateway.resumes,
    };
  }
}
