import { randomUUID } from 'node:crypto';
import { and, asc, desc, eq, gt, inArray, isNull, or, sql } from 'drizzle-orm';
import type {
  PeopleStore,
  Person,
  PersonInput,
  PersonRecord,
  RoleGrant,
  RoleName,
  TokenOptions,
  TokenRecord,
} from '../ports/store.port.js';
import { conversations } from './conversation.schema.js';
import type { Database, Db } from './database.js';
import { listenOn } from './notify.listener.js';
import { apiTokens, channelIdentities, linkCodes, persons, roleGrants, tickets } from './schema.js';

/** Announces revoked tokens to every instance on the database. */
const TOKENS_CHANNEL = 'deskbot_tokens_revoked';

export class PeopleRepository implements PeopleStore {
  constructor(private readonly database: Database) {}

  private get db(): Db {
    return this.database.db;
  }

  onTokensRevoked(onRevoked: () => void): Promise<() => Promise<void>> {
    return listenOn(this.database, TOKENS_CHANNEL, onRevoked, onRevoked);
  }

  async byId(id: string): Promise<Person | null> {
    return this.one(await this.db.select().from(persons).where(eq(persons.id, id)));
  }

  async byEmail(email: string): Promise<Person | null> {
    return this.one(await this.db.select().from(persons).where(eq(persons.email, email.toLowerCase())));
  }

  async byTokenHash(hash: string, now: Date): Promise<{ person: Person; expiresAt: Date | null } | null> {
    const rows = await this.db
      .select({ person: persons, expiresAt: apiTokens.expiresAt })
      .from(apiTokens)
      .innerJoin(persons, eq(persons.id, apiTokens.personId))
      .where(
        and(
          eq(apiTokens.tokenHash, hash),
          isNull(apiTokens.revokedAt),
          or(isNull(apiTokens.expiresAt), gt(apiTokens.expiresAt, now)),
        ),
      );
    const person = await this.one(rows.map((r) => r.person));
    return person ? { person, expiresAt: rows[0]!.expiresAt } : null;
  }

  async byIdentity(platform: string, workspace: string, externalId: string): Promise<Person | null> {
    const rows = await this.db
      .select({ person: persons })
      .from(channelIdentities)
      .innerJoin(persons, eq(persons.id, channelIdentities.personId))
      .where(
        and(
          eq(channelIdentities.platform, platform),
          eq(channelIdentities.workspace, workspace),
          eq(channelIdentities.externalId, externalId),
        ),
      );
    return this.one(rows.map((r) => r.person));
  }

  async identities(personId: string, platform: string): Promise<{ workspace: string; externalId: string }[]> {
    return this.db
      .select({ workspace: channelIdentities.workspace, externalId: channelIdentities.externalId })
      .from(channelIdentities)
      .where(and(eq(channelIdentities.personId, personId), eq(channelIdentities.platform, platform)))
      .orderBy(asc(channelIdentities.createdAt));
  }

  async list(): Promise<Person[]> {
    const rows = await this.db.select().from(persons).orderBy(asc(persons.name));
    return this.withRoles(rows);
  }

  async withRole(role: RoleName, department: string): Promise<Person[]> {
    const rows = await this.db
      .selectDistinct({ person: persons })
      .from(roleGrants)
      .innerJoin(persons, eq(persons.id, roleGrants.personId))
      .where(and(eq(roleGrants.role, role), eq(roleGrants.department, department)))
      .orderBy(asc(persons.name));
    return this.withRoles(rows.map((r) => r.person));
  }

  async sync(people: PersonInput[]): Promise<void> {
    await this.db.transaction(async (tx) => {
      for (const p of people) {
        const email = p.email.toLowerCase();
        const [row] = await tx
          .insert(persons)
          .values({ id: randomUUID(), email, name: p.name, timezone: p.timezone })
          .onConflictDoUpdate({ target: persons.email, set: { name: p.name, timezone: p.timezone } })
          .returning({ id: persons.id });
        const personId = row!.id;
        // Only the config's grants: roles a platform gives (Discord's guild roles) stay theirs.
        await tx
          .delete(roleGrants)
          .where(and(eq(roleGrants.personId, personId), eq(roleGrants.source, CONFIG)));
        if (p.roles.length > 0) {
          await tx.insert(roleGrants).values(p.roles.map((r) => ({ personId, ...r })));
        }
      }
    });
  }

