import { sql } from 'drizzle-orm';
import { bigint, bigserial, index, integer, jsonb, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { persons, tickets, ts } from './schema.js';

/** An outbox row's lane (see the index below). */
const OUTBOX_LANE = sql.raw(
  `(COALESCE('c:' || (payload->>'conversationId'), 't:' || ticket_id::text || ':' || topic, 'r:' || id::text))`,
);

/** Outbound work written with the change it announces; a dispatcher delivers it. */
export const outbox = pgTable(
  'outbox',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    topic: text('topic').notNull(),
    ticketId: bigint('ticket_id', { mode: 'number' }),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    createdAt: ts('created_at').notNull(),
    state: text('state').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: ts('next_attempt_at').notNull(),
    lastError: text('last_error'),
    deliveredAt: ts('delivered_at'),
  },
  (t) => [
    // Retention removes the oldest finished rows, by creation.
    index('outbox_created_idx').on(t.createdAt),
    index('outbox_pending_idx').on(t.nextAttemptAt).where(sql`state = 'pending'`),
    // Rows in one lane are delivered in id order, whichever instance claims them: a conversation's
    // messages, else a ticket's rows of one topic, else the row alone. An expression, not a column,
    // so the migration adds no column to rewrite the table for (the same expression is in
    // deskbot_claim_outbox, which the index serves).
    index('outbox_pending_lanes_idx').on(sql`${OUTBOX_LANE}`, t.id).where(sql`state = 'pending'`),
  ],
);

/** One chat place the bot talks in (a DM, a thread, a web chat), with the intake state of its dialogue. */
export const conversations = pgTable(
  'conversations',
  {
    id: text('id').primaryKey(),
    platform: text('platform').notNull(),
    /** What the adapter needs to post there again (channel, thread, service URL, ...). */
    ref: jsonb('ref').$type<Record<string, unknown>>().notNull(),
    personId: text('person_id')
      .notNull()
      .references(() => persons.id, { onDelete: 'cascade' }),
    state: jsonb('state').$type<Record<string, unknown>>().notNull(),
    /** The ticket this conversation follows now: replies become its public comments. */
    ticketId: bigint('ticket_id', { mode: 'number' }).references(() => tickets.id),
    version: integer('version').notNull().default(1),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [index().on(t.personId, t.updatedAt)],
);

/** What was said in a conversation, both ways, so any instance or a reloaded page can show it. */
export const conversationMessages = pgTable(
  'conversation_messages',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    conversationId: text('conversation_id')
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    direction: text('direction').notNull(),
    message: jsonb('message').$type<Record<string, unknown>>().notNull(),
    at: ts('at').notNull(),
  },
  (t) => [index().on(t.conversationId, t.id)],
);

/** Inbound platform deliveries, unique per (platform, delivery id): a retried delivery changes nothing. */
export const inbox = pgTable(
  'inbox',
  {
    platform: text('platform').notNull(),
    deliveryId: text('delivery_id').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    receivedAt: ts('received_at').notNull(),
    processedAt: ts('processed_at'),
    /**
     * Arrival order across instances: the turns of a conversation run in this order. Rows from before
     * it are null, and older than any row with one.
     */
    seq: bigint('seq', { mode: 'number' }).default(sql`nextval('inbox_seq')`),
    conversationId: text('conversation_id'),
    /** Turns of this delivery that failed; at the limit it is set aside (processed, its error kept). */
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
  },
  (t) => [
    primaryKey({ columns: [t.platform, t.deliveryId] }),
    // Retention removes the oldest processed deliveries (src/core/housekeeping).
    index('inbox_received_idx').on(t.receivedAt),
    index('inbox_unprocessed_idx').on(t.receivedAt).where(sql`processed_at IS NULL`),
    // A conversation's deliveries still to process, in arrival order (the turn lease reads them).
    index('inbox_pending_turns_idx').on(t.conversationId, t.seq).where(sql`processed_at IS NULL`),
  ],
);
