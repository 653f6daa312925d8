import { describe, expect, it } from 'vitest';
import { formatConfigError, loadDeskConfig } from '../../../src/config/desk.loader.js';

// Other code and tests rely on these ids in the sample desk.
describe('config/desk.yaml (the sample desk)', () => {
  it('loads with no errors', async () => {
    const result = await loadDeskConfig('config/desk.yaml');
    expect(result.ok ? [] : result.errors.map(formatConfigError)).toEqual([]);
  });

  it('has the ids other code depends on', async () => {
    const result = await loadDeskConfig('config/desk.yaml');
    if (!result.ok) throw new Error('the sample desk should load');
    const desk = result.config;
    expect(desk.desk.name).toBe('Acme Service Desk');
    expect(desk.resolutions).toEqual([
      'Done',
      "Won't do",
      'Duplicate',
      'Cannot reproduce',
      'Declined',
      'Withdrawn',
    ]);
    expect(desk.calendars.map((c) => [c.id, c.timezone])).toEqual([
      ['london', 'Europe/London'],
      ['new-york', 'America/New_York'],
    ]);
    expect(desk.slaPolicies.map((p) => [p.id, p.calendar])).toEqual([
      ['standard', 'london'],
      ['hr', 'new-york'],
    ]);
    expect(desk.workflows.map((w) => [w.id, w.initial, w.transitions.map((t) => t.id)])).toEqual([
      [
        'support',
        'open',
        ['start_progress', 'ask_customer', 'respond', 'resolve', 'reopen', 'close', 'cancel'],
      ],
      ['approval', 'waiting_for_approval', ['approve', 'decline', 'withdraw', 'complete']],
    ]);
    expect(desk.departments.map((d) => [d.id, d.keyPrefix, d.requestTypes.map((rt) => rt.id)])).toEqual([
      [
        'it',
        'IT',
        ['access-request', 'laptop-problem', 'password-reset', 'software-install', 'new-starter', 'it-other'],
      ],
      ['hr', 'HR', ['leave-request', 'payroll-question', 'employment-letter', 'hr-other']],
      ['facilities', 'FAC', ['office-repair', 'desk-move', 'parking-permit', 'facilities-other']],
    ]);
    expect(desk.queues.map((q) => [q.id, q.department, q.filter.assignee])).toEqual([
      ['it-unassigned', 'it', 'unassigned'],
      ['it-open', 'it', 'any'],
      ['it-waiting', 'it', 'any'],
      ['hr-open', 'hr', 'any'],
      ['facilities-open', 'facilities', 'any'],
    ]);
    expect(desk.people.filter((p) => p.demo).map((p) => [p.email, p.demo])).toEqual([
      ['rita@acme.example', 'requester'],
      ['alice@acme.example', 'agent'],
      ['maria@acme.example', 'manager'],
    ]);
    expect(desk.people.filter((p) => p.admin).map((p) => p.email)).toEqual(['ada@acme.example']);
  });

  it('keeps the SLA targets and holidays the SLA engine is tested against', async () => {
    const result = await loadDeskConfig('config/desk.yaml');
    if (!result.ok) throw new Error('the sample desk should load');
    const standard = result.config.slaPolicies.find((p) => p.id === 'standard');
    const targets = standard?.metrics.map((m) => [m.metric, m.goals.map((g) => [g.priorities, g.target])]);
    expect(targets).toEqual([
      [
        'first_response',
        [
          [['highest'], '1h'],
          [['high'], '2h'],
          [['medium'], '4h'],
          [['low'], '8h'],
          [['lowest'], 'none'],
        ],
      ],
      [
        'resolution',
        [
          [['highest'], '4h'],
          [['high'], '8h'],
          [['medium'], '2d'],
          [['low'], '5d'],
          [['lowest'], 'none'],
        ],
      ],
    ]);
    const london = result.config.calendars.find((c) => c.id === 'london');
    expect(london?.hours.mon).toEqual(['09:00-17:30']);
    expect(london?.holidays).toContainEqual({ date: '2026-12-26', name: 'Boxing Day', yearly: true });
    expect(london?.holidays).toContainEqual({
      date: '2026-08-31',
      name: 'Summer bank holiday',
      yearly: false,
    });
  });
});
