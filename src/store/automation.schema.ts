import { sql } from 'drizzle-orm';
import { bigint, index, integer, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { persons, tickets, ts } from './schema.js';

/**
 * Each firing of a rule on a ticket, written in the transaction of the change the rule makes: a trigger
 * (an outbox row, an idle timer, a schedule tick) makes a rule act on a ticket once, however often the
 * outbox or the sweep hands it over again.
 */
export const ruleRuns = pgTable(
  'rule_runs',
  {
    ruleId: text('rule_id').notNull(),
    ticketId: bigint('ticket_id', { mode: 'number' }).notNull(),
    trigger: text('trigger').notNull(),
    at: ts('at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.ruleId, t.ticketId, t.trigger] })],
);

/**
 * When an idle rule fires for a ticket: `since` is when the ticket entered the status it waits in, so a
 * ticket that moves on and comes back gets a new timer, and the old one finds it moved and does nothing.
 */
export const automationTimers = pgTable(
  'automation_timers',
  {
    ticketId: bigint('ticket_id', { mode: 'number' })
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    ruleId: text('rule_id').notNull(),
    since: ts('since').notNull(),
    dueAt: ts('due_at').notNull(),
    /** pending, done (fired or found obsolete). */
    state: text('state').notNull().default('pending'),
  },
  (t) => [
    primaryKey({ columns: [t.ticketId, t.ruleId, t.since] }),
    index('automation_timers_due_idx').on(t.dueAt).where(sql`state = 'pending'`),
  ],
);

/** Small named values rules keep between firings: the last agent of a round-robin, a schedule's last run. */
export const automationCursors = pgTable('automation_cursors', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  updatedAt: ts('updated_at').notNull(),
});

/** One satisfaction survey per resolution of a ticket; answered once. */
export const surveys = pgTable(
  'surveys',
  {
    ticketId: bigint('ticket_id', { mode: 'number' })
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    /** The ticket's resolution this survey asks about (1 for the first, 2 after a reopen, ...). */
    round: integer('round').notNull(),
    requesterId: text('requester_id')
      .notNull()
      .references(() => persons.id, { onDelete: 'cascade' }),
    department: text('department').notNull(),
    /** For the link in an email, which has no signed-in person: a random, unguessable token. */
    token: text('token').notNull().unique(),
    /** What sent it (the outbox row): a retried delivery finds the survey it opened, not a new round. */
    source: text('source').notNull().unique(),
    sentAt: ts('sent_at').notNull(),
    rating: integer('rating'),
    comment: text('comment'),
    answeredAt: ts('answered_at'),
  },
  (t) => [
    primaryKey({ columns: [t.ticketId, t.round] }),
    // Reports roll up the surveys answered each day.
    index('surveys_answered_at_idx').on(t.answeredAt).where(sql`answered_at IS NOT NULL`),
  ],
);
