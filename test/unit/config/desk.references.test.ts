import { describe, expect, it } from 'vitest';
import { parseDeskConfig } from '../../../src/config/desk.loader.js';
import { checkDeskReferences } from '../../../src/config/desk.references.js';
import { deskWith, errorsOf, MINIMAL_DESK } from './minimal-desk.js';

/** The minimal desk's only transition (line 24), open for extra keys. */
const FINISH = '      - { id: finish, name: Finish, from: [open], to: done, who: [agent]';

describe('cross-reference checks: unknown ids', () => {
  it.each([
    [
      'workflow',
      { 34: '        workflow: suport' },
      'desk.yaml:34:9 departments.0.requestTypes.0.workflow: unknown workflow "suport"',
    ],
    [
      'SLA policy',
      { 35: '        slaPolicy: gold' },
      'desk.yaml:35:9 departments.0.requestTypes.0.slaPolicy: unknown SLA policy "gold"',
    ],
    [
      'calendar of an SLA policy',
      { 12: '    calendar: paris' },
      'desk.yaml:12:5 slaPolicies.0.calendar: unknown calendar "paris"',
    ],
    [
      'calendar of a department',
      { 28: '    keyPrefix: IT\n    calendar: paris' },
      'desk.yaml:29:5 departments.0.calendar: unknown calendar "paris"',
    ],
    [
      'department of a queue',
      { 39: '  - { id: it-open, name: IT open, department: itt }' },
      'desk.yaml:39:35 queues.0.department: unknown department "itt"',
    ],
    [
      'request type in a queue filter',
      {
        39: '  - { id: it-open, name: IT open, department: it, filter: { requestTypes: [laptop, printer] } }',
      },
      'desk.yaml:39:84 queues.0.filter.requestTypes.1: unknown request type "printer"',
    ],
    [
      'request type in an SLA goal',
      { 15: '        goals: [{ requestTypes: [printer], target: 2d }]' },
      'desk.yaml:15:34 slaPolicies.0.metrics.0.goals.0.requestTypes.0: unknown request type "printer"',
    ],
  ])('reports an unknown %s', (_kind, change, expected) => {
    expect(errorsOf(deskWith(change))).toEqual([expected]);
  });
});

describe('cross-reference checks: workflow statuses', () => {
  it('reports an unknown initial status', () => {
    expect(errorsOf(deskWith({ 19: '    initial: new' }))).toEqual([
      'desk.yaml:19:5 workflows.0.initial: unknown initial status "new"',
    ]);
  });

  it('reports a transition from an unknown status', () => {
    expect(errorsOf(deskWith({ 24: `${FINISH.replace('[open]', '[open, new]')} }` }))).toEqual([
      'desk.yaml:24:50 workflows.0.transitions.0.from.1: transition from unknown status "new"',
    ]);
  });

  it('reports a transition to an unknown status, and what that leaves unreachable', () => {
    expect(errorsOf(deskWith({ 24: `${FINISH.replace('to: done', 'to: finished')} }` }))).toEqual([
      'desk.yaml:19:5 workflows.0.initial: no done status can be reached from initial status "open"',
      'desk.yaml:22:11 workflows.0.statuses.1.id: status "done" cannot be reached from initial status "open"',
      'desk.yaml:24:51 workflows.0.transitions.0.to: transition to unknown status "finished"',
    ]);
  });

  it('reports a status no transition leads to', () => {
    const yaml = deskWith({
      22: '      - { id: done, name: Done, category: done }\n      - { id: parked, name: Parked, category: waiting }',
    });
    expect(errorsOf(yaml)).toEqual([
      'desk.yaml:23:11 workflows.0.statuses.2.id: status "parked" cannot be reached from initial status "open"',
    ]);
  });

  it('follows transitions through several statuses', () => {
    const yaml = deskWith({
      21: '      - { id: open, name: Open, category: open }\n      - { id: doing, name: Doing, category: in_progress }',
      24: `${FINISH.replace('to: done', 'to: doing')} }\n      - { id: end, name: End, from: [doing], to: done, who: [agent] }`,
    });
    expect(errorsOf(yaml)).toEqual([]);
  });

  it('reports a workflow that can never reach a done status', () => {
    const yaml = deskWith({
      22: '      - { id: done, name: Done, category: done }\n      - { id: busy, name: Busy, category: in_progress }',
      24: `${FINISH.replace('to: done', 'to: busy')} }\n      - { id: back, name: Back, from: [busy], to: open, who: [agent] }`,
    });
    expect(errorsOf(yaml)).toEqual([
      'desk.yaml:19:5 workflows.0.initial: no done status can be reached from initial status "open"',
      'desk.yaml:22:11 workflows.0.statuses.1.id: status "done" cannot be reached from initial status "open"',
    ]);
  });
});

