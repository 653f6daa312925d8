import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  customType,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
} from 'drizzle-orm/pg-core';

/** A full-text search vector: written by the database (a generated column), never read by the app. */
const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

/** Every timestamp is `timestamptz`, read as a Date. */
export const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const persons = pgTable('persons', {
  id: text('id').primaryKey(),
  email: text('email').notNull().unique(),
  name: text('name').notNull(),
  timezone: text('timezone').notNull().default('UTC'),
  createdAt: ts('created_at').notNull().defaultNow(),
});

/** One row per (person, role, department); department is '' for desk-wide roles (admin). */
export const roleGrants = pgTable(
  'role_grants',
  {
    personId: text('person_id')
      .notNull()
      .references(() => persons.id, { onDelete: 'cascade' }),
    role: text('role').notNull(),
    department: text('department').notNull().default(''),
    /** Where the grant comes from: 'config' (the desk config), or a platform's roles (e.g. 'discord'). */
    source: text('source').notNull().default('config'),
  },
  (t) => [primaryKey({ columns: [t.personId, t.role, t.department, t.source] })],
);

/** A chat account (Slack user in a team, Teams user in a tenant, ...) that resolves to one person. */
export const channelIdentities = pgTable(
  'channel_identities',
  {
    platform: text('platform').notNull(),
    workspace: text('workspace').notNull(),
    externalId: text('external_id').notNull(),
    personId: text('person_id')
      .notNull()
      .references(() => persons.id, { onDelete: 'cascade' }),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.platform, t.workspace, t.externalId] }), index().on(t.personId)],
);

/** API tokens are stored as SHA-256 hashes; the token itself is shown once, at creation. */
export const apiTokens = pgTable('api_tokens', {
  id: text('id').primaryKey(),
  personId: text('person_id')
    .notNull()
    .references(() => persons.id, { onDelete: 'cascade' }),
  name: text('name').notNull(),
  tokenHash: text('token_hash').notNull().unique(),
  createdAt: ts('created_at').notNull().defaultNow(),
  revokedAt: ts('revoked_at'),
  /** Null: until revoked. Demo sessions' tokens expire. */
  expiresAt: ts('expires_at'),
  /** Minted by a web chat demo session: revoked at start while demo identities are off. */
  demo: boolean('demo').notNull().default(false),
});

/**
 * One-time codes that link a platform identity to a person signed in elsewhere (a platform that gives
 * bots no email): the hash only, for minutes, used once.
 */
export const linkCodes = pgTable('link_codes', {
  codeHash: text('code_hash').primaryKey(),
  personId: text('person_id')
    .notNull()
    .references(() => persons.id, { onDelete: 'cascade' }),
  createdAt: ts('created_at').notNull(),
  expiresAt: ts('expires_at').notNull(),
  usedAt: ts('used_at'),
});

/**
 * A client's Idempotency-Key per person: written in the transaction of the change it made (by
 * deskbot_write_change), so a retry after a lost answer finds it; the answer itself is added after.
 */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    personId: text('person_id')
      .notNull()
      .references(() => persons.id, { onDelete: 'cascade' }),
    key: text('key').notNull(),
    /** A hash of the request (method, path, body): the same key with another request is refused. */
    fingerprint: text('fingerprint').notNull(),
    ticketId: bigint('ticket_id', { mode: 'number' }).notNull(),
    /** The first comment the change added (a comment request's answer). */
    commentId: bigint('comment_id', { mode: 'number' }),
    statusCode: integer('status_code'),
    response: jsonb('response'),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.personId, t.key] })],
);

/** Last number used per key prefix; bumped in the statement that inserts the ticket, so keys have no gaps. */
export const keyCounters = pgTable('key_counters', {
  prefix: text('prefix').primaryKey(),
  last: integer('last').notNull(),
});

export const tickets = pgTable(
  'tickets',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    key: text('key').notNull().unique(),
    department: text('department').notNull(),
    requestType: text('request_type').notNull(),
    summary: text('summary').notNull(),
    requesterId: text('requester_id')
      .notNull()
      .references(() => persons.id),
    assigneeId: text('assignee_id').references(() => persons.id),
    status: text('status').notNull(),
    statusCategory: text('status_category').notNull(),
    priority: text('priority').notNull(),
    fields: jsonb('fields').$type<Record<string, unknown>>().notNull(),
    resolution: text('resolution'),
    /** The conversation the ticket was opened in: public replies and status changes are relayed there. */
    originConversationId: text('origin_conversation_id'),
    /** Set by callers that may retry a create (a conversation turn): the same key returns the same ticket. */
    requestKey: text('request_key').unique(),
    /** Bumped on every change; a client's stale version gets 409. */
    version: integer('version').notNull().default(1),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
    /** The words of the summary and of the fields' text, for the console's search (word prefixes). */
    search: tsvector('search')
      .generatedAlwaysAs(
        sql`to_tsvector('simple', summary) || jsonb_to_tsvector('simple', fields, '["string"]')`,
      )
      .notNull(),
  },
  (t) => [
    index('tickets_search_idx').using('gin', t.search),
    index().on(t.requesterId, t.id),
    index().on(t.department, t.statusCategory, t.id),
    index().on(t.assigneeId),
    // Rolling a day up for reports reads the day's new tickets.
    index('tickets_created_at_idx').on(t.createdAt),
  ],
);

/** People a requester shared a ticket with (they may read it and comment publicly). */
export const ticketShares = pgTable(
  'ticket_shares',
  {
    ticketId: bigint('ticket_id', { mode: 'number' })
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    personId: text('person_id')
      .notNull()
      .references(() => persons.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.ticketId, t.personId] }), index().on(t.personId)],
);

export const comments = pgTable(
  'comments',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    ticketId: bigint('ticket_id', { mode: 'number' })
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    authorId: text('author_id').references(() => persons.id),
    body: text('body').notNull(),
    internal: boolean('internal').notNull(),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [index().on(t.ticketId, t.id)],
);

/** Who changed what, when: one row per changed field. */
export const ticketHistory = pgTable(
  'ticket_history',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    // No foreign key on the log tables: their rows are written only in the statement that writes the
    // ticket, tickets are never deleted, and the check would cost a lookup per row on the hot path.
    ticketId: bigint('ticket_id', { mode: 'number' }).notNull(),
    actorId: text('actor_id'),
    at: ts('at').notNull(),
    field: text('field').notNull(),
    before: jsonb('before'),
    after: jsonb('after'),
    /** The automation rule that made the change, by name (null for a person's or the desk's own). */
    rule: text('rule'),
  },
  (t) => [index().on(t.ticketId, t.id)],
);

/** Domain events, in order; the relay, SLA and automation read them. */
export const domainEvents = pgTable(
  'domain_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    ticketId: bigint('ticket_id', { mode: 'number' }),
    type: text('type').notNull(),
    actorId: text('actor_id'),
    at: ts('at').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
  },
  (t) => [
    index().on(t.ticketId, t.id),
    // Reports count resolutions per day (transitions into a done status).
    index('domain_events_done_at_idx')
      .on(t.at)
      .where(sql`type = 'ticket.transitioned' AND payload->>'category' = 'done'`),
    // Request-type guesses learn from the requests opened from people's own words (read at start).
    index('domain_events_words_idx')
      .on(t.id)
      .where(sql`type = 'ticket.created' AND payload->>'words' IS NOT NULL`),
  ],
);
