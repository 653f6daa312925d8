/** A file attached to a ticket, as stored; `commentId` null while it waits for the comment it goes with. */
export interface AttachmentRecord {
  id: string;
  ticketId: number;
  commentId: number | null;
  uploaderId: string;
  name: string;
  contentType: string;
  size: number;
  sha256: string;
  createdAt: Date;
}

/** An attachment with the visibility of its comment (null while not yet sent with one). */
export interface AttachmentEntry extends AttachmentRecord {
  internal: boolean | null;
}

export interface AttachmentStore {
  /** Keeps the bytes, then the record (a failure between leaves bytes no record names, never the reverse). */
  add(record: AttachmentRecord, bytes: Buffer): Promise<void>;
  get(id: string): Promise<AttachmentEntry | null>;
  bytes(id: string): Promise<Buffer | null>;
  /** The ticket's attachments sent with comments, in thread order; internal notes' only when asked. */
  ofTicket(ticketId: number, includeInternal: boolean): Promise<AttachmentEntry[]>;
  byIds(ids: string[]): Promise<AttachmentEntry[]>;
  /** Removes uploads never sent with a comment and made before `before` (at most `limit`); how many. */
  removeUnsent(before: Date, limit: number): Promise<number>;
}

/** Where the bytes live: files under DATA_DIR on the embedded default, a table on a server. */
export interface BlobStore {
  put(id: string, bytes: Buffer): Promise<void>;
  get(id: string): Promise<Buffer | null>;
  remove(ids: string[]): Promise<void>;
}
