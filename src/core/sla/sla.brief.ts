import type { SlaClockState } from '../../ports/sla-store.port.js';
import type { SlaMetric } from './sla.goal.js';
import { METRIC_NAMES } from './sla.policies.js';

/** One clock of a ticket in a list's SLA column: its latest cycle, where it stands, what is left. */
export interface SlaBrief {
  metric: string;
  name: string;
  state: 'met' | 'breached' | 'at_risk' | 'on_track' | 'paused';
  dueAt: string | null;
  /** Working time left (negative: over), for a running or paused clock with a goal. */
  remainingMs: number | null;
}

/**
 * The stored clocks of one ticket as list columns, at `now`. A running clock's time left is counted
 * to its due instant; a paused one's from its goal and elapsed working time (its due instant moves).
 */
export function slaBriefs(clocks: SlaClockState[], now: Date): SlaBrief[] {
  const latest = new Map<string, SlaClockState>();
  for (const c of clocks) if ((latest.get(c.metric)?.cycle ?? -1) < c.cycle) latest.set(c.metric, c);
  return [...latest.values()].map((c) => {
    const remainingMs =
      c.goalMs === null || c.stoppedAt !== null
        ? null
        : c.paused || c.dueAt === null
          ? c.goalMs - c.elapsedMs
          : c.dueAt.getTime() - now.getTime();
    return {
      metric: c.metric,
      name: METRIC_NAMES[c.metric as SlaMetric] ?? c.metric,
      state: stateOf(c, remainingMs, now),
      dueAt: c.stoppedAt === null ? (c.dueAt?.toISOString() ?? null) : null,
      remainingMs,
    };
  });
}

function stateOf(c: SlaClockState, remainingMs: number | null, now: Date): SlaBrief['state'] {
  if (c.stoppedAt !== null) return c.breached || c.result === 'breached' ? 'breached' : 'met';
  if (c.breached || (!c.paused && remainingMs !== null && remainingMs <= 0)) return 'breached';
  if (c.paused) return 'paused';
  return c.nearBreachAt !== null && c.nearBreachAt <= now ? 'at_risk' : 'on_track';
}
