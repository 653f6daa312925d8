import type { ReferenceProblem } from './desk.problem.js';
import type { DeskConfig, RequestTypeConfig, ValidatorConfig, WorkflowConfig } from './desk.schema.js';

type Path = (string | number)[];

/** Every ticket has a resolution, whatever its request type. */
const BUILT_IN_FIELDS = ['resolution'];

/** Checks that validators, transition fields and post-functions name fields that exist. */
export function checkFieldReferences(config: DeskConfig): ReferenceProblem[] {
  const problems: ReferenceProblem[] = [];
  const typesByWorkflow = new Map<string, RequestTypeConfig[]>();
  config.departments.forEach((d, di) => {
    d.requestTypes.forEach((rt, ri) => {
      const list = typesByWorkflow.get(rt.workflow) ?? [];
      list.push(rt);
      typesByWorkflow.set(rt.workflow, list);
      const known = new Set([...BUILT_IN_FIELDS, ...rt.fields.map((f) => f.id)]);
      const base: Path = ['departments', di, 'requestTypes', ri, 'validators'];
      rt.validators.forEach((v, vi) => {
        problems.push(...validatorProblems(v, [...base, vi], (id) => unknownField(id, known)));
      });
    });
  });
  config.workflows.forEach((w, wi) => {
    const users = typesByWorkflow.get(w.id) ?? [];
    // A workflow no request type uses has no tickets, so there is nothing to check its fields against.
    if (users.length > 0) problems.push(...transitionProblems(config, w, ['workflows', wi], users));
  });
  return problems;
}

function transitionProblems(
  config: DeskConfig,
  workflow: WorkflowConfig,
  base: Path,
  users: RequestTypeConfig[],
): ReferenceProblem[] {
  const problems: ReferenceProblem[] = [];
  // A transition may only rely on fields that every ticket going through it has.
  const check = (id: string): string | undefined => {
    if (BUILT_IN_FIELDS.includes(id)) return undefined;
    const lacking = users.filter((rt) => !rt.fields.some((f) => f.id === id)).map((rt) => `"${rt.id}"`);
    if (lacking.length === 0) return undefined;
    if (lacking.length === users.length) return `unknown field "${id}"`;
    const who =
      lacking.length === 1
        ? `request type ${lacking[0]} uses workflow "${workflow.id}" but does`
        : `request types ${lacking.join(', ')} use workflow "${workflow.id}" but do`;
    return `unknown field "${id}": ${who} not define it`;
  };
  workflow.transitions.forEach((t, ti) => {
    const at: Path = [...base, 'transitions', ti];
    t.fields.forEach((id, fi) => {
      const message = check(id);
      if (message) problems.push({ path: [...at, 'fields', fi], message });
    });
    t.validators.forEach((v, vi) => {
      problems.push(...validatorProblems(v, [...at, 'validators', vi], check));
    });
    t.postFunctions.forEach((pf, pi) => {
      if (pf.type !== 'setField' && pf.type !== 'clearField') return;
      const message = check(pf.field);
      if (message) problems.push({ path: [...at, 'postFunctions', pi, 'field'], message });
      if (pf.type === 'setField' && pf.field === 'resolution' && !config.resolutions.includes(pf.value)) {
        problems.push({
          path: [...at, 'postFunctions', pi, 'value'],
          message: `unknown resolution "${pf.value}"`,
        });
      }
    });
  });
  return problems;
}

function validatorProblems(
  validator: ValidatorConfig,
  at: Path,
  check: (id: string) => string | undefined,
): ReferenceProblem[] {
  const problems: ReferenceProblem[] = [];
  const fieldMessage = check(validator.field);
  if (fieldMessage) problems.push({ path: [...at, 'field'], message: fieldMessage });
  if (validator.type === 'compare') {
    const otherMessage = check(validator.other);
    if (otherMessage) problems.push({ path: [...at, 'other'], message: otherMessage });
  }
  return problems;
}

function unknownField(id: string, known: Set<string>): string | undefined {
  return known.has(id) ? undefined : `unknown field "${id}"`;
}
