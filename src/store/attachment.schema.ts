import { bigint, customType, index, integer, pgTable, text } from 'drizzle-orm/pg-core';
import { comments, persons, tickets, ts } from './schema.js';

/**
 * A file attached to a ticket. Uploaded first (no comment yet: only its uploader sees it), then claimed
 * by the comment it was sent with, in that comment's transaction; from then on it is seen by whoever
 * sees the comment (an internal note's files stay with the agents).
 */
export const attachments = pgTable(
  'attachments',
  {
    id: text('id').primaryKey(),
    ticketId: bigint('ticket_id', { mode: 'number' })
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    commentId: bigint('comment_id', { mode: 'number' }).references(() => comments.id, {
      onDelete: 'cascade',
    }),
    uploaderId: text('uploader_id')
      .notNull()
      .references(() => persons.id),
    name: text('name').notNull(),
    contentType: text('content_type').notNull(),
    size: integer('size').notNull(),
    sha256: text('sha256').notNull(),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [index().on(t.ticketId), index().on(t.commentId)],
);

const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' });

/** The files' bytes on a server deployment (the embedded default keeps them under DATA_DIR instead). */
export const attachmentBlobs = pgTable('attachment_blobs', {
  id: text('id').primaryKey(),
  bytes: bytea('bytes').notNull(),
});
