import { createHash, randomBytes } from 'node:crypto';
import type { DeskConfig } from '../../config/desk.schema.js';
import type { Person, PersonInput, RoleGrant, Store } from '../../ports/store.port.js';
import { ForbiddenError, NotFoundError } from '../errors.js';
import { isAdmin, isAgent } from './access.policy.js';

const TOKEN_PREFIX = 'dsk_';

/** People, their roles and how they prove who they are (API tokens, linked chat accounts). */
export class PeopleService {
  constructor(private readonly store: Store) {}

  /** Makes the store's people and roles match the desk config; people not in the config are kept. */
  syncFromConfig(config: DeskConfig): Promise<void> {
    return this.store.people.sync(peopleFromConfig(config));
  }

  /** Creates an API token for a person; the token is returned once and only its hash is stored. */
  async createToken(email: string, name: string): Promise<{ person: Person; token: string }> {
    const person = await this.store.people.byEmail(email);
    if (!person) throw new NotFoundError(`No person with email ${email}`);
    const token = TOKEN_PREFIX + randomBytes(32).toString('base64url');
    await this.store.people.addToken(person.id, name, hashToken(token));
    return { person, token };
  }

  /** The person of an `Authorization: Bearer <token>` header, or null. */
  authenticateHeader(header: string | undefined): Promise<Person | null> {
    const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
    return match ? this.authenticate(match[1]!) : Promise.resolve(null);
  }

  async authenticate(token: string): Promise<Person | null> {
    if (!token.startsWith(TOKEN_PREFIX) || token.length > 200) return null;
    return this.store.people.byTokenHash(hashToken(token));
  }

  /** Agents and admins see the directory; a requester sees only themselves. */
  async list(actor: Person): Promise<Person[]> {
    if (!isAgent(actor) && !isAdmin(actor)) throw new ForbiddenError('Only agents see the people directory');
    return this.store.people.list();
  }

  async get(actor: Person, id: string): Promise<Person> {
    if (id === actor.id || id === 'me') return actor;
    const person = isAgent(actor) || isAdmin(actor) ? await this.store.people.byId(id) : null;
    if (!person) throw new NotFoundError(`No person ${id}`);
    return person;
  }

  /** Looks a person up without a check: for names beside tickets the caller may already see. */
  find(id: string): Promise<Person | null> {
    return this.store.people.byId(id);
  }

  findByEmail(email: string): Promise<Person | null> {
    return this.store.people.byEmail(email);
  }

  /** The person with this email; a requester without roles is created the first time it is seen. */
  ensure(email: string, name: string, timezone: string): Promise<Person> {
    return this.store.people.ensure({ email: email.toLowerCase(), name: name || email, timezone });
  }

  /** A chat account resolves to one person; linking again moves it. */
  linkIdentity(personId: string, platform: string, workspace: string, externalId: string): Promise<void> {
    return this.store.people.linkIdentity(personId, platform, workspace, externalId);
  }

  /** The person's linked accounts on one platform (where a direct message reaches them). */
  identities(personId: string, platform: string): Promise<{ workspace: string; externalId: string }[]> {
    return this.store.people.identities(personId, platform);
  }

  byIdentity(platform: string, workspace: string, externalId: string): Promise<Person | null> {
    return this.store.people.byIdentity(platform, workspace, externalId);
  }
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Roles come from the departments' agent, manager and KB editor lists and the people's admin flag. */
export function peopleFromConfig(config: DeskConfig): PersonInput[] {
  return config.people.map((p) => {
    const email = p.email.toLowerCase();
    const roles: RoleGrant[] = [];
    for (const d of config.departments) {
      const has = (list: string[]) => list.some((e) => e.toLowerCase() === email);
      if (has(d.agents)) roles.push({ role: 'agent', department: d.id });
      if (has(d.managers)) roles.push({ role: 'manager', department: d.id });
      if (has(d.kbEditors)) roles.push({ role: 'kb_editor', department: d.id });
    }
    if (p.admin) roles.push({ role: 'admin', department: '' });
    return { email, name: p.name, timezone: p.timezone, roles };
  });
}
