import type { Logger } from 'pino';
import { fetchPlatformFile } from '../../src/http/file.fetch.js';
import type { FileFetcher } from '../../src/ports/channel-adapter.port.js';

/** Where Slack serves url_private(_download) files; the configured Web API origin is allowed too. */
const FILES_ORIGIN = 'https://files.slack.com';
const DEFAULT_API_URL = 'https://slack.com/api/';
const TIMEOUT_MS = 30_000;
const MAX_REDIRECTS = 3;

export interface SlackFileOptions {
  botToken: string;
  apiUrl?: string;
  logger: Logger;
  timeoutMs?: number;
}

/**
 * The bytes of a file sent in Slack, fetched with the bot token. The token goes only to Slack's own
 * origins (a message's file URL is data from the payload, so anything else is refused unfetched), and
 * redirects are followed by hand so they cannot lead it elsewhere either.
 */
export function slackFileFetcher(options: SlackFileOptions): FileFetcher {
  const allowed = new Set([FILES_ORIGIN, new URL(options.apiUrl ?? DEFAULT_API_URL).origin]);
  const timeoutMs = options.timeoutMs ?? TIMEOUT_MS;

  return async (file, maxBytes) => {
    try {
      return await fetchPlatformFile(file.url, {
        allowed: (u) => allowed.has(u.origin),
        headers: { authorization: `Bearer ${options.botToken}` },
        maxBytes,
        maxRedirects: MAX_REDIRECTS,
        timeoutMs,
        // Without files:read Slack answers its sign-in page with a 200.
        refuseHtml: true,
      });
    } catch (err) {
      // The core names the file as not fetched; the reason is for the operator (never the token).
      options.logger.warn(
        { file: file.name, reason: err instanceof Error ? err.message : String(err) },
        'slack file not fetched',
      );
      throw err;
    }
  };
}
