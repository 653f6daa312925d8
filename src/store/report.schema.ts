import { sql } from 'drizzle-orm';
import { bigint, date, integer, jsonb, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { ts } from './schema.js';

/**
 * Reports read one row per day and department (and request type) instead of a million tickets. A day is
 * rolled up once it is over: what it counts never changes afterwards (tickets created, transitions into
 * a done status, SLA clocks stopped, surveys answered, KB events are all written once), so a rolled-up
 * day is final; the current day is counted live with the same query.
 */
export const reportDays = pgTable(
  'report_days',
  {
    day: date('day').notNull(),
    department: text('department').notNull(),
    requestType: text('request_type').notNull(),
    created: integer('created').notNull().default(0),
    /** Transitions into a done status that day (a reopened and resolved again ticket counts twice). */
    resolved: integer('resolved').notNull().default(0),
    /** Surveys answered that day, by rating 1 to 5. */
    csat: integer('csat').array().notNull().default(sql`'{0,0,0,0,0}'`),
  },
  (t) => [primaryKey({ columns: [t.day, t.department, t.requestType] })],
);

/** SLA clocks stopped that day, per department, metric and goal: how many met and breached. */
export const reportSlaDays = pgTable(
  'report_sla_days',
  {
    day: date('day').notNull(),
    department: text('department').notNull(),
    metric: text('metric').notNull(),
    /** -1 for clocks without a target. */
    goalMs: bigint('goal_ms', { mode: 'number' }).notNull(),
    met: integer('met').notNull(),
    breached: integer('breached').notNull(),
  },
  (t) => [primaryKey({ columns: [t.day, t.department, t.metric, t.goalMs] })],
);

/**
 * The business time those clocks took, per department and metric (one row, whatever the goals): a sum
 * for means, and log buckets 10% wide -> count for medians over any range, within 5%.
 */
export const reportTimeDays = pgTable(
  'report_time_days',
  {
    day: date('day').notNull(),
    department: text('department').notNull(),
    metric: text('metric').notNull(),
    count: integer('count').notNull(),
    sumMs: bigint('sum_ms', { mode: 'number' }).notNull(),
    histogram: jsonb('histogram').$type<Record<string, number>>().notNull(),
  },
  (t) => [primaryKey({ columns: [t.day, t.department, t.metric] })],
);

/** Knowledge-base events per day: suggestions shown, solved, not solved, searches that found nothing. */
export const reportKbDays = pgTable('report_kb_days', {
  day: date('day').primaryKey(),
  shown: integer('shown').notNull(),
  solved: integer('solved').notNull(),
  notSolved: integer('not_solved').notNull(),
  noResults: integer('no_results').notNull(),
});

/** The days rolled up (all four tables at once). */
export const reportRollups = pgTable('report_rollups', {
  day: date('day').primaryKey(),
  at: ts('at').notNull(),
});
