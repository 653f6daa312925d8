import type { FileFetcher } from '../../ports/channel-adapter.port.js';
import type { InboundFile } from '../../ports/message.types.js';
import type { Person } from '../../ports/store.port.js';
import { DomainError } from '../errors.js';
import type { AttachmentService } from './attachment.service.js';
import { sniffedType } from './file.check.js';

/** Files sent in chat, kept on a ticket: what was kept (ids) and, in words, what was not and why. */
export interface KeptFiles {
  ids: string[];
  refused: string[];
}

/**
 * Files people send in a chat message, onto the ticket the message is about: each platform's fetcher
 * brings the bytes, and the attachment service keeps them under the same limits as an upload.
 */
export class ChatFiles {
  private readonly fetchers = new Map<string, FileFetcher>();

  constructor(
    private readonly attachments: AttachmentService,
    private readonly maxBytes: () => number,
  ) {}

  register(platform: string, fetcher: FileFetcher): void {
    this.fetchers.set(platform, fetcher);
  }

  async keep(person: Person, ticketKey: string, platform: string, files: InboundFile[]): Promise<KeptFiles> {
    const kept: KeptFiles = { ids: [], refused: [] };
    const fetch = this.fetchers.get(platform);
    for (const file of files) {
      if (!fetch) {
        kept.refused.push(`${file.name}: files from ${platform} are not taken`);
        continue;
      }
      // Too large by what the platform says: not fetched at all.
      if (file.size !== undefined && file.size > this.maxBytes()) {
        kept.refused.push(`${file.name}: larger than the desk takes`);
        continue;
      }
      let bytes: Buffer;
      try {
        bytes = await fetch(file, this.maxBytes());
      } catch {
        // The platform did not give it (gone, or down): the words still go, the file is named as missing.
        kept.refused.push(`${file.name}: could not be fetched from ${platform}`);
        continue;
      }
      try {
        // A platform's type is a guess where it gives none (a pasted picture): the bytes say better.
        const saved = await this.attachments.upload(person, ticketKey, {
          name: file.name,
          contentType: sniffedType(bytes) ?? file.contentType,
          bytes,
        });
        kept.ids.push(saved.id);
      } catch (err) {
        if (!(err instanceof DomainError)) throw err;
        const why =
          'fields' in err ? Object.values((err as { fields: Record<string, string> }).fields)[0] : null;
        kept.refused.push(`${file.name}: ${why ?? err.message}`);
      }
    }
    return kept;
  }
}
