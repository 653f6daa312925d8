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
    if (!isAllowedFileUrl(file.url, origins)) throw new Error('not a Discord attachment URL');
    // No redirects: one could lead off the allowed origins.
    const res = await fetch(file.url, { redirect: 'error', signal: AbortSignal.timeout(TIMEOUT_MS) });
    if (!res.ok || !res.body) {
      await res.body?.cancel();
      throw new Error(`Discord answered ${res.status} for an attachment`);
    }
    if (Number(res.headers.get('content-length') ?? 0) > maxBytes) {
      await res.body.cancel();
      throw new Error('attachment larger than allowed');
    }
    const chunks: Uint8Array[] = [];
    let total = 0;
    const reader = res.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) {
        await reader.cancel();
        throw new Error('attachment larger than allowed');
      }
      chunks.push(value);
    }
    return Buffer.concat(chunks);
  };
}
