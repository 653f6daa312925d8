import { createBusinessCalendar } from '../../../src/core/sla/business.calendar.js';
import { computeClock } from '../../../src/core/sla/sla.clock.js';
import type { GoalLookup, SlaMetric } from '../../../src/core/sla/sla.goal.js';
import type { ClockInput, ClockState, TicketEvent } from '../../../src/core/sla/sla.types.js';
import type { Priority } from '../../../src/ports/desk.types.js';
import { at, h, LONDON } from './sla.fixtures.js';

const london = createBusinessCalendar(LONDON);
const byPriority =
  (goals: Record<Priority, number | null>): GoalLookup =>
  (priority) =>
    goals[priority];
/** The sample `standard` policy's first-response goals in business ms. */
export const FIRST_RESPONSE = byPriority({
  highest: h(1),
  high: h(2),
  medium: h(4),
  low: h(8),
  lowest: null,
});
/** The sample `standard` policy's resolution goals in business ms (a day is 8.5 h in London). */
export const RESOLUTION = byPriority({
  highest: h(4),
  high: h(8),
  medium: h(17),
  low: h(42.5),
  lowest: null,
});
/** The same goal for every ticket. */
export const always =
  (ms: number): GoalLookup =>
  () =>
    ms;

/** computeClock on the London calendar at an ISO instant. */
export function clock(
  metric: SlaMetric,
  events: TicketEvent[],
  now: string,
  goalFor: GoalLookup,
  extra: Partial<ClockInput> = {},
): ClockState {
  return computeClock({ metric, events, now: at(now), calendar: london, goalFor, ...extra });
}
/** An optional instant as ISO text, null when absent. */
export const iso = (d: Date | null | undefined) => d?.toISOString() ?? null;
/** The log as kind@instant lines. */
export const kinds = (state: ClockState) => state.log.map((e) => `${e.kind}@${e.at.toISOString()}`);
