import type { Message } from 'discord.js';
import type { InboundFile } from '../../src/ports/message.types.js';

/** Media types by extension, for an attachment Discord gives none (it leaves unknown kinds untyped). */
const BY_EXTENSION: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  pdf: 'application/pdf',
  txt: 'text/plain',
  log: 'text/plain',
  csv: 'text/csv',
  zip: 'application/zip',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
};

/** A media type from a file name's extension; unknown ones are opaque bytes (the desk refuses them). */
export function typeFromName(name: string): string {
  const ext = /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase() ?? '';
  return BY_EXTENSION[ext] ?? 'application/octet-stream';
}

/** The files of a gateway message, as the core takes them (fetched later, only if the turn keeps them). */
export function filesOf(m: Message): InboundFile[] {
  return [...m.attachments.values()].map((a) => ({
    name: a.name,
    // Discord sends e.g. "text/plain; charset=utf-8": the desk checks the bare media type.
    contentType: a.contentType?.split(';')[0]?.trim().toLowerCase() || typeFromName(a.name),
    size: a.size,
    url: a.url,
  }));
}
