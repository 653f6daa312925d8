import type { Logger } from 'pino';
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
      return await fetchAllowed(file.url, maxBytes, allowed, options.botToken, timeoutMs);
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

async function fetchAllowed(
  url: string,
  maxBytes: number,
  allowed: Set<string>,
  token: string,
  timeoutMs: number,
): Promise<Buffer> {
  const signal = AbortSignal.timeout(timeoutMs);
  let at = url;
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    const target = new URL(at);
    if (!allowed.has(target.origin)) throw new Error(`not a Slack file host: ${target.origin}`);
    const res = await fetch(target, {
      headers: { authorization: `Bearer ${token}` },
      redirect: 'manual',
      signal,
    });
    const location = res.headers.get('location');
    if (res.status >= 300 && res.status < 400 && location) {
      await res.body?.cancel();
      at = new URL(location, target).href;
      continue;
    }
    if (!res.ok) {
      await res.body?.cancel();
      throw new Error(`Slack answered ${res.status}`);
    }
    // Without files:read Slack answers its sign-in page with a 200.
    if (/^text\/html\b/i.test(res.headers.get('content-type') ?? '')) {
      await res.body?.cancel();
      throw new Error('Slack answered a web page (does the app have the files:read scope?)');
    }
    return readAtMost(res, maxBytes);
  }
  throw new Error('too many redirects');
}

/** The body, or an error as soon as more than `maxBytes` arrive (the rest is never read). */
async function readAtMost(res: Response, maxBytes: number): Promise<Buffer> {
  const declared = Number(res.headers.get('content-length') ?? Number.NaN);
  if (declared > maxBytes) {
    await res.body?.cancel();
    throw new Error(`larger than ${maxBytes} bytes`);
  }
  if (!res.body) return Buffer.alloc(0);
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw new Error(`larger than ${maxBytes} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}
