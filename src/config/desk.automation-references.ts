import type { AutomationRule } from './automation.schema.js';
import type { ReferenceProblem } from './desk.problem.js';
import type { DeskConfig } from './desk.schema.js';

type Path = (string | number)[];

/**
 * Checks what automation rules name: departments, request types, statuses, transitions, fields, people
 * and webhooks must exist, so a typo fails at start rather than silently never firing.
 */
export function checkAutomationReferences(config: DeskConfig): ReferenceProblem[] {
  const problems: ReferenceProblem[] = [];
  const departments = new Set(config.departments.map((d) => d.id));
  const requestTypes = new Set(config.departments.flatMap((d) => d.requestTypes.map((t) => t.id)));
  const statuses = new Set(config.workflows.flatMap((w) => w.statuses.map((s) => s.id)));
  const transitions = new Set(config.workflows.flatMap((w) => w.transitions.map((t) => t.id)));
  const fields = new Set([
    'resolution',
    ...config.departments.flatMap((d) => d.requestTypes.flatMap((t) => t.fields.map((f) => f.id))),
  ]);
  const agents = new Set(config.departments.flatMap((d) => [...d.agents, ...d.managers]));
  const people = new Set(config.people.map((p) => p.email));
  const webhooks = new Set(config.webhooks.map((w) => w.id));
  const expect = (known: Set<string>, what: string, values: string[] | undefined, path: Path) => {
    values?.forEach((v, i) => {
      if (!known.has(v)) problems.push({ path: [...path, i], message: `unknown ${what} "${v}"` });
    });
  };

  config.automations.forEach((rule, ri) => {
    const at: Path = ['automations', ri];
    const when = rule.when;
    if (when.event === 'status.changed') {
      expect(statuses, 'status', when.from, [...at, 'when', 'from']);
      expect(statuses, 'status', when.to, [...at, 'when', 'to']);
    }
    if (when.event === 'idle') expect(statuses, 'status', when.statuses, [...at, 'when', 'statuses']);
    expect(departments, 'department', rule.if.departments, [...at, 'if', 'departments']);
    expect(requestTypes, 'request type', rule.if.requestTypes, [...at, 'if', 'requestTypes']);
    expect(statuses, 'status', rule.if.statuses, [...at, 'if', 'statuses']);
    for (const field of Object.keys(rule.if.fields ?? {})) {
      if (!fields.has(field))
        problems.push({ path: [...at, 'if', 'fields', field], message: `unknown field "${field}"` });
    }
    rule.then.forEach((action, ai) => {
      const path: Path = [...at, 'then', ai];
      problems.push(...actionProblems(action, path, { transitions, agents, people, webhooks }));
    });
  });
  return problems;
}

function actionProblems(
  action: AutomationRule['then'][number],
  path: Path,
  known: Record<'transitions' | 'agents' | 'people' | 'webhooks', Set<string>>,
): ReferenceProblem[] {
  if ('assign' in action && action.assign.includes('@') && !known.agents.has(action.assign))
    return [{ path: [...path, 'assign'], message: `"${action.assign}" is no department's agent` }];
  if ('transition' in action && !known.transitions.has(action.transition))
    return [{ path: [...path, 'transition'], message: `unknown transition "${action.transition}"` }];
  if ('webhook' in action && !known.webhooks.has(action.webhook))
    return [
      { path: [...path, 'webhook'], message: `unknown webhook "${action.webhook}" (list it under webhooks)` },
    ];
  if ('notify' in action) {
    return action.notify.flatMap((to, i) =>
      to.includes('@') && !known.people.has(to)
        ? [{ path: [...path, 'notify', i], message: `"${to}" is not listed under people` }]
        : [],
    );
  }
  return [];
}
