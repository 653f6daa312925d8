import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatConfigError, loadDeskConfig, parseDeskConfig } from '../../../src/config/desk.loader.js';
import { deskWith, errorsOf, MINIMAL_DESK } from './minimal-desk.js';

describe('formatConfigError', () => {
  it('prints FILE:LINE:COL path: reason', () => {
    const error = {
      file: 'config/desk.yaml',
      line: 42,
      col: 9,
      path: 'departments.0.requestTypes.1.workflow',
      message: 'unknown workflow "suport"',
    };
    expect(formatConfigError(error)).toBe(
      'config/desk.yaml:42:9 departments.0.requestTypes.1.workflow: unknown workflow "suport"',
    );
  });

  it('leaves the path out when the error is about the whole file', () => {
    expect(formatConfigError({ file: 'd.yaml', line: 1, col: 1, path: '', message: 'oops' })).toBe(
      'd.yaml:1:1 oops',
    );
  });
});

describe('parseDeskConfig', () => {
  it('accepts the minimal desk and fills in defaults', () => {
    const result = parseDeskConfig(MINIMAL_DESK, 'desk.yaml');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.config.departments[0]?.requestTypes[0]?.defaultPriority).toBe('medium');
    expect(result.config.workflows[0]?.transitions[0]?.postFunctions).toEqual([]);
    expect(result.config.kb.minScore).toBe(0.9);
  });

  it('reports a negative suggestion floor at its line', () => {
    expect(errorsOf(`${MINIMAL_DESK}kb:\n  minScore: -1\n`)).toEqual([
      'desk.yaml:43:3 kb.minScore: must be at least 0, got -1',
    ]);
  });

  it('reports a YAML syntax error at its line and column', () => {
    expect(errorsOf(deskWith({ 2: '  name: "Test desk' }))).toEqual([
      'desk.yaml:2:19 YAML syntax error: Missing closing "quote',
    ]);
  });

  it('reports a YAML duplicate key at the second one', () => {
    expect(errorsOf(deskWith({ 3: 'resolutions: [Done]\nresolutions: [Withdrawn]' }))).toEqual([
      'desk.yaml:4:1 YAML syntax error: Map keys must be unique',
    ]);
  });

  it('reports more than one YAML document', () => {
    expect(errorsOf(`${MINIMAL_DESK}---\ndesk: { name: Other }\n`)).toEqual([
      'desk.yaml:42:1 YAML syntax error: the desk config must be one document (remove the extra "---")',
    ]);
  });

  it('reports an empty file', () => {
    expect(errorsOf('')).toEqual(['desk.yaml:1:1 the desk config is empty']);
  });

  it('reports a wrong field type and a dangling reference in one run, each at its own line', () => {
    const desk = deskWith({
      // A second request type whose field has a wrong type: it fails the schema.
      37: [
        '          - { id: device, label: Device, type: select, options: [Mac, PC] }',
        '      - id: phone',
        '        name: Phone',
        '        description: A phone.',
        '        workflow: support',
        '        fields:',
        '          - { id: model, label: Model, type: dropdown }',
        '      - id: printer',
        '        name: Printer',
        '        description: A printer.',
        '        workflow: suport',
      ].join('\n'),
      39: '  - { id: it-open, name: IT open, department: itt }',
    });
    expect(errorsOf(desk)).toEqual([
      expect.stringMatching(/^desk\.yaml:43:40 departments\.0\.requestTypes\.1\.fields\.0\.type: /),
      'desk.yaml:47:9 departments.0.requestTypes.2.workflow: unknown workflow "suport"',
      'desk.yaml:49:35 queues.0.department: unknown department "itt"',
    ]);
  });

  it('does not report a reference to a part that failed the schema (it is not known to be wrong)', () => {
    const desk = deskWith({
      // The only workflow fails (no statuses); the request type naming it is not "unknown workflow".
      20: '    statuses: nope',
      21: null,
      22: null,
    });
    const errors = errorsOf(desk);
    expect(errors.some((e) => e.includes('statuses'))).toBe(true);
    expect(errors.some((e) => e.includes('unknown workflow'))).toBe(false);
  });

  it('reports a wrong type at the key', () => {
    expect(errorsOf(deskWith({ 28: '    keyPrefix: 42' }))).toEqual([
      'desk.yaml:28:5 departments.0.keyPrefix: expected a string, got 42',
    ]);
  });

  it('reports an empty value', () => {
    expect(errorsOf(deskWith({ 27: '    name:' }))).toEqual([
      'desk.yaml:27:5 departments.0.name: expected a string, got nothing',
    ]);
  });

  it('reports a missing required key at its parent, naming the key', () => {
    expect(errorsOf(deskWith({ 33: null }))).toEqual([
      'desk.yaml:31:9 departments.0.requestTypes.0.description: missing required key "description"',
    ]);
  });

  it('reports a missing key inside a flow mapping at the mapping', () => {
    expect(errorsOf(deskWith({ 15: '        goals: [{ priorities: [high] }]' }))).toEqual([
      'desk.yaml:15:17 slaPolicies.0.metrics.0.goals.0.target: missing required key "target"',
    ]);
  });

  it('reports a bad enum value with the allowed ones', () => {
    expect(errorsOf(deskWith({ 22: '      - { id: done, name: Done, category: finished }' }))).toEqual([
      'desk.yaml:22:33 workflows.0.statuses.1.category: must be one of "open", "in_progress", "waiting", "done", got "finished"',
    ]);
  });

  it('reports an unknown post-function or validator type', () => {
    const line =
      '      - { id: finish, name: Finish, from: [open], to: done, who: [agent], validators: [{ type: nope }] }';
    expect(errorsOf(deskWith({ 24: line }))).toEqual([
      'desk.yaml:24:90 workflows.0.transitions.0.validators.0.type: must be one of "required", "compare", got "nope"',
    ]);
  });

  it('reports an unknown key at that key', () => {
    expect(errorsOf(deskWith({ 2: '  name: Test desk\n  colour: blue' }))).toEqual([
      'desk.yaml:3:3 desk.colour: unknown key "colour"',
    ]);
  });

  it.each([
    [
      { 26: '  - id: IT' },
      'desk.yaml:26:5 departments.0.id: must be a lower-case id (letters, digits, - and _), got "IT"',
    ],
    [
      { 15: '        goals: [{ target: 2 days }]' },
      'desk.yaml:15:19 slaPolicies.0.metrics.0.goals.0.target: must be a duration such as 30m, 4h or 1h30m, got "2 days"',
    ],
    [
      { 15: '        goals: [{ target: "" }]' },
      'desk.yaml:15:19 slaPolicies.0.metrics.0.goals.0.target: must be a duration such as 30m, 4h or 1h30m, got ""',
    ],
    [
      { 8: '    hours: { mon: ["25:00-26:00"] }' },
      'desk.yaml:8:20 calendars.0.hours.mon.0: must be a range as HH:MM-HH:MM, got "25:00-26:00"',
    ],
    [
      { 7: '    timezone: Europe/Atlantis' },
      'desk.yaml:7:5 calendars.0.timezone: must be an IANA time zone such as Europe/London, got "Europe/Atlantis"',
    ],
    [
      { 24: '      - { id: finish, name: Finish, from: [], to: done, who: [agent] }' },
      'desk.yaml:24:37 workflows.0.transitions.0.from: must list at least one item, got an empty list',
    ],
    [
      { 12: '    calendar: office\n    nearBreachAt: 1.5' },
      'desk.yaml:13:5 slaPolicies.0.nearBreachAt: must be less than 1, got 1.5',
    ],
    [
      { 37: '          - { id: device, label: Device, type: select }' },
      'desk.yaml:37:13 departments.0.requestTypes.0.fields.0.options: a select field needs options',
    ],
    [
      { 41: '  - { email: alice, name: Alice }' },
      'desk.yaml:41:7 people.0.email: must be an email address, got "alice"',
    ],
  ])('reports a value the schema refuses (%o)', (change, expected) => {
    expect(errorsOf(deskWith(change))).toEqual([expected]);
  });

  it('reports every schema error at once, sorted by line, and skips the reference checks', () => {
    const yaml = deskWith({
      39: '  - { id: it-open, department: nowhere }',
      28: '    keyPrefix: it',
      34: '        workflow: 7',
      8: '    hours: { mon: ["09:00"] }',
    });
    expect(errorsOf(yaml)).toEqual([
      'desk.yaml:8:20 calendars.0.hours.mon.0: must be a range as HH:MM-HH:MM, got "09:00"',
      'desk.yaml:28:5 departments.0.keyPrefix: must be 1 to 10 capital letters or digits, got "it"',
      'desk.yaml:34:9 departments.0.requestTypes.0.workflow: expected a string, got 7',
      'desk.yaml:39:5 queues.0.name: missing required key "name"',
    ]);
  });

  it('gives each error its file, position and dotted path', () => {
    const result = parseDeskConfig(deskWith({ 34: '        workflow: suport' }), 'config/desk.yaml');
    expect(result).toEqual({
      ok: false,
      errors: [
        {
          file: 'config/desk.yaml',
          line: 34,
          col: 9,
          path: 'departments.0.requestTypes.0.workflow',
          message: 'unknown workflow "suport"',
        },
      ],
    });
  });

  it('follows YAML anchors and aliases', () => {
    const yaml = deskWith({
      21: '      - &open { id: open, name: Open, category: open }',
      22: '      - { id: done, name: Done, category: done }\n      - *open',
    });
    expect(errorsOf(yaml)).toEqual(['desk.yaml:23:9 workflows.0.statuses.2.id: duplicate status id "open"']);
  });
});

describe('loadDeskConfig', () => {
  it('labels errors with the path it was given', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'deskbot-config-'));
    const file = join(dir, 'desk.yaml');
    await writeFile(file, deskWith({ 35: '        slaPolicy: gold' }));
    const result = await loadDeskConfig(file);
    expect(result.ok ? [] : result.errors.map(formatConfigError)).toEqual([
      `${file}:35:9 departments.0.requestTypes.0.slaPolicy: unknown SLA policy "gold"`,
    ]);
  });

  it('reports a missing file as one error at 1:1', async () => {
    const result = await loadDeskConfig('config/no-such-desk.yaml');
    expect(result.ok ? [] : result.errors.map(formatConfigError)).toEqual([
      'config/no-such-desk.yaml:1:1 cannot read the desk config: file not found',
    ]);
  });
});
