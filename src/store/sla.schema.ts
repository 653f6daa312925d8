import { sql } from 'drizzle-orm';
import { bigint, boolean, index, integer, jsonb, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { tickets, ts } from './schema.js';

/** One cycle of one SLA clock of a ticket, as last computed: deadlines live here, not in the scheduler. */
export const slaClocks = pgTable(
  'sla_clocks',
  {
    ticketId: bigint('ticket_id', { mode: 'number' })
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    metric: text('metric').notNull(),
    cycle: integer('cycle').notNull(),
    policy: text('policy').notNull(),
    calendar: text('calendar').notNull(),
    /** Null: no target. */
    goalMs: bigint('goal_ms', { mode: 'number' }),
    elapsedMs: bigint('elapsed_ms', { mode: 'number' }).notNull(),
    startedAt: ts('started_at').notNull(),
    stoppedAt: ts('stopped_at'),
    paused: boolean('paused').notNull().default(false),
    /** 'met' or 'breached' once stopped; null while running. */
    result: text('result'),
    breached: boolean('breached').notNull().default(false),
    dueAt: ts('due_at'),
    nearBreachAt: ts('near_breach_at'),
    /** The clock's event log: started, paused and why, resumed, stopped, near breach, breached. */
    log: jsonb('log').$type<Record<string, unknown>[]>().notNull(),
    updatedAt: ts('updated_at').notNull(),
    /** The instant a scheduler job was last set for (the next threshold); a recompute sets another only when it moves. */
    timerAt: ts('timer_at'),
  },
  (t) => [
    primaryKey({ columns: [t.ticketId, t.metric, t.cycle] }),
    index('sla_clocks_running_due_idx').on(t.dueAt).where(sql`stopped_at IS NULL`),
    index('sla_clocks_running_near_idx').on(t.nearBreachAt).where(sql`stopped_at IS NULL`),
    // Reports roll up the clocks stopped each day.
    index('sla_clocks_stopped_at_idx').on(t.stoppedAt).where(sql`stopped_at IS NOT NULL`),
  ],
);

/**
 * The ping ledger: one row per (ticket, metric, cycle, threshold). Inserting first makes each ping
 * happen once, however many instances, retries or restarts fire the same threshold.
 */
export const slaPings = pgTable(
  'sla_pings',
  {
    ticketId: bigint('ticket_id', { mode: 'number' })
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    metric: text('metric').notNull(),
    cycle: integer('cycle').notNull(),
    /** 'near_breach' or 'breached'. */
    threshold: text('threshold').notNull(),
    firedAt: ts('fired_at').notNull(),
    /** When the threshold was due; lateness = fired_at - due_at. */
    dueAt: ts('due_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.ticketId, t.metric, t.cycle, t.threshold] })],
);
