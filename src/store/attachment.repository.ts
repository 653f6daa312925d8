import { and, asc, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import type {
  AttachmentEntry,
  AttachmentRecord,
  AttachmentStore,
  BlobStore,
} from '../ports/attachment-store.port.js';
import { attachments } from './attachment.schema.js';
import type { Db } from './database.js';
import { comments } from './schema.js';

const entry = {
  id: attachments.id,
  ticketId: attachments.ticketId,
  commentId: attachments.commentId,
  uploaderId: attachments.uploaderId,
  name: attachments.name,
  contentType: attachments.contentType,
  size: attachments.size,
  sha256: attachments.sha256,
  createdAt: attachments.createdAt,
  internal: comments.internal,
};

export class AttachmentRepository implements AttachmentStore {
  constructor(
    private readonly db: Db,
    private readonly blobs: BlobStore,
  ) {}

  async add(record: AttachmentRecord, bytes: Buffer): Promise<void> {
    await this.blobs.put(record.id, bytes);
    await this.db.insert(attachments).values(record);
  }

  async get(id: string): Promise<AttachmentEntry | null> {
    const [row] = await this.select().where(eq(attachments.id, id));
    return row ?? null;
  }

  bytes(id: string): Promise<Buffer | null> {
    return this.blobs.get(id);
  }

  ofTicket(ticketId: number, includeInternal: boolean): Promise<AttachmentEntry[]> {
    const where = [eq(attachments.ticketId, ticketId), isNotNull(attachments.commentId)];
    if (!includeInternal) where.push(eq(comments.internal, false));
    return this.select()
      .where(and(...where))
      .orderBy(asc(attachments.commentId), asc(attachments.createdAt), asc(attachments.id));
  }

  async byIds(ids: string[]): Promise<AttachmentEntry[]> {
    if (ids.length === 0) return [];
    return this.select().where(inArray(attachments.id, ids));
  }

  async removeUnsent(before: Date, limit: number): Promise<number> {
    // The rows first, claimed in one statement (a comment sending one meanwhile keeps it), then the bytes.
    const gone = await this.db.execute(sql`DELETE FROM attachments WHERE id IN (
      SELECT id FROM attachments WHERE comment_id IS NULL AND created_at < ${before.toISOString()}::timestamptz
      LIMIT ${limit}) AND comment_id IS NULL RETURNING id`);
    const ids = (gone as unknown as { rows: { id: string }[] }).rows.map((r) => r.id);
    await this.blobs.remove(ids);
    return ids.length;
  }

  private select() {
    return this.db.select(entry).from(attachments).leftJoin(comments, eq(comments.id, attachments.commentId));
  }
}