describe('cross-reference checks: fields', () => {
  it('reports an unknown field in a request-type validator, and accepts its own fields and resolution', () => {
    const yaml = deskWith({
      37: [
        '          - { id: device, label: Device, type: select, options: [Mac, PC] }',
        '        validators:',
        '          - { type: required, field: device }',
        '          - { type: required, field: resolution }',
        '          - { type: compare, field: bought, op: "<=", other: warranty }',
      ].join('\n'),
    });
    expect(errorsOf(yaml)).toEqual([
      'desk.yaml:41:30 departments.0.requestTypes.0.validators.2.field: unknown field "bought"',
      'desk.yaml:41:55 departments.0.requestTypes.0.validators.2.other: unknown field "warranty"',
    ]);
  });

  it.each([
    [
      'transition fields',
      `${FINISH}, fields: [resolution, cause] }`,
      '24:96 workflows.0.transitions.0.fields.1',
    ],
    [
      'a transition validator',
      `${FINISH}, validators: [{ type: required, field: cause }] }`,
      '24:106 workflows.0.transitions.0.validators.0.field',
    ],
    [
      'a setField post-function',
      `${FINISH}, postFunctions: [{ type: setField, field: cause, value: x }] }`,
      '24:109 workflows.0.transitions.0.postFunctions.0.field',
    ],
    [
      'a clearField post-function',
      `${FINISH}, postFunctions: [{ type: clearField, field: cause }] }`,
      '24:111 workflows.0.transitions.0.postFunctions.0.field',
    ],
  ])('reports an unknown field in %s', (_where, line, at) => {
    expect(errorsOf(deskWith({ 24: line }))).toEqual([`desk.yaml:${at}: unknown field "cause"`]);
  });

  it('lets a transition use a field every request type on its workflow defines', () => {
    expect(errorsOf(deskWith({ 24: `${FINISH}, fields: [device, resolution] }` }))).toEqual([]);
  });

  it('reports a transition field that some request type on the workflow lacks, naming it', () => {
    const yaml = deskWith({
      24: `${FINISH}, fields: [device] }`,
      37: [
        '          - { id: device, label: Device, type: select, options: [Mac, PC] }',
        '      - { id: phone, name: Phone, description: A broken phone., workflow: support }',
      ].join('\n'),
    });
    expect(errorsOf(yaml)).toEqual([
      'desk.yaml:24:84 workflows.0.transitions.0.fields.0: unknown field "device": request type "phone" uses workflow "support" but does not define it',
    ]);
  });

  it('reports a resolution set by a post-function that is not among the resolutions', () => {
    const line = `${FINISH}, postFunctions: [{ type: setField, field: resolution, value: Fixed }] }`;
    expect(errorsOf(deskWith({ 24: line }))).toEqual([
      'desk.yaml:24:128 workflows.0.transitions.0.postFunctions.0.value: unknown resolution "Fixed"',
    ]);
  });
});

