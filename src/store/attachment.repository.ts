import { and, asc, eq, inArray, isNotNull } from 'drizzle-orm';
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

  private select() {
    return this.db.select(entry).from(attachments).leftJoin(comments, eq(comments.id, attachments.commentId));
  }
}
