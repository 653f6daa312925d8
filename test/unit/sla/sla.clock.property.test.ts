import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createBusinessCalendar } from '../../../src/core/sla/business.calendar.js';
import { computeClock } from '../../../src/core/sla/sla.clock.js';
import type { GoalLookup, SlaMetric } from '../../../src/core/sla/sla.goal.js';
import type { ClockState, TicketEvent } from '../../../src/core/sla/sla.types.js';
import { PRIORITIES, type Priority, type StatusCategory } from '../../../src/ports/desk.types.js';
import { everyDay, h, LONDON } from './sla.fixtures.js';

const DAY = 86_400_000;
const METRICS: SlaMetric[] = ['first_response', 'resolution', 'next_response'];
const STATUSES: [string, StatusCategory][] = [
  ['open', 'open'],
  ['in_progress', 'in_progress'],
  ['waiting_for_customer', 'waiting'],
  ['resolved', 'done'],
];
const GOALS: Record<Priority, number | null> = {
  highest: h(1),
  high: h(2),
  medium: h(4),
  low: h(8.5),
  lowest: null,
};
const goalFor: GoalLookup = (priority) => GOALS[priority];
const calendars = [
  createBusinessCalendar(LONDON),
  everyDay('America/New_York', ['08:00-12:00', '13:00-18:00']),
];

type Step = { gap: number; event: (at: Date) => TicketEvent };
const step: fc.Arbitrary<Step> = fc.record({
  gap: fc.integer({ min: 1, max: 2 * DAY }),
  event: fc.oneof(
    fc.constantFrom(...STATUSES).map(
      ([status, category]) =>
        (at: Date): TicketEvent => ({ type: 'status_changed', at, status, category }),
    ),
    fc.record({ by: fc.constantFrom('agent' as const, 'requester' as const), pub: fc.boolean() }).map(
      ({ by, pub }) =>
        (at: Date): TicketEvent => ({ type: 'commented', at, by, public: pub }),
    ),
    fc.constantFrom(...PRIORITIES).map(
      (priority) =>
        (at: Date): TicketEvent => ({ type: 'priority_changed', at, priority }),
    ),
  ),
});
/** A created event somewhere around the March 2026 DST change, then up to 15 later events. */
const history = fc
  .record({
    start: fc.integer({ min: Date.UTC(2026, 2, 20), max: Date.UTC(2026, 3, 5) }),
    priority: fc.constantFrom(...PRIORITIES),
    status: fc.constantFrom(...STATUSES),
    steps: fc.array(step, { maxLength: 15 }),
  })
  .map(({ start, priority, status: [status, category], steps }) => {
    const events: TicketEvent[] = [
      { type: 'created', at: new Date(start), status, category, priority, requestType: 'x' },
    ];
    let t = start;
    for (const s of steps) {
      t += s.gap;
      events.push(s.event(new Date(t)));
    }
    return events;
  });

/** Every event instant, the midpoints between them, and a day after the last. */
function observationTimes(events: TicketEvent[]): number[] {
  const times = events.map((e) => e.at.getTime());
  const mids = times.slice(1).map((t, i) => Math.floor((t + times[i]!) / 2));
  return [...times, ...mids, times[times.length - 1]! + DAY].sort((a, b) => a - b);
}

const run = (metric: SlaMetric, events: TicketEvent[], now: number, cal = calendars[0]!) =>
  computeClock({ metric, events, now: new Date(now), calendar: cal, goalFor });

describe('SLA clock properties', () => {
  it('never runs backwards: elapsed per cycle and in total only grows, and finished cycles stay as they were', () => {
    fc.assert(
      fc.property(
        history,
        fc.constantFrom(...METRICS),
        fc.constantFrom(...calendars),
        (events, metric, cal) => {
          let previous: ClockState | null = null;
          for (const now of observationTimes(events)) {
            const state = run(metric, events, now, cal);
            for (const cycle of state.cycles) {
              expect(cycle.elapsedMs).toBeGreaterThanOrEqual(0);
              expect(cycle.elapsedMs).toBeLessThanOrEqual(now - cycle.startedAt.getTime());
            }
            if (previous) {
              expect(state.cycles.length).toBeGreaterThanOrEqual(previous.cycles.length);
              for (const before of previous.cycles) {
                const after = state.cycles[before.index]!;
                expect(after.elapsedMs).toBeGreaterThanOrEqual(before.elapsedMs);
                if (before.stoppedAt) expect(after).toEqual(before);
              }
              const total = (s: ClockState) => s.cycles.reduce((sum, c) => sum + c.elapsedMs, 0);
              expect(total(state)).toBeGreaterThanOrEqual(total(previous));
            }
            previous = state;
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('pausing only ever takes time away: the same history without waiting statuses counts at least as much', () => {
    fc.assert(
      fc.property(history, fc.constantFrom(...METRICS), (events, metric) => {
        const unpaused = events.map((e) =>
          e.type === 'status_changed' && e.category === 'waiting'
            ? { ...e, status: 'in_progress', category: 'in_progress' as const }
            : e,
        );
        const now = events[events.length - 1]!.at.getTime() + DAY;
        const paused = run(metric, events, now);
        const running = run(metric, unpaused, now);
        expect(paused.cycles.length).toBe(running.cycles.length);
        paused.cycles.forEach((c, i) => {
          expect(c.elapsedMs).toBeLessThanOrEqual(running.cycles[i]!.elapsedMs);
        });
      }),
      { numRuns: 200 },
    );
  });

  it('a running cycle is breached exactly at its dueAt, and no earlier', () => {
    fc.assert(
      fc.property(history, fc.constantFrom(...METRICS), (events, metric) => {
        const now = events[events.length - 1]!.at.getTime();
        const cycle = run(metric, events, now).ongoing;
        fc.pre(cycle !== null && !cycle.paused && cycle.goalMs !== null && !cycle.breached);
        const due = cycle!.dueAt!.getTime();
        expect(run(metric, events, due).ongoing).toMatchObject({ breached: true, remainingMs: 0 });
        expect(run(metric, events, due - 1).ongoing?.breached).toBe(false);
      }),
      { numRuns: 200 },
    );
  });

  it('dueAt and nearBreachAt, past or future, are when elapsed reaches the goal and its fraction', () => {
    fc.assert(
      fc.property(history, fc.constantFrom(...METRICS), (events, metric) => {
        const now = events[events.length - 1]!.at.getTime() + DAY;
        for (const cycle of run(metric, events, now).cycles) {
          if (cycle.goalMs === null) continue;
          const elapsedAt = (d: Date) => run(metric, events, d.getTime()).cycles[cycle.index]!.elapsedMs;
          if (cycle.dueAt) expect(elapsedAt(cycle.dueAt)).toBe(cycle.goalMs);
          if (cycle.nearBreachAt) expect(elapsedAt(cycle.nearBreachAt)).toBe(Math.round(cycle.goalMs * 0.75));
        }
      }),
      { numRuns: 200 },
    );
  });
});