describe('cross-reference checks: duplicates (reported at the second one)', () => {
  const secondDepartment = (id: string, prefix: string, requestType = 'desk-move') =>
    [
      `  - { id: ${id}, name: Other, keyPrefix: ${prefix}, requestTypes: [`,
      `      { id: ${requestType}, name: Move, description: A desk move., workflow: support }] }`,
    ].join('\n');

  it.each([
    [
      'resolution',
      { 3: 'resolutions: [Done, Withdrawn, Done]' },
      '3:32 resolutions.2: duplicate resolution "Done"',
    ],
    [
      'department id',
      {
        37: `          - { id: device, label: Device, type: select, options: [Mac, PC] }\n${secondDepartment('it', 'OPS')}`,
      },
      '38:7 departments.1.id: duplicate department id "it"',
    ],
    [
      'key prefix',
      {
        37: `          - { id: device, label: Device, type: select, options: [Mac, PC] }\n${secondDepartment('ops', 'IT')}`,
      },
      '38:29 departments.1.keyPrefix: duplicate key prefix "IT"',
    ],
    [
      'request type id across departments',
      {
        37: `          - { id: device, label: Device, type: select, options: [Mac, PC] }\n${secondDepartment('ops', 'OPS', 'laptop')}`,
      },
      '39:9 departments.1.requestTypes.0.id: duplicate request type id "laptop"',
    ],
    [
      'field id',
      {
        37: '          - { id: device, label: Device, type: select, options: [Mac, PC] }\n          - { id: device, label: Again, type: text }',
      },
      '38:15 departments.0.requestTypes.0.fields.1.id: duplicate field id "device"',
    ],
    [
      'select option',
      { 37: '          - { id: device, label: Device, type: select, options: [Mac, PC, Mac] }' },
      '37:75 departments.0.requestTypes.0.fields.0.options.2: duplicate option "Mac"',
    ],
    [
      'workflow id',
      {
        24: `${FINISH} }\n  - { id: support, name: Again, initial: open, statuses: [{ id: open, name: Open, category: done }], transitions: [{ id: t, name: T, from: [open], to: open, who: [agent] }] }`,
      },
      '25:7 workflows.1.id: duplicate workflow id "support"',
    ],
    [
      'status id',
      {
        22: '      - { id: done, name: Done, category: done }\n      - { id: open, name: Again, category: open }',
      },
      '23:11 workflows.0.statuses.2.id: duplicate status id "open"',
    ],
    [
      'transition id',
      { 24: `${FINISH} }\n      - { id: finish, name: Again, from: [done], to: open, who: [agent] }` },
      '25:11 workflows.0.transitions.1.id: duplicate transition id "finish"',
    ],
    [
      'calendar id',
      { 8: '    hours: { mon: ["09:00-17:00"] }\n  - { id: office, name: Again, timezone: UTC, hours: {} }' },
      '9:7 calendars.1.id: duplicate calendar id "office"',
    ],
    [
      'SLA policy id',
      {
        15: '        goals: [{ target: 2d }]\n  - { id: basic, name: Again, calendar: office, metrics: [{ metric: resolution, goals: [{ target: 1d }] }] }',
      },
      '16:7 slaPolicies.1.id: duplicate SLA policy id "basic"',
    ],
    [
      'queue id',
      {
        39: '  - { id: it-open, name: IT open, department: it }\n  - { id: it-open, name: Again, department: it }',
      },
      '40:7 queues.1.id: duplicate queue id "it-open"',
    ],
    [
      'person, ignoring case',
      {
        41: '  - { email: alice@example.com, name: Alice }\n  - { email: Alice@Example.com, name: Alice again }',
      },
      '42:7 people.1.email: duplicate person "Alice@Example.com"',
    ],
  ])('reports a duplicate %s', (_kind, change, expected) => {
    expect(errorsOf(deskWith(change))).toEqual([`desk.yaml:${expected}`]);
  });
});

describe('cross-reference checks: people and calendars', () => {
  it('reports agents, managers and KB editors who are not in people (matching emails without case)', () => {
    const yaml = deskWith({
      29: [
        '    agents: [alice@example.com, bob@example.com]',
        '    managers: [ALICE@example.com, carol@example.com]',
        '    kbEditors: [dan@example.com]',
      ].join('\n'),
    });
    expect(errorsOf(yaml)).toEqual([
      'desk.yaml:29:33 departments.0.agents.1: unknown person "bob@example.com" (not listed in people)',
      'desk.yaml:30:35 departments.0.managers.1: unknown person "carol@example.com" (not listed in people)',
      'desk.yaml:31:17 departments.0.kbEditors.0: unknown person "dan@example.com" (not listed in people)',
    ]);
  });

  it('reports an hour range that does not end after it starts', () => {
    expect(
      errorsOf(
        deskWith({
          8: '    hours: { mon: ["09:00-12:00", "17:00-09:00", "13:00-13:00"], tue: ["09:00-24:00"] }',
        }),
      ),
    ).toEqual([
      'desk.yaml:8:35 calendars.0.hours.mon.1: hour range "17:00-09:00" must end after it starts',
      'desk.yaml:8:50 calendars.0.hours.mon.2: hour range "13:00-13:00" must end after it starts',
    ]);
  });
});

describe('cross-reference checks: several at once', () => {
  it('reports every broken reference, sorted by line', () => {
    const yaml = deskWith({
      12: '    calendar: paris',
      19: '    initial: new',
      29: '    agents: [alice@example.com, zed@example.com]',
      34: '        workflow: suport',
      39: '  - { id: it-open, name: IT open, department: ops }',
    });
    expect(errorsOf(yaml)).toEqual([
      'desk.yaml:12:5 slaPolicies.0.calendar: unknown calendar "paris"',
      'desk.yaml:19:5 workflows.0.initial: unknown initial status "new"',
      'desk.yaml:29:33 departments.0.agents.1: unknown person "zed@example.com" (not listed in people)',
      'desk.yaml:34:9 departments.0.requestTypes.0.workflow: unknown workflow "suport"',
      'desk.yaml:39:35 queues.0.department: unknown department "ops"',
    ]);
  });

  it('returns paths as keys and indices for callers other than the loader', () => {
    const result = parseDeskConfig(MINIMAL_DESK, 'desk.yaml');
    if (!result.ok) throw new Error('the minimal desk should load');
    const config = structuredClone(result.config);
    config.queues[0]!.department = 'ops';
    expect(checkDeskReferences(config)).toEqual([
      { path: ['queues', 0, 'department'], message: 'unknown department "ops"' },
    ]);
  });
});
