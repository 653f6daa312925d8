import { bigint, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { tickets, ts } from './schema.js';

/**
 * Each approver's answer in one approval round of a ticket (`since`: when it entered the approval status),
 * for requests that all approvers must approve; a second answer from the same approver is refused here.
 */
export const approvals = pgTable(
  'approvals',
  {
    ticketId: bigint('ticket_id', { mode: 'number' })
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    since: ts('since').notNull(),
    approverId: text('approver_id').notNull(),
    decision: text('decision').notNull(),
    at: ts('at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.ticketId, t.since, t.approverId] })],
);
