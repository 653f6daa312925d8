import { createHash, randomBytes } from 'node:crypto';
import type { DeskConfig } from '../../config/desk.schema.js';
import type { Clock } from '../../ports/clock.port.js';
import type {
  Person,
  PersonInput,
  RoleGrant,
  Store,
  TokenOptions,
  TokenRecord,
} from '../../ports/store.port.js';
import { ForbiddenError, NotFoundError } from '../errors.js';
import { isAdmin, isAgent, requireAdmin } from './access.policy.js';
import { TokenCache } from './token.cache.js';

const TOKEN_PREFIX = 'dsk_';
/** A web chat demo session's token lives one working day, not for ever. */
export const DEMO_TOKEN_LIFETIME_MS = 8 * 60 * 60 * 1000;

/** People, their roles and how they prove who they are (API tokens, linked chat accounts). */
export class PeopleService {
  private readonly tokens = new TokenCache();
  private stopListening: (() => Promise<void>) | null = null;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  /** Hears of tokens revoked by other processes (the CLI, other instances), so none is trusted from memory. */
  async start(): Promise<void> {
    this.stopListening ??= await this.store.people.onTokensRevoked(() => this.tokens.clear());
  }

  async stop(): Promise<void> {
    await this.stopListening?.();
    this.stopListening = null;
  }

  /** Makes the store's people and roles match the desk config; people not in the config are kept. */
  async syncFromConfig(config: DeskConfig): Promise<void> {
    await this.store.people.sync(peopleFromConfig(config));
    this.tokens.clear(); // roles may have changed
  }

  /** Creates an API token for a person; the token is returned once and only its hash is stored. */
  async createToken(
    email: string,
    name: string,
    options: TokenOptions = {},
  ): Promise<{ person: Person; token: string; id: string }> {
    const person = await this.store.people.byEmail(email);
    if (!person) throw new NotFoundError(`No person with email ${email}`);
    const token = TOKEN_PREFIX + randomBytes(32).toString('base64url');
    const { id } = await this.store.people.addToken(person.id, name, hashToken(token), options);
    return { person, token, id };
  }

  /** A web chat demo session's token: it expires, and is revoked when demo identities are turned off. */
  createDemoToken(email: string) {
    const expiresAt = new Date(this.clock.now().getTime() + DEMO_TOKEN_LIFETIME_MS);
    return this.createToken(email, 'web chat demo', { expiresAt, demo: true });
  }

  /** Every token (or one person's), newest first, with whether it works now: for the operator at the CLI. */
  async listTokens(email?: string): Promise<TokenInfo[]> {
    let tokens: TokenRecord[];
    if (email === undefined) tokens = await this.store.people.tokens();
    else {
      const person = await this.store.people.byEmail(email);
      if (!person) throw new NotFoundError(`No person with email ${email}`);
      tokens = await this.store.people.tokens(person.id);
    }
    const now = this.clock.now();
    return tokens.map((t) => ({ ...t, status: tokenStatus(t, now) }));
  }

  /** Revokes one token by id, or every token of a person by email; returns the ones it revoked. */
  async revokeTokens(which: { id: string } | { email: string }): Promise<TokenRecord[]> {
    if ('id' in which) return this.revoke({ id: which.id });
    const person = await this.store.people.byEmail(which.email);
    if (!person) throw new NotFoundError(`No person with email ${which.email}`);
    return this.revoke({ personId: person.id });
  }

  /** While demo identities are off, no demo session's token works. */
  revokeDemoTokens(): Promise<TokenRecord[]> {
    return this.revoke({ demo: true });
  }

  /** Revoked here: gone from memory at once (other processes hear of it from the store). */
  private async revoke(which: Parameters<Store['people']['revokeTokens']>[0]): Promise<TokenRecord[]> {
    const revoked = await this.store.people.revokeTokens(which, this.clock.now());
    this.tokens.clear();
    return revoked;
  }

  /** The token list for a signed-in person: admins only. */
  listTokensAs(actor: Person, email?: string): Promise<TokenInfo[]> {
    requireAdmin(actor, 'Only admins manage API tokens');
    return this.listTokens(email);
  }

  /** Revoking as a signed-in person: admins only. */
  revokeTokensAs(actor: Person, which: { id: string } | { email: string }): Promise<TokenRecord[]> {
    requireAdmin(actor, 'Only admins manage API tokens');
    return this.revokeTokens(which);
  }

  /** The person of an `Authorization: Bearer <token>` header, or null. */
  authenticateHeader(header: string | undefined): Promise<Person | null> {
    const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
    return match ? this.authenticate(match[1]!) : Promise.resolve(null);
  }

  async authenticate(token: string): Promise<Person | null> {
    if (!token.startsWith(TOKEN_PREFIX) || token.length > 200) return null;
    const hash = hashToken(token);
    const now = this.clock.now();
    const known = this.tokens.get(hash, now);
    if (known) return known;
    const mark = this.tokens.mark();
    const found = await this.store.people.byTokenHash(hash, now);
    if (!found) return null;
    this.tokens.set(mark, hash, found.person, found.expiresAt, now);
    return found.person;
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

/** A token as listed: whether it works now. */
export type TokenInfo = TokenRecord & { status: 'active' | 'revoked' | 'expired' };

function tokenStatus(t: TokenRecord, now: Date): TokenInfo['status'] {
  if (t.revokedAt) return 'revoked';
  return t.expiresAt && t.expiresAt <= now ? 'expired' : 'active';
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
