import { formatConfigError, parseDeskConfig } from '../../../src/config/desk.loader.js';

/**
 * The smallest valid desk, one YAML line per entry so a test can name a line by its number
 * (the numbers in the comments) and see the column from the indentation.
 */
const MINIMAL_DESK_LINES = [
  /*  1 */ 'desk:',
  /*  2 */ '  name: Test desk',
  /*  3 */ 'resolutions: [Done, Withdrawn]',
  /*  4 */ 'calendars:',
  /*  5 */ '  - id: office',
  /*  6 */ '    name: Office',
  /*  7 */ '    timezone: Europe/London',
  /*  8 */ '    hours: { mon: ["09:00-17:00"] }',
  /*  9 */ 'slaPolicies:',
  /* 10 */ '  - id: basic',
  /* 11 */ '    name: Basic',
  /* 12 */ '    calendar: office',
  /* 13 */ '    metrics:',
  /* 14 */ '      - metric: resolution',
  /* 15 */ '        goals: [{ target: 2d }]',
  /* 16 */ 'workflows:',
  /* 17 */ '  - id: support',
  /* 18 */ '    name: Support',
  /* 19 */ '    initial: open',
  /* 20 */ '    statuses:',
  /* 21 */ '      - { id: open, name: Open, category: open }',
  /* 22 */ '      - { id: done, name: Done, category: done }',
  /* 23 */ '    transitions:',
  /* 24 */ '      - { id: finish, name: Finish, from: [open], to: done, who: [agent] }',
  /* 25 */ 'departments:',
  /* 26 */ '  - id: it',
  /* 27 */ '    name: IT',
  /* 28 */ '    keyPrefix: IT',
  /* 29 */ '    agents: [alice@example.com]',
  /* 30 */ '    requestTypes:',
  /* 31 */ '      - id: laptop',
  /* 32 */ '        name: Laptop problem',
  /* 33 */ '        description: A broken laptop.',
  /* 34 */ '        workflow: support',
  /* 35 */ '        slaPolicy: basic',
  /* 36 */ '        fields:',
  /* 37 */ '          - { id: device, label: Device, type: select, options: [Mac, PC] }',
  /* 38 */ 'queues:',
  /* 39 */ '  - { id: it-open, name: IT open, department: it }',
  /* 40 */ 'people:',
  /* 41 */ '  - { email: alice@example.com, name: Alice }',
];

export const MINIMAL_DESK = `${MINIMAL_DESK_LINES.join('\n')}\n`;

/**
 * The minimal desk with some lines changed: each key is a line number of MINIMAL_DESK; its text
 * replaces that line (text with newlines adds lines after it), null deletes it.
 */
export function deskWith(changes: Record<number, string | null>): string {
  const lines = MINIMAL_DESK_LINES.flatMap((line, i) => {
    const change = changes[i + 1];
    if (change === undefined) return [line];
    return change === null ? [] : [change];
  });
  return `${lines.join('\n')}\n`;
}

/** Formatted errors of a desk config text, as an admin would read them. */
export function errorsOf(yaml: string): string[] {
  const result = parseDeskConfig(yaml, 'desk.yaml');
  return result.ok ? [] : result.errors.map(formatConfigError);
}
