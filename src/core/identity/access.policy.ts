import type { ApprovalConfig } from '../../config/desk.schema.js';
import type { Person, RoleName, TicketRecord, TicketScope } from '../../ports/store.port.js';
import { ForbiddenError } from '../errors.js';

/** Authorization lives here, in the core; adapters and the HTTP layer only ask. */
export function hasRole(person: Person, role: RoleName, department?: string): boolean {
  return person.roles.some(
    (g) => g.role === role && (department === undefined || g.department === department),
  );
}

export function isAdmin(person: Person): boolean {
  return hasRole(person, 'admin');
}

/** Managers are agents of their department too. */
/** Throws 403 with `why` unless the person is an admin. */
export function requireAdmin(person: Person, why: string): void {
  if (!isAdmin(person)) throw new ForbiddenError(why);
}

export function isAgentOf(person: Person, department: string): boolean {
  return hasRole(person, 'agent', department) || hasRole(person, 'manager', department);
}

export function isManagerOf(person: Person, department: string): boolean {
  return hasRole(person, 'manager', department);
}

export function isAgent(person: Person): boolean {
  return person.roles.some((g) => g.role === 'agent' || g.role === 'manager');
}

/** Departments whose tickets the person works. */
export function agentDepartments(person: Person): string[] {
  return [
    ...new Set(
      person.roles.filter((g) => g.role === 'agent' || g.role === 'manager').map((g) => g.department),
    ),
  ];
}

export function ticketScope(person: Person): TicketScope {
  return isAdmin(person)
    ? { all: true }
    : { all: false, personId: person.id, departments: agentDepartments(person) };
}

/** Agents of the ticket's department and admins work it: see internal notes, assign, set priority. */
export function canWork(person: Person, ticket: TicketRecord): boolean {
  return isAdmin(person) || isAgentOf(person, ticket.department);
}

/**
 * The emails a request's approval names (its person fields' values and listed people), and whether the
 * department's managers approve: they do when listed, and when the names come to nobody (an empty
 * line-manager field), so a request never waits for no one.
 */
export function approverNames(
  ticket: TicketRecord,
  approval: ApprovalConfig,
): { emails: string[]; managers: boolean } {
  const emails = new Set<string>();
  for (const a of approval.approvers) {
    if (typeof a === 'object') {
      const value = ticket.fields[a.field];
      if (typeof value === 'string' && value) emails.add(value.toLowerCase());
    } else if (a !== 'managers') emails.add(a.toLowerCase());
  }
  return { emails: [...emails], managers: approval.approvers.includes('managers') || emails.size === 0 };
}

/** Whether the person approves this request (never its own requester: nobody approves their own request). */
export function isApprover(person: Person, ticket: TicketRecord, approval: ApprovalConfig): boolean {
  if (person.id === ticket.requesterId) return false;
  const names = approverNames(ticket, approval);
  return (
    names.emails.includes(person.email.toLowerCase()) ||
    (names.managers && isManagerOf(person, ticket.department))
  );
}