  async setSourcedRoles(personId: string, source: string, roles: RoleGrant[]): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx
        .delete(roleGrants)
        .where(and(eq(roleGrants.personId, personId), eq(roleGrants.source, source)));
      if (roles.length > 0)
        await tx.insert(roleGrants).values(roles.map((r) => ({ personId, ...r, source })));
    });
  }

  async ensure(person: { email: string; name: string; timezone: string }): Promise<Person> {
    const email = person.email.toLowerCase();
    // A concurrent first sighting of the same email inserts nothing the second time.
    await this.db
      .insert(persons)
      .values({ id: randomUUID(), email, name: person.name, timezone: person.timezone })
      .onConflictDoNothing({ target: persons.email });
    return (await this.byEmail(email))!;
  }

  async linkIdentity(
    personId: string,
    platform: string,
    workspace: string,
    externalId: string,
  ): Promise<void> {
    await this.db
      .insert(channelIdentities)
      .values({ personId, platform, workspace, externalId })
      .onConflictDoUpdate({
        target: [channelIdentities.platform, channelIdentities.workspace, channelIdentities.externalId],
        set: { personId },
      });
  }

  async addToken(
    personId: string,
    name: string,
    tokenHash: string,
    options: TokenOptions = {},
  ): Promise<{ id: string }> {
    const id = randomUUID();
    await this.db.insert(apiTokens).values({
      id,
      personId,
      name,
      tokenHash,
      expiresAt: options.expiresAt ?? null,
      demo: options.demo ?? false,
    });
    return { id };
  }

  async tokens(personId?: string): Promise<TokenRecord[]> {
    const rows = await this.db
      .select({ token: apiTokens, person: persons })
      .from(apiTokens)
      .innerJoin(persons, eq(persons.id, apiTokens.personId))
      .where(personId ? eq(apiTokens.personId, personId) : undefined)
      .orderBy(desc(apiTokens.createdAt), asc(apiTokens.id));
    return rows.map(tokenRecord);
  }

  async revokeTokens(
    which: { id: string } | { personId: string } | { demo: true },
    at: Date,
  ): Promise<TokenRecord[]> {
    const target =
      'id' in which
        ? eq(apiTokens.id, which.id)
        : 'personId' in which
          ? eq(apiTokens.personId, which.personId)
          : eq(apiTokens.demo, true);
    const revoked = await this.db.transaction(async (tx) => {
      const rows = await tx
        .update(apiTokens)
        .set({ revokedAt: at })
        .where(and(target, isNull(apiTokens.revokedAt)))
        .returning();
      // Delivered on commit: every instance drops the tokens it trusts from memory.
      if (rows.length > 0) await tx.execute(sql`SELECT pg_notify(${TOKENS_CHANNEL}, '')`);
      return rows;
    });
    if (revoked.length === 0) return [];
    const people = await this.db
      .select()
      .from(persons)
      .where(inArray(persons.id, [...new Set(revoked.map((r) => r.personId))]));
    return revoked.map((token) =>
      tokenRecord({ token, person: people.find((p) => p.id === token.personId)! }),
    );
  }

  async addLinkCode(codeHash: string, personId: string, at: Date, expiresAt: Date): Promise<void> {
    await this.db.insert(linkCodes).values({ codeHash, personId, createdAt: at, expiresAt });
  }

  async useLinkCode(codeHash: string, now: Date): Promise<string | null> {
    const [row] = await this.db
      .update(linkCodes)
      .set({ usedAt: now })
      .where(and(eq(linkCodes.codeHash, codeHash), isNull(linkCodes.usedAt), gt(linkCodes.expiresAt, now)))
      .returning({ personId: linkCodes.personId });
    return row?.personId ?? null;
  }

  async absorbPlaceholder(placeholderId: string, personId: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx
        .update(channelIdentities)
        .set({ personId })
        .where(eq(channelIdentities.personId, placeholderId));
      await tx.update(conversations).set({ personId }).where(eq(conversations.personId, placeholderId));
      await tx.update(tickets).set({ requesterId: personId }).where(eq(tickets.requesterId, placeholderId));
    });
  }

  private async one(rows: PersonRecord[]): Promise<Person | null> {
    const [person] = await this.withRoles(rows.slice(0, 1));
    return person ?? null;
  }

  private async withRoles(rows: PersonRecord[]): Promise<Person[]> {
    if (rows.length === 0) return [];
    const grants = await this.db
      .select()
      .from(roleGrants)
      .where(
        inArray(
          roleGrants.personId,
          rows.map((r) => r.id),
        ),
      );
    return rows.map((r) => ({
      id: r.id,
      email: r.email,
      name: r.name,
      timezone: r.timezone,
      roles: distinct(
        grants
          .filter((g) => g.personId === r.id)
          .map((g): RoleGrant => ({ role: g.role as RoleGrant['role'], department: g.department })),
      ),
    }));
  }
}

/** The config's grants are source 'config'; a platform's carry its name. */
const CONFIG = 'config';

/** One grant per role and department, whichever sources gave it. */
function distinct(roles: RoleGrant[]): RoleGrant[] {
  const seen = new Set<string>();
  return roles.filter((r) => {
    const key = `${r.role}\u0000${r.department}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function tokenRecord(row: {
  token: typeof apiTokens.$inferSelect;
  person: typeof persons.$inferSelect;
}): TokenRecord {
  const { token, person } = row;
  return {
    id: token.id,
    person: { id: person.id, email: person.email, name: person.name, timezone: person.timezone },
    name: token.name,
    createdAt: token.createdAt,
    expiresAt: token.expiresAt,
    revokedAt: token.revokedAt,
    demo: token.demo,
  };
}
