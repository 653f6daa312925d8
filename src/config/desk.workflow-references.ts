import type { ReferenceProblem } from './desk.problem.js';
import type { DeskConfig, WorkflowConfig } from './desk.schema.js';

/** Checks each workflow's status references and that its statuses can be reached and finished. */
export function checkWorkflowStatuses(config: DeskConfig): ReferenceProblem[] {
  return config.workflows.flatMap((w, wi) => workflowProblems(w, wi));
}

function workflowProblems(workflow: WorkflowConfig, wi: number): ReferenceProblem[] {
  const problems: ReferenceProblem[] = [];
  const statusIds = new Set(workflow.statuses.map((s) => s.id));
  const initialKnown = statusIds.has(workflow.initial);
  if (!initialKnown) {
    problems.push({
      path: ['workflows', wi, 'initial'],
      message: `unknown initial status "${workflow.initial}"`,
    });
  }
  workflow.transitions.forEach((t, ti) => {
    t.from.forEach((from, fi) => {
      if (!statusIds.has(from)) {
        problems.push({
          path: ['workflows', wi, 'transitions', ti, 'from', fi],
          message: `transition from unknown status "${from}"`,
        });
      }
    });
    if (!statusIds.has(t.to)) {
      problems.push({
        path: ['workflows', wi, 'transitions', ti, 'to'],
        message: `transition to unknown status "${t.to}"`,
      });
    }
  });
  // Reachability only means something from a real starting point.
  if (!initialKnown) return problems;

  const reached = reachableFrom(workflow);
  const reported = new Set<string>();
  workflow.statuses.forEach((s, si) => {
    if (reached.has(s.id) || reported.has(s.id)) return;
    reported.add(s.id);
    problems.push({
      path: ['workflows', wi, 'statuses', si, 'id'],
      message: `status "${s.id}" cannot be reached from initial status "${workflow.initial}"`,
    });
  });
  const canFinish = workflow.statuses.some((s) => s.category === 'done' && reached.has(s.id));
  if (!canFinish) {
    problems.push({
      path: ['workflows', wi, 'initial'],
      message: `no done status can be reached from initial status "${workflow.initial}"`,
    });
  }
  return problems;
}

/** Status ids reachable from the initial status by following transitions. */
function reachableFrom(workflow: WorkflowConfig): Set<string> {
  const reached = new Set([workflow.initial]);
  const pending = [workflow.initial];
  for (let current = pending.pop(); current !== undefined; current = pending.pop()) {
    for (const t of workflow.transitions) {
      if (t.from.includes(current) && !reached.has(t.to)) {
        reached.add(t.to);
        pending.push(t.to);
      }
    }
  }
  return reached;
}
