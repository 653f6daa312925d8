import { describe, expect, it } from 'vitest';
import { deskWith, errorsOf } from './minimal-desk.js';

/** The minimal desk with automation rules appended after its last line (41). */
const withRules = (...lines: string[]) =>
  deskWith({ 41: ['  - { email: alice@example.com, name: Alice }', 'automations:', ...lines].join('\n') });

describe('automation rules in the desk config', () => {
  it('accepts a rule naming what exists', () => {
    expect(
      errorsOf(
        withRules(
          '  - id: rr',
          '    name: Round robin',
          '    when: { event: ticket.created }',
          '    if: { departments: [it] }',
          '    then: [{ assign: round-robin }, { transition: finish }]',
        ),
      ),
    ).toEqual([]);
  });

  it('fails start-up with the file, line and path of each bad part of a rule', () => {
    expect(
      errorsOf(
        withRules(
          '  - id: bad',
          '    name: Bad rule',
          '    when: { event: idle, statuses: [opne], for: 2d }',
          '    if: { departments: [hr] }',
          '    then:',
          '      - { transition: close }',
          '      - { assign: bob@example.com }',
          '  - id: worse',
          '    name: Worse rule',
          '    when: { event: ticket.updated }',
          '    then: [{ priority: urgent }]',
          '  - id: two',
          '    name: Two in one',
          '    when: { event: ticket.created }',
          '    then: [{ priority: high, comment: Hi }]',
        ),
      ),
    ).toEqual([
      'desk.yaml:52:13 automations.1.when.event: must be one of "ticket.created", "status.changed", "comment.added", "sla.near_breach", "sla.breached", "idle", "schedule", got "ticket.updated"',
      'desk.yaml:53:14 automations.1.then.0.priority: must be one of "highest", "high", "medium", "low", "lowest", got "urgent"',
      'desk.yaml:57:12 automations.2.then.0: one action per entry, got priority and comment',
    ]);
  });

  it('reports broken references once the rules are well formed', () => {
    expect(
      errorsOf(
        withRules(
          '  - id: bad',
          '    name: Bad rule',
          '    when: { event: idle, statuses: [opne], for: 2d }',
          '    if: { departments: [hr] }',
          '    then:',
          '      - { transition: close }',
          '      - { assign: bob@example.com }',
        ),
      ),
    ).toEqual([
      'desk.yaml:45:37 automations.0.when.statuses.0: unknown status "opne"',
      'desk.yaml:46:25 automations.0.if.departments.0: unknown department "hr"',
      'desk.yaml:48:11 automations.0.then.0.transition: unknown transition "close"',
      'desk.yaml:49:11 automations.0.then.1.assign: "bob@example.com" is no department\'s agent',
    ]);
  });
});

describe('catch-all request types', () => {
  it('allows one per department', () => {
    const second = [
      '      - { id: other, name: Other, description: x, workflow: support, catchAll: true }',
      '      - { id: other2, name: Other 2, description: y, workflow: support, catchAll: true }',
      'queues:',
    ].join('\n');
    expect(errorsOf(deskWith({ 38: second }))).toEqual([
      'desk.yaml:39:73 departments.0.requestTypes.2.catchAll: it has a catch-all type already ("other")',
    ]);
  });
});
