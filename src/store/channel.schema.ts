import { bigint, index, jsonb, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { tickets, ts } from './schema.js';

/**
 * Messages Deskbot posted on a platform that it must find again: a ticket's triage card (updated in
 * place on every change, its thread is the agents' room). Looked up by ticket, or by where it is.
 */
export const channelPosts = pgTable(
  'channel_posts',
  {
    platform: text('platform').notNull(),
    /** What the post is, e.g. 'triage_card'. */
    purpose: text('purpose').notNull(),
    ticketId: bigint('ticket_id', { mode: 'number' })
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    /** Workspace, team or tenant. */
    workspace: text('workspace').notNull().default(''),
    channel: text('channel').notNull(),
    /** The platform's message id (Slack ts, Discord snowflake, Teams activity id). */
    messageId: text('message_id').notNull(),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.platform, t.purpose, t.ticketId] }),
    index().on(t.platform, t.channel, t.messageId),
  ],
);

/**
 * What an adapter must remember to reach people and channels again after a restart, keyed per
 * workspace: Teams' service URL of a tenant, a Teams user's bot-framework id. Small, and written only
 * when it changes.
 */
export const channelRoutes = pgTable(
  'channel_routes',
  {
    platform: text('platform').notNull(),
    workspace: text('workspace').notNull(),
    key: text('key').notNull(),
    value: jsonb('value').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.platform, t.workspace, t.key] })],
);
