import { sql } from 'drizzle-orm';
import { type AnyPgColumn, bigserial, index, integer, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { persons, ts } from './schema.js';

const emptyList = sql`'{}'::text[]`;

/** Knowledge-base articles in one page tree: children of a parent are ordered by position. */
export const kbArticles = pgTable(
  'kb_articles',
  {
    id: text('id').primaryKey(),
    slug: text('slug').notNull().unique(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    template: text('template').notNull(),
    labels: text('labels').array().notNull().default(emptyList),
    /** Questions this article answers, in people's words (JSM's and Confluence's "questions"): searched first. */
    questions: text('questions').array().notNull().default(emptyList),
    parentId: text('parent_id').references((): AnyPgColumn => kbArticles.id),
    position: integer('position').notNull().default(0),
    status: text('status').notNull(),
    /** Content version: bumped by each edit of title, body or labels; the version rows keep each one. */
    version: integer('version').notNull().default(1),
    /** Hash of the seed file this article was last imported from; null once the app changed it. */
    seedHash: text('seed_hash'),
    createdBy: text('created_by').references(() => persons.id, { onDelete: 'set null' }),
    createdAt: ts('created_at').notNull(),
    updatedBy: text('updated_by').references(() => persons.id, { onDelete: 'set null' }),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [index().on(t.parentId, t.position)],
);

/** Every content version of an article, version 1 included. */
export const kbVersions = pgTable(
  'kb_versions',
  {
    articleId: text('article_id')
      .notNull()
      .references(() => kbArticles.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    labels: text('labels').array().notNull().default(emptyList),
    questions: text('questions').array().notNull().default(emptyList),
    authorId: text('author_id').references(() => persons.id, { onDelete: 'set null' }),
    at: ts('at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.articleId, t.version] })],
);

/** What people did with articles (suggested, opened, solved, searched in vain), for reports. */
export const kbEvents = pgTable(
  'kb_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    type: text('type').notNull(),
    // Slugs, not ids: reports read them as people do, and an event outlives nothing it names.
    slugs: text('slugs').array().notNull().default(emptyList),
    query: text('query'),
    personId: text('person_id'),
    conversationId: text('conversation_id'),
    at: ts('at').notNull(),
  },
  (t) => [index().on(t.type, t.at)],
);
