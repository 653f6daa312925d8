import { fetchPlatformFile } from '../../src/http/file.fetch.js';
import type { FileFetcher } from '../../src/ports/channel-adapter.port.js';

/** Where Discord serves attachments: signed CDN URLs, fetched without the bot token. */
export const DISCORD_FILE_ORIGINS = ['https://cdn.discordapp.com', 'https://media.discordapp.net'];

const TIMEOUT_MS = 30_000;

/** Whether a file URL is on one of the origins (exact scheme, host and port; never a look-alike host). */
export function isAllowedFileUrl(url: string, origins: readonly string[]): boolean {
  try {
    return origins.includes(new URL(url).origin);
  } catch {
    return false;
  }
}

/**
 * Fetches a Discord attachment's bytes from the given origins only: Discord's CDN, plus exactly the
 * origin of DISCORD_API_URL when one is set (a fake Discord in tests). Stops reading past `maxBytes`.
 */
export function discordFileFetcher(origins: readonly string[]): FileFetcher {
  return async (file, maxBytes) => {
    // No redirects: one could lead off the allowed origins.
    return fetchPlatformFile(file.url, {
      allowed: (u) => isAllowedFileUrl(u.href, origins),
      maxBytes,
      maxRedirects: 0,
      timeoutMs: TIMEOUT_MS,
    });
  };
}
