import type { Me } from './types.js';

/** Who may use which part of the app (the server checks again on every call). */
export const worksTickets = (me: Me): boolean =>
  me.roles.some((r) => r.role === 'agent' || r.role === 'manager' || r.role === 'admin');
export const editsKb = (me: Me): boolean =>
  me.roles.some((r) => r.role === 'kb_editor' || r.role === 'admin');

export const managesDesk = (me: Me): boolean =>
  me.roles.some((r) => r.role === 'manager' || r.role === 'admin');

/** Departments the person works as agent or manager. */
export const departmentsOf = (me: Me): string[] => [
  ...new Set(me.roles.filter((r) => r.role === 'agent' || r.role === 'manager').map((r) => r.department)),
];
