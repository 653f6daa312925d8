import { checkApprovalReferences } from './desk.approval-references.js';
import { checkAutomationReferences } from './desk.automation-references.js';
import { findDuplicates } from './desk.duplicates.js';
import { checkFieldReferences } from './desk.field-references.js';
import type { ReferenceProblem } from './desk.problem.js';
import type { DeskConfig } from './desk.schema.js';
import { checkWorkflowStatuses } from './desk.workflow-references.js';

export type { ReferenceProblem } from './desk.problem.js';

/**
 * Checks what the schema cannot: that ids named in one place exist in another, ids are unique,
 * workflows can be walked to an end, people are known and calendar hours make sense.
 */
export function checkDeskReferences(config: DeskConfig): ReferenceProblem[] {
  return [
    ...findDuplicates(config),
    ...checkNamedIds(config),
    ...checkWorkflowStatuses(config),
    ...checkFieldReferences(config),
    ...checkPeople(config),
    ...checkCalendarHours(config),
    ...checkAutomationReferences(config),
    ...checkApprovalReferences(config),
  ];
}

function checkNamedIds(config: DeskConfig): ReferenceProblem[] {
  const problems: ReferenceProblem[] = [];
  const workflows = new Set(config.workflows.map((w) => w.id));
  const policies = new Set(config.slaPolicies.map((p) => p.id));
  const calendars = new Set(config.calendars.map((c) => c.id));
  const departments = new Set(config.departments.map((d) => d.id));
  const requestTypes = new Set(config.departments.flatMap((d) => d.requestTypes.map((rt) => rt.id)));
  const expect = (
    known: Set<string>,
    what: string,
    value: string | undefined,
    path: ReferenceProblem['path'],
  ) => {
    if (value !== undefined && !known.has(value))
      problems.push({ path, message: `unknown ${what} "${value}"` });
  };

  config.departments.forEach((d, di) => {
    expect(calendars, 'calendar', d.calendar, ['departments', di, 'calendar']);
    d.requestTypes.forEach((rt, ri) => {
      const at = ['departments', di, 'requestTypes', ri];
      expect(workflows, 'workflow', rt.workflow, [...at, 'workflow']);
      expect(policies, 'SLA policy', rt.slaPolicy, [...at, 'slaPolicy']);
    });
  });
  config.slaPolicies.forEach((p, pi) => {
    expect(calendars, 'calendar', p.calendar, ['slaPolicies', pi, 'calendar']);
    p.metrics.forEach((m, mi) => {
      m.goals.forEach((g, gi) => {
        g.requestTypes?.forEach((rt, ri) => {
          expect(requestTypes, 'request type', rt, [
            'slaPolicies',
            pi,
            'metrics',
            mi,
            'goals',
            gi,
            'requestTypes',
            ri,
          ]);
        });
      });
    });
  });
  config.queues.forEach((q, qi) => {
    expect(departments, 'department', q.department, ['queues', qi, 'department']);
    q.filter.requestTypes?.forEach((rt, ri) => {
      expect(requestTypes, 'request type', rt, ['queues', qi, 'filter', 'requestTypes', ri]);
    });
  });
  return problems;
}

/** Department roles must name people the desk knows, so chat identities can be matched to them. */
function checkPeople(config: DeskConfig): ReferenceProblem[] {
  const problems: ReferenceProblem[] = [];
  const people = new Set(config.people.map((p) => p.email.toLowerCase()));
  config.departments.forEach((d, di) => {
    for (const role of ['agents', 'managers', 'kbEditors'] as const) {
      d[role].forEach((email, ei) => {
        if (!people.has(email.toLowerCase())) {
          problems.push({
            path: ['departments', di, role, ei],
            message: `unknown person "${email}" (not listed in people)`,
          });
        }
      });
    }
  });
  config.notifications.slaPings.escalations.forEach((e, ei) => {
    if (e.assignTo && e.assignTo !== 'unassigned' && !people.has(e.assignTo.toLowerCase())) {
      problems.push({
        path: ['notifications', 'slaPings', 'escalations', ei, 'assignTo'],
        message: `unknown person "${e.assignTo}" (not listed in people)`,
      });
    }
  });
  return problems;
}

function checkCalendarHours(config: DeskConfig): ReferenceProblem[] {
  const problems: ReferenceProblem[] = [];
  config.calendars.forEach((c, ci) => {
    for (const [day, ranges] of Object.entries(c.hours)) {
      ranges?.forEach((range, ri) => {
        const [start = '', end = ''] = range.split('-');
        if (minutes(end) <= minutes(start)) {
          problems.push({
            path: ['calendars', ci, 'hours', day, ri],
            message: `hour range "${range}" must end after it starts`,
          });
        }
      });
    }
  });
  return problems;
}

function minutes(hhmm: string): number {
  const [h = 0, m = 0] = hhmm.split(':').map(Number);
  return h * 60 + m;
}
