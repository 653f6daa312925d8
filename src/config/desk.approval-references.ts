import type { ReferenceProblem } from './desk.problem.js';
import type { DeskConfig } from './desk.schema.js';

/** Checks request types' approvals: the approver field is a person field, the transitions exist, people are known. */
export function checkApprovalReferences(config: DeskConfig): ReferenceProblem[] {
  const problems: ReferenceProblem[] = [];
  const people = new Set(config.people.map((p) => p.email));
  config.departments.forEach((d, di) => {
    d.requestTypes.forEach((rt, ri) => {
      if (!rt.approval) return;
      const at = ['departments', di, 'requestTypes', ri, 'approval'];
      const workflow = config.workflows.find((w) => w.id === rt.workflow);
      for (const which of ['approve', 'decline'] as const) {
        const id = rt.approval[which];
        if (workflow && !workflow.transitions.some((t) => t.id === id))
          problems.push({
            path: [...at, which],
            message: `workflow "${workflow.id}" has no transition "${id}"`,
          });
      }
      rt.approval.approvers.forEach((a, ai) => {
        if (typeof a === 'object') {
          const field = rt.fields.find((f) => f.id === a.field);
          if (!field)
            problems.push({ path: [...at, 'approvers', ai, 'field'], message: `unknown field "${a.field}"` });
          else if (field.type !== 'user')
            problems.push({
              path: [...at, 'approvers', ai, 'field'],
              message: `"${a.field}" is not a user field`,
            });
        } else if (a !== 'managers' && !people.has(a)) {
          problems.push({ path: [...at, 'approvers', ai], message: `"${a}" is not listed under people` });
        }
      });
    });
  });
  return problems;
}
