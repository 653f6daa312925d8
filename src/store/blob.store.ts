import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { eq, inArray } from 'drizzle-orm';
import type { BlobStore } from '../ports/attachment-store.port.js';
import { attachmentBlobs } from './attachment.schema.js';
import type { Db } from './database.js';

const ID = /^[0-9a-f-]{36}$/;

/**
 * Files under `<DATA_DIR>/attachments` (the embedded default): one file per attachment, named by its
 * uuid only (never by what the uploader called it), written to a temporary name and renamed into place.
 */
export function fileBlobs(dataDir: string): BlobStore {
  const dir = join(dataDir, 'attachments');
  const path = (id: string) => {
    if (!ID.test(id)) throw new Error(`not an attachment id: ${id}`);
    return join(dir, id);
  };
  return {
    async put(id, bytes) {
      await mkdir(dir, { recursive: true });
      const tmp = `${path(id)}.part`;
      await writeFile(tmp, bytes);
      await rename(tmp, path(id));
    },
    async remove(ids) {
      await Promise.all(ids.map((id) => rm(path(id), { force: true })));
    },
    async get(id) {
      try {
        return await readFile(path(id));
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw err;
      }
    },
  };
}

/** Rows of attachment_blobs (a server deployment: every instance reads the same files, one backup). */
export function databaseBlobs(db: Db): BlobStore {
  return {
    async put(id, bytes) {
      await db.insert(attachmentBlobs).values({ id, bytes }).onConflictDoNothing();
    },
    async remove(ids) {
      if (ids.length) await db.delete(attachmentBlobs).where(inArray(attachmentBlobs.id, ids));
    },
    async get(id) {
      const [row] = await db.select().from(attachmentBlobs).where(eq(attachmentBlobs.id, id));
      return row ? Buffer.from(row.bytes) : null;
    },
  };
}
