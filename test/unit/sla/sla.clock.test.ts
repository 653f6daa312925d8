import { describe, expect, it } from 'vitest';
import { type BusinessCalendar, createBusinessCalendar } from '../../../src/core/sla/business.calendar.js';
import { formatDue } from '../../../src/core/sla/due.format.js';
import { computeClock } from '../../../src/core/sla/sla.clock.js';
import { always, clock, FIRST_RESPONSE, iso, kinds, RESOLUTION } from './sla.clock.fixtures.js';
import { at, ev, h } from './sla.fixtures.js';

describe('first_response', () => {
  it('stops, met, at the first public agent comment; internal notes do not count', () => {
    const events = [
      ev.created('2026-03-23T10:00Z'),
      ev.agentNote('2026-03-23T11:00Z'),
      ev.agentReply('2026-03-23T12:00Z'),
      ev.agentReply('2026-03-23T13:00Z'),
    ];
    const state = clock('first_response', events, '2026-03-23T15:00Z', FIRST_RESPONSE);
    expect(state.cycles).toHaveLength(1);
    expect(state.ongoing).toBeNull();
    expect(state.cycles[0]).toMatchObject({
      result: 'met',
      elapsedMs: h(2),
      remainingMs: h(2),
      breached: false,
    });
    expect(iso(state.cycles[0]?.stoppedAt)).toBe('2026-03-23T12:00:00.000Z');
    expect(state.cycles[0]?.dueAt).toBeNull();
    expect(kinds(state)).toEqual(['started@2026-03-23T10:00:00.000Z', 'stopped@2026-03-23T12:00:00.000Z']);
  });

  it('breaches overnight and logs near breach and breach at their exact instants', () => {
    const events = [ev.created('2026-03-23T16:00Z', 'highest'), ev.agentReply('2026-03-24T10:00Z')];
    const state = clock('first_response', events, '2026-03-24T12:00Z', FIRST_RESPONSE);
    expect(state.cycles[0]).toMatchObject({ result: 'breached', elapsedMs: h(2.5), remainingMs: -h(1.5) });
    expect(iso(state.cycles[0]?.dueAt)).toBe('2026-03-23T17:00:00.000Z');
    expect(iso(state.cycles[0]?.nearBreachAt)).toBe('2026-03-23T16:45:00.000Z');
    expect(kinds(state)).toEqual([
      'started@2026-03-23T16:00:00.000Z',
      'near_breach@2026-03-23T16:45:00.000Z',
      'breached@2026-03-23T17:00:00.000Z',
      'stopped@2026-03-24T10:00:00.000Z',
    ]);
  });

  it('answers dueAt and nearBreachAt across a weekend and DST, and formats them per time zone', () => {
    const events = [ev.created('2026-03-27T15:00Z')];
    const state = clock('first_response', events, '2026-03-27T16:00Z', FIRST_RESPONSE);
    const running = state.ongoing!;
    expect(running).toMatchObject({ elapsedMs: h(1), remainingMs: h(3), paused: false, breached: false });
    expect(iso(running.dueAt)).toBe('2026-03-30T09:30:00.000Z');
    expect(iso(running.nearBreachAt)).toBe('2026-03-30T08:30:00.000Z');
    expect(formatDue(running.dueAt!, 'Europe/London')).toBe('Mon, 30 Mar 2026, 10:30 BST');
    expect(formatDue(running.dueAt!, 'America/New_York', 'en-US')).toBe('Mon, Mar 30, 2026, 05:30 AM EDT');
  });

  it('is breached exactly at dueAt, not a millisecond before', () => {
    const events = [ev.created('2026-03-27T15:00Z')];
    const before = clock('first_response', events, '2026-03-30T09:29:59.999Z', FIRST_RESPONSE);
    const atDue = clock('first_response', events, '2026-03-30T09:30:00.000Z', FIRST_RESPONSE);
    expect(before.ongoing).toMatchObject({ breached: false, remainingMs: 1 });
    expect(atDue.ongoing).toMatchObject({ breached: true, remainingMs: 0 });
    const stoppedAtDue = clock(
      'first_response',
      [...events, ev.agentReply('2026-03-30T09:30Z')],
      '2026-03-31T00:00Z',
      FIRST_RESPONSE,
    );
    expect(stoppedAtDue.cycles[0]?.result).toBe('breached');
  });
});

