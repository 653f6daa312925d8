import { describe, expect, it } from 'vitest';
import { nextDueLine, type SlaCycleView, type SlaView } from '../../../src/core/sla/sla.view.js';

function cycle(dueAt: string | null, extra: Partial<SlaCycleView> = {}): SlaCycleView {
  return {
    cycle: 1,
    goalMs: dueAt ? 3_600_000 : null,
    goal: dueAt ? '1h' : 'no target',
    elapsedMs: 0,
    elapsed: '0m',
    remainingMs: null,
    remaining: null,
    startedAt: '2026-11-25T09:00:00.000Z',
    stoppedAt: null,
    paused: false,
    breached: false,
    result: null,
    dueAt,
    due: dueAt ? `due(${dueAt.slice(11, 16)})` : null,
    nearBreachAt: null,
    ...extra,
  };
}

function view(...clocks: [string, SlaCycleView | null][]): SlaView {
  return {
    ticket: 'IT-1',
    timezone: 'Europe/London',
    policy: null,
    calendar: null,
    clocks: clocks.map(([name, ongoing]) => ({ metric: name, name, ongoing, cycles: [], log: [] })),
  };
}

describe('nextDueLine', () => {
  it('names the running clock due soonest', () => {
    const line = nextDueLine(
      view(
        ['Time to resolution', cycle('2026-11-27T10:00:00.000Z')],
        ['Time to first response', cycle('2026-11-25T12:00:00.000Z')],
      ),
    );
    expect(line).toBe('Time to first response: due due(12:00)');
  });

  it('says overdue once the soonest clock breached', () => {
    expect(
      nextDueLine(view(['Time to first response', cycle('2026-11-25T12:00:00.000Z', { breached: true })])),
    ).toBe('Time to first response: overdue since due(12:00)');
  });

  it('skips paused clocks, and says so when all ongoing ones are paused', () => {
    const paused = cycle('2026-11-25T12:00:00.000Z', { paused: true });
    expect(nextDueLine(view(['A', paused], ['B', cycle('2026-11-26T12:00:00.000Z')]))).toBe(
      'B: due due(12:00)',
    );
    expect(nextDueLine(view(['A', paused]))).toBe('SLA paused');
  });

  it('is null with no clock running, or only clocks without a target', () => {
    expect(nextDueLine(view())).toBeNull();
    expect(nextDueLine(view(['A', null], ['B', cycle(null)]))).toBeNull();
  });
});
