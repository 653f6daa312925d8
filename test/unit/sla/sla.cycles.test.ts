import { describe, expect, it } from 'vitest';
import { always, clock, FIRST_RESPONSE, iso, kinds, RESOLUTION } from './sla.clock.fixtures.js';
import { ev, h } from './sla.fixtures.js';

describe('resolution', () => {
  it('a goal of 5 working days crosses weekends and DST, logging thresholds between events', () => {
    const events = [ev.created('2026-03-25T14:00Z', 'low')];
    const running = clock('resolution', events, '2026-03-25T14:00Z', RESOLUTION).ongoing!;
    expect(iso(running.dueAt)).toBe('2026-04-01T13:00:00.000Z');
    expect(iso(running.nearBreachAt)).toBe('2026-03-31T10:52:30.000Z');
    const later = clock('resolution', events, '2026-04-02T09:00Z', RESOLUTION);
    expect(later.ongoing).toMatchObject({ elapsedMs: h(47), remainingMs: -h(4.5), breached: true });
    expect(kinds(later).slice(1)).toEqual([
      'near_breach@2026-03-31T10:52:30.000Z',
      'breached@2026-04-01T13:00:00.000Z',
    ]);
  });

  it('reopening starts a new cycle and each cycle keeps its own result', () => {
    const events = [
      ev.created('2026-01-12T09:00Z'),
      ev.resolved('2026-01-12T10:00Z'),
      ev.reopened('2026-01-12T11:00Z'),
      ev.resolved('2026-01-12T14:00Z'),
      ev.reopened('2026-01-13T09:00Z'),
    ];
    const state = clock('resolution', events, '2026-01-13T09:30Z', always(h(2)));
    expect(state.cycles.map((c) => [c.index, c.result, c.elapsedMs])).toEqual([
      [0, 'met', h(1)],
      [1, 'breached', h(3)],
      [2, null, h(0.5)],
    ]);
    expect(iso(state.cycles[1]?.dueAt)).toBe('2026-01-12T13:00:00.000Z');
    expect(state.ongoing?.index).toBe(2);
    expect(iso(state.ongoing?.dueAt)).toBe('2026-01-13T11:00:00.000Z');
  });

  it('moving between done statuses (resolved to closed) starts nothing', () => {
    const events = [
      ev.created('2026-01-12T09:00Z'),
      ev.resolved('2026-01-12T10:00Z'),
      ev.status('2026-01-12T11:00Z', 'closed', 'done'),
    ];
    const state = clock('resolution', events, '2026-01-12T12:00Z', always(h(2)));
    expect(state.cycles).toHaveLength(1);
    expect(state.ongoing).toBeNull();
  });

  it('a ticket created done has one finished cycle; its response clocks never run', () => {
    const events = [ev.created('2026-01-12T09:00Z', 'medium', 'resolved', 'done')];
    expect(clock('resolution', events, '2026-01-12T12:00Z', RESOLUTION).cycles[0]).toMatchObject({
      result: 'met',
      elapsedMs: 0,
    });
    expect(clock('first_response', events, '2026-01-12T12:00Z', FIRST_RESPONSE).ongoing).toBeNull();
    expect(
      clock(
        'next_response',
        [...events, ev.requesterReply('2026-01-12T10:00Z')],
        '2026-01-12T12:00Z',
        always(h(1)),
      ).cycles,
    ).toEqual([]);
  });
});

describe('next_response', () => {
  const events = [
    ev.created('2026-01-12T09:00Z'),
    ev.agentReply('2026-01-12T09:30Z'),
    ev.requesterReply('2026-01-12T10:00Z'),
    ev.requesterReply('2026-01-12T10:15Z'),
    ev.agentNote('2026-01-12T10:30Z'),
    ev.agentReply('2026-01-12T10:45Z'),
    ev.requesterReply('2026-01-12T16:00Z'),
  ];

  it('each requester reply opens a cycle if none runs; the next public agent reply closes it', () => {
    const state = clock('next_response', events, '2026-01-13T09:30Z', always(h(1)));
    expect(state.cycles.map((c) => [iso(c.startedAt), iso(c.stoppedAt), c.elapsedMs, c.result])).toEqual([
      ['2026-01-12T10:00:00.000Z', '2026-01-12T10:45:00.000Z', h(0.75), 'met'],
      ['2026-01-12T16:00:00.000Z', null, h(2), null],
    ]);
    expect(state.ongoing).toMatchObject({ breached: true, remainingMs: -h(1) });
    expect(iso(state.ongoing?.dueAt)).toBe('2026-01-12T17:00:00.000Z');
  });

  it('leaves first_response to the first agent reply only', () => {
    const state = clock('first_response', events, '2026-01-13T09:30Z', FIRST_RESPONSE);
    expect(state.cycles.map((c) => [c.elapsedMs, c.result])).toEqual([[h(0.5), 'met']]);
  });

  it('resolving stops a waiting response; a reply to a done ticket waits for the reopening', () => {
    const more = [
      ev.created('2026-01-12T09:00Z'),
      ev.requesterReply('2026-01-12T10:00Z'),
      ev.resolved('2026-01-12T10:30Z'),
      ev.requesterReply('2026-01-12T11:00Z'),
      ev.reopened('2026-01-12T11:30Z'),
      ev.requesterReply('2026-01-12T12:00Z'),
    ];
    const state = clock('next_response', more, '2026-01-12T12:30Z', always(h(1)));
    expect(state.cycles.map((c) => [iso(c.startedAt), c.result])).toEqual([
      ['2026-01-12T10:00:00.000Z', 'met'],
      ['2026-01-12T12:00:00.000Z', null],
    ]);
  });
});

