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

/** An API token as admins see it (never the token itself: only its hash is stored). */
export interface TokenRecord {
  id: string;
  person: PersonRecord;
  /** What it is for: the CLI's --name, "web chat demo", ... */
  name: string;
  createdAt: Date;
  expiresAt: Date | null;
  revokedAt: Date | null;
  /** Minted by a web chat demo session. */
  demo: boolean;
}

/** How a new token lives: until revoked by default. */
export interface TokenOptions {
  expiresAt?: Date;
  demo?: boolean;
}
