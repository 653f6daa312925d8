import type { Person, RoleName, TicketRecord, TicketScope } from '../../ports/store.port.js';

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