describe('priority changes re-target the running cycle', () => {
  it('a higher priority brings dueAt forward', () => {
    const events = [ev.created('2026-01-12T09:00Z'), ev.priority('2026-01-12T09:30Z', 'highest')];
    const state = clock('first_response', events, '2026-01-12T09:40Z', FIRST_RESPONSE);
    expect(state.ongoing?.goalMs).toBe(h(1));
    expect(iso(state.ongoing?.dueAt)).toBe('2026-01-12T10:00:00.000Z');
    expect(iso(state.ongoing?.nearBreachAt)).toBe('2026-01-12T09:45:00.000Z');
  });

  it('the new goal applies to the whole cycle, as JSM recalculates: used up, it breached when elapsed reached it', () => {
    const events = [
      ev.created('2026-01-12T09:00Z'),
      ev.priority('2026-01-12T10:30Z', 'highest'),
      ev.priority('2026-01-12T11:00Z', 'low'),
    ];
    const breached = clock('first_response', events, '2026-01-12T10:45Z', FIRST_RESPONSE);
    expect(breached.ongoing).toMatchObject({ breached: true, elapsedMs: h(1.75), remainingMs: -h(0.75) });
    expect(iso(breached.ongoing?.dueAt)).toBe('2026-01-12T10:00:00.000Z');
    expect(iso(breached.ongoing?.nearBreachAt)).toBe('2026-01-12T09:45:00.000Z');
    expect(kinds(breached).slice(1)).toEqual([
      'retargeted@2026-01-12T10:30:00.000Z',
      'near_breach@2026-01-12T09:45:00.000Z',
      'breached@2026-01-12T10:00:00.000Z',
    ]);
    // A lower priority lifts the breach again.
    const lifted = clock('first_response', events, '2026-01-12T11:00Z', FIRST_RESPONSE);
    expect(lifted.ongoing).toMatchObject({ breached: false, goalMs: h(8), remainingMs: h(6) });
    expect(iso(lifted.ongoing?.dueAt)).toBe('2026-01-12T17:00:00.000Z');
    expect(lifted.log.map((e) => e.kind)).toEqual([
      'started',
      'retargeted',
      'near_breach',
      'breached',
      'retargeted',
    ]);
  });

  it('a finished cycle keeps its goal; the next cycle takes the new priority', () => {
    const events = [
      ev.created('2026-01-12T09:00Z'),
      ev.resolved('2026-01-12T10:00Z'),
      ev.priority('2026-01-12T11:00Z', 'highest'),
      ev.reopened('2026-01-12T12:00Z'),
    ];
    const state = clock('resolution', events, '2026-01-12T13:00Z', RESOLUTION);
    expect(state.cycles.map((c) => c.goalMs)).toEqual([h(17), h(4)]);
  });
});

describe('no target', () => {
  it('counts time but never breaches, and has no due instant', () => {
    const events = [ev.created('2026-01-12T09:00Z', 'lowest')];
    const state = clock('resolution', events, '2026-01-20T09:00Z', RESOLUTION);
    expect(state.ongoing).toMatchObject({
      goalMs: null,
      elapsedMs: h(8.5 * 6),
      remainingMs: null,
      breached: false,
      dueAt: null,
      nearBreachAt: null,
    });
    const done = clock(
      'resolution',
      [...events, ev.resolved('2026-01-20T09:00Z')],
      '2026-01-21T09:00Z',
      RESOLUTION,
    );
    expect(done.cycles[0]?.result).toBe('met');
  });

  it('a priority change to a no-target goal clears the due instant', () => {
    const events = [ev.created('2026-01-12T09:00Z'), ev.priority('2026-01-12T10:00Z', 'lowest')];
    expect(clock('resolution', events, '2026-01-12T11:00Z', RESOLUTION).ongoing).toMatchObject({
      goalMs: null,
      dueAt: null,
    });
  });
});
