/** A role a person holds; department is '' for desk-wide roles (admin). */
export type RoleName = 'agent' | 'manager' | 'kb_editor' | 'admin';
export interface RoleGrant {
  role: RoleName;
  department: string;
}

export interface PersonRecord {
  id: string;
  email: string;
  name: string;
  timezone: string;
}

export interface Person extends PersonRecord {
  roles: RoleGrant[];
}