describe('pauses', () => {
  const events = [
    ev.created('2026-01-12T16:00Z', 'high'),
    ev.waiting('2026-01-12T17:00Z'),
    ev.working('2026-01-13T11:00Z'),
  ];

  it('a pause spanning the night counts neither the evening nor the next morning', () => {
    const state = clock('resolution', events, '2026-01-13T12:00Z', RESOLUTION);
    expect(state.ongoing).toMatchObject({ elapsedMs: h(2), paused: false, remainingMs: h(6) });
    expect(iso(state.ongoing?.dueAt)).toBe('2026-01-14T09:30:00.000Z');
    expect(state.log.map((e) => e.kind)).toEqual(['started', 'paused', 'resumed']);
    expect(state.log[1]).toMatchObject({ status: 'waiting_for_customer', category: 'waiting' });
  });

  it('while paused, time stands still and there is no due instant', () => {
    const state = clock('resolution', events, '2026-01-13T10:00Z', RESOLUTION);
    expect(state.ongoing).toMatchObject({ elapsedMs: h(1), paused: true, dueAt: null, nearBreachAt: null });
  });

  it('a ticket created in a waiting status (approval) starts paused', () => {
    const created = ev.created('2026-01-12T09:00Z', 'medium', 'waiting_for_approval', 'waiting');
    const state = clock(
      'resolution',
      [created, ev.working('2026-01-12T11:00Z')],
      '2026-01-12T12:00Z',
      RESOLUTION,
    );
    expect(state.ongoing?.elapsedMs).toBe(h(1));
    expect(state.log.map((e) => e.kind)).toEqual(['started', 'paused', 'resumed']);
  });

  it('pauses on the statuses a custom rule names instead of the waiting category', () => {
    const custom = [
      ev.created('2026-01-12T09:00Z'),
      ev.working('2026-01-12T10:00Z'),
      ev.waiting('2026-01-12T11:00Z'),
    ];
    const state = clock('resolution', custom, '2026-01-12T12:00Z', RESOLUTION, {
      pause: { statuses: ['in_progress'] },
    });
    expect(state.ongoing).toMatchObject({ elapsedMs: h(2), paused: false });
  });
});

describe('input handling', () => {
  it('sorts events, ignores those before creation and after now, and a replayed creation', () => {
    const events = [
      ev.agentReply('2026-01-12T12:00Z'),
      ev.waiting('2026-01-12T08:00Z'),
      ev.created('2026-01-12T09:00Z'),
      ev.created('2026-01-12T10:00Z'),
    ];
    const state = clock('first_response', events, '2026-01-12T11:00Z', FIRST_RESPONSE);
    expect(state.ongoing).toMatchObject({ elapsedMs: h(2), paused: false });
    expect(iso(state.ongoing?.startedAt)).toBe('2026-01-12T09:00:00.000Z');
  });

  it('has no cycles before the ticket exists', () => {
    expect(clock('resolution', [], '2026-01-12T11:00Z', RESOLUTION)).toMatchObject({
      cycles: [],
      ongoing: null,
      log: [],
    });
  });

  it('honours a custom near-breach fraction and refuses one outside (0, 1)', () => {
    const events = [ev.created('2026-01-12T09:00Z', 'highest')];
    const state = clock('first_response', events, '2026-01-12T09:00Z', FIRST_RESPONSE, { nearBreachAt: 0.5 });
    expect(iso(state.ongoing?.nearBreachAt)).toBe('2026-01-12T09:30:00.000Z');
    expect(() =>
      clock('first_response', events, '2026-01-12T09:00Z', FIRST_RESPONSE, { nearBreachAt: 1 }),
    ).toThrow(RangeError);
  });

  it('on a calendar with no working time the clock never moves and has no due instant', () => {
    const never: BusinessCalendar = createBusinessCalendar({
      id: 'n',
      name: 'N',
      timezone: 'UTC',
      hours: {},
      holidays: [],
    });
    const state = computeClock({
      metric: 'resolution',
      events: [ev.created('2026-01-12T09:00Z')],
      now: at('2027-01-12T09:00Z'),
      calendar: never,
      goalFor: always(h(1)),
    });
    expect(state.ongoing).toMatchObject({ elapsedMs: 0, breached: false, dueAt: null, nearBreachAt: null });
  });
});
