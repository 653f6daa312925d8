import type { Message } from 'discord.js';
import { typeFromName } from '../../src/http/file.types.js';
import type { InboundFile } from '../../src/ports/message.types.js';

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
