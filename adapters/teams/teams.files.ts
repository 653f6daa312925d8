import type { Activity, Attachment } from 'botbuilder';
import { EXTENSION_TYPES, typeOfExtension } from '../../src/http/file.types.js';
import type { InboundFile } from '../../src/ports/message.types.js';

/** How Teams hands a bot a file sent in a personal chat: a pre-authenticated SharePoint download URL. */
export const DOWNLOAD_INFO = 'application/vnd.microsoft.teams.file.download.info';

/**
 * Where a file's bytes are and how they are fetched: a SharePoint download without a token, or the
 * Bot Connector (an inline image) with the bot's token, only at the activity's own service URL.
 */
export type FileSource = { kind: 'download' } | { kind: 'connector'; origin: string };

export interface TeamsFile {
  file: InboundFile;
  source: FileSource;
}

/**
 * The files of a message activity. Cards (application/vnd.microsoft.card.*) and text/html (the message's
 * own formatting) are not files; anything else without a URL is left out.
 */
export function filesOf(activity: Activity): TeamsFile[] {
  const found: TeamsFile[] = [];
  const images = (activity.attachments ?? []).filter((a) => isImage(a)).length;
  for (const a of Array.isArray(activity.attachments) ? activity.attachments : []) {
    if (!a || typeof a !== 'object' || typeof a.contentType !== 'string') continue;
    if (a.contentType === DOWNLOAD_INFO) {
      const content = (a.content ?? {}) as { downloadUrl?: unknown; fileType?: unknown };
      if (typeof content.downloadUrl !== 'string') continue;
      const name = typeof a.name === 'string' && a.name ? a.name : 'file';
      const type = typeOfExtension(
        typeof content.fileType === 'string' ? content.fileType : extensionOf(name),
      );
      found.push({
        file: { name, contentType: type, url: content.downloadUrl },
        source: { kind: 'download' },
      });
    } else if (isImage(a) && typeof a.contentUrl === 'string') {
      const n = found.filter((f) => f.source.kind === 'connector').length + 1;
      const file = inlineImage(a, images > 1 ? `image-${n}` : 'image');
      found.push({
        file: { ...file, url: a.contentUrl },
        source: { kind: 'connector', origin: originOf(activity.serviceUrl) },
      });
    }
  }
  return found;
}

/**
 * An inline image: Teams types it `image/*` and names it rarely. Without a name the type is a guess of
 * PNG (pasted screenshots); the core checks the bytes, so a JPEG guessed as PNG is refused, not mislabelled.
 */
function inlineImage(a: Attachment, fallback: string): Omit<InboundFile, 'url'> {
  const named = typeof a.name === 'string' && a.name ? a.name : '';
  const concrete = a.contentType !== 'image/*' ? a.contentType : typeOfExtension(extensionOf(named));
  const contentType = concrete.startsWith('image/') ? concrete : 'image/png';
  const ext = Object.entries(EXTENSION_TYPES).find(([, t]) => t === contentType)?.[0] ?? 'png';
  return { name: named || `${fallback}.${ext}`, contentType };
}

function isImage(a: Attachment | undefined): boolean {
  return typeof a?.contentType === 'string' && a.contentType.startsWith('image/');
}

function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1) : '';
}

/** A URL's origin, or '' when it is none (compared, never fetched). */
export function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return '';
  }
}
