import type {
  ApprovalConfig,
  DepartmentConfig,
  DeskConfig,
  RequestTypeConfig,
  StatusConfig,
  WorkflowConfig,
} from '../config/desk.schema.js';
import type { RoleGrant } from '../ports/person.types.js';

/** The desk config indexed for lookups: departments, request types, workflows and their statuses. */
export class DeskCatalog {
  private readonly departments = new Map<string, DepartmentConfig>();
  private readonly requestTypes = new Map<
    string,
    { type: RequestTypeConfig; department: DepartmentConfig }
  >();
  private readonly workflows = new Map<string, WorkflowConfig>();

  constructor(readonly config: DeskConfig) {
    for (const d of config.departments) {
      this.departments.set(d.id, d);
      for (const t of d.requestTypes) this.requestTypes.set(t.id, { type: t, department: d });
    }
    for (const w of config.workflows) this.workflows.set(w.id, w);
  }

  /** The desk roles a chat platform's roles give, by role name or id (departments' `chatRoles`). */
  chatRoleGrants(platform: string, held: string[]): RoleGrant[] {
    const has = new Set(held);
    const grants: RoleGrant[] = [];
    for (const d of this.config.departments) {
      const mapped = d.chatRoles[platform];
      if (!mapped) continue;
      if (mapped.agents.some((r) => has.has(r))) grants.push({ role: 'agent', department: d.id });
      if (mapped.managers.some((r) => has.has(r))) grants.push({ role: 'manager', department: d.id });
    }
    return grants;
  }

  department(id: string): DepartmentConfig | undefined {
    return this.departments.get(id);
  }

  requestType(id: string): { type: RequestTypeConfig; department: DepartmentConfig } | undefined {
    return this.requestTypes.get(id);
  }

  /** Config is validated at start, so a request type's workflow always exists. */
  workflowOf(requestTypeId: string): WorkflowConfig {
    const entry = this.requestTypes.get(requestTypeId);
    const workflow = entry && this.workflows.get(entry.type.workflow);
    if (!workflow) throw new Error(`request type ${requestTypeId} has no workflow`);
    return workflow;
  }

  /** Who approves requests of this type; the department's managers, first answer, unless it says otherwise. */
  approvalOf(requestTypeId: string): ApprovalConfig {
    return (
      this.requestTypes.get(requestTypeId)?.type.approval ?? {
        approvers: ['managers'],
        decide: 'first',
        approve: 'approve',
        decline: 'decline',
      }
    );
  }

  /** Whether a ticket of this type in this status waits for its approvers (the approve transition leaves it). */
  isApprovalStatus(requestTypeId: string, statusId: string): boolean {
    const approve = this.approvalOf(requestTypeId).approve;
    const t = this.workflowOf(requestTypeId).transitions.find((x) => x.id === approve);
    return t?.from.includes(statusId) ?? false;
  }

  status(workflow: WorkflowConfig, statusId: string): StatusConfig {
    const status = workflow.statuses.find((s) => s.id === statusId);
    if (!status) throw new Error(`workflow ${workflow.id} has no status ${statusId}`);
    return status;
  }
}
