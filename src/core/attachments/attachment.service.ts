import { createHash, randomUUID } from 'node:crypto';
import type { AttachmentsConfig } from '../../config/attachments.schema.js';
import type { AttachmentEntry } from '../../ports/attachment-store.port.js';
import type { Clock } from '../../ports/clock.port.js';
import type { Person, Store, TicketRecord } from '../../ports/store.port.js';
import { NotFoundError, ValidationError } from '../errors.js';
import { drainBatches } from '../housekeeping/retention.service.js';
import { canWork } from '../identity/access.policy.js';
import { loadVisible } from '../tickets/ticket.reader.js';
import { contentProblem, fileName, INLINE_TYPES } from './file.check.js';

/** How long an upload waits for the comment it goes with. */
const UNSENT_KEPT_MS = 24 * 3_600_000;

/** At most this many files go with one comment. */
export const MAX_FILES_PER_COMMENT = 10;

/** A file being attached: what the person called it, what it says it is, and its bytes. */
export interface IncomingFile {
  name: string;
  contentType: string;
  bytes: Buffer;
}

/** An attachment as its readers see it. */
export interface AttachmentView {
  id: string;
  name: string;
  contentType: string;
  size: number;
  /** A picture the page may show in place; other files are downloads. */
  inline: boolean;
  url: string;
}

/**
 * Files on tickets: uploaded by whoever may see the ticket (checked against the desk's size and type
 * limits, and pictures and PDFs against their own first bytes), sent with a comment, and read by whoever
 * may read that comment: an internal note's files never reach the requester.
 */
export class AttachmentService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly limits: AttachmentsConfig,
  ) {}

  /** Keeps a file on the ticket, waiting for the comment it goes with. */
  async upload(actor: Person, key: string, file: IncomingFile): Promise<AttachmentView> {
    const ticket = await loadVisible(this.store, actor, key);
    const contentType = file.contentType.split(';')[0]!.trim().toLowerCase();
    const max = Math.round(this.limits.maxMegabytes * 1024 * 1024);
    if (file.bytes.length === 0) throw new ValidationError('The file is empty', { file: 'is empty' });
    if (file.bytes.length > max)
      throw new ValidationError('The file is too large', {
        file: `must be at most ${this.limits.maxMegabytes} MB`,
      });
    if (!this.limits.types.includes(contentType))
      throw new ValidationError('This kind of file is not taken', {
        file: `must be one of: ${this.limits.types.join(', ')}; got ${contentType || 'no type'}`,
      });
    const problem = contentProblem(contentType, file.bytes);
    if (problem) throw new ValidationError('The file is not what it says', { file: problem });
    const record = {
      id: randomUUID(),
      ticketId: ticket.id,
      commentId: null,
      uploaderId: actor.id,
      name: fileName(file.name),
      contentType,
      size: file.bytes.length,
      sha256: createHash('sha256').update(file.bytes).digest('hex'),
      createdAt: this.clock.now(),
    };
    await this.store.attachments.add(record, file.bytes);
    return view(ticket.key, record);
  }

  /**
   * The ids a comment is sent with, checked: the author's own uploads to this ticket, not sent yet. The
   * store checks again as it writes (a second send of the same file at once fails there).
   */
  async claimable(actor: Person, ticket: TicketRecord, ids: string[]): Promise<AttachmentEntry[]> {
    const wanted = [...new Set(ids)];
    if (wanted.length > MAX_FILES_PER_COMMENT)
      throw new ValidationError('Too many files', {
        attachments: `at most ${MAX_FILES_PER_COMMENT} per comment`,
      });
    const found = new Map((await this.store.attachments.byIds(wanted)).map((a) => [a.id, a]));
    for (const id of wanted) {
      const a = found.get(id);
      if (!a || a.ticketId !== ticket.id || a.uploaderId !== actor.id)
        throw new ValidationError('Unknown attachment', {
          attachments: `${id} is not your upload to ${ticket.key}`,
        });
      if (a.commentId !== null)
        throw new ValidationError('Attachment sent already', { attachments: `${a.name} was sent already` });
    }
    return wanted.map((id) => found.get(id)!);
  }

  /** The files of the ticket's comments the person may read, by comment. */
  async byComment(actor: Person, ticket: TicketRecord): Promise<Map<number, AttachmentView[]>> {
    const out = new Map<number, AttachmentView[]>();
    for (const a of await this.store.attachments.ofTicket(ticket.id, canWork(actor, ticket))) {
      const list = out.get(a.commentId!) ?? [];
      list.push(view(ticket.key, a));
      out.set(a.commentId!, list);
    }
    return out;
  }

  /** One file's bytes, for whoever may read its comment (or its uploader, before it is sent). */
  async read(actor: Person, key: string, id: string): Promise<{ file: AttachmentView; bytes: Buffer }> {
    const ticket = await loadVisible(this.store, actor, key);
    const a = await this.store.attachments.get(id);
    if (!a || a.ticketId !== ticket.id || !this.mayRead(actor, ticket, a))
      throw new NotFoundError(`No attachment ${id} on ${ticket.key} that you can see`);
    const bytes = await this.store.attachments.bytes(id);
    if (!bytes) throw new NotFoundError(`The file of attachment ${id} is missing`);
    return { file: view(ticket.key, a), bytes };
  }

  /** Uploads never sent with a comment within a day are removed, bytes and all (an hourly job). */
  async sweep(): Promise<number> {
    const before = new Date(this.clock.now().getTime() - UNSENT_KEPT_MS);
    // 500 at a time: each batch removes files' bytes too.
    return drainBatches((n) => this.store.attachments.removeUnsent(before, n), 500);
  }

  private mayRead(actor: Person, ticket: TicketRecord, a: AttachmentEntry): boolean {
    if (a.commentId === null) return a.uploaderId === actor.id;
    return a.internal === false || canWork(actor, ticket);
  }
}

function view(
  key: string,
  a: { id: string; name: string; contentType: string; size: number },
): AttachmentView {
  return {
    id: a.id,
    name: a.name,
    contentType: a.contentType,
    size: a.size,
    inline: INLINE_TYPES.includes(a.contentType),
    url: `/api/v1/tickets/${key}/attachments/${a.id}`,
  };
}
