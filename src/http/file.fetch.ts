/** How one platform's file may be fetched: from where, with what headers, and how much of it. */
export interface FileFetchOptions {
  /** Whether the URL (and each redirect's) may be fetched: the platform's own hosts only. */
  allowed: (url: URL) => boolean;
  headers?: Record<string, string>;
  maxBytes: number;
  /** Redirects followed by hand, each checked with `allowed` (0: none). */
  maxRedirects?: number;
  timeoutMs?: number;
  /** A web page for an answer is a failure (Slack's sign-in page, when a scope is missing). */
  refuseHtml?: boolean;
}

/** A file not fetched because of where it is: its host is not one the platform serves files from. */
export class FileRefused extends Error {
  override name = 'FileRefused';
}

/**
 * The bytes of a file a chat platform serves (a message's attachment), for the adapters' fetchers.
 * The URL comes from the platform's payload, so it is fetched only where `allowed` says, and so is
 * every redirect (credentials never leave the platform); past `maxBytes` reading stops.
 */
export async function fetchPlatformFile(url: string, options: FileFetchOptions): Promise<Buffer> {
  const signal = AbortSignal.timeout(options.timeoutMs ?? 30_000);
  let at = new URL(url);
  for (let hop = 0; hop <= (options.maxRedirects ?? 3); hop++) {
    if (!options.allowed(at)) throw new FileRefused(`${at.host} is not where this file may come from`);
    const res = await fetch(at, { headers: options.headers, redirect: 'manual', signal });
    const location = res.headers.get('location');
    if (res.status >= 300 && res.status < 400 && location) {
      await res.body?.cancel();
      at = new URL(location, at);
      continue;
    }
    if (!res.ok || !res.body) {
      await res.body?.cancel();
      throw new Error(`the file answered HTTP ${res.status}`);
    }
    if (options.refuseHtml && /^text\/html\b/i.test(res.headers.get('content-type') ?? '')) {
      await res.body.cancel();
      throw new Error('the file answered a web page');
    }
    if (Number(res.headers.get('content-length') ?? 0) > options.maxBytes) {
      await res.body.cancel();
      throw new Error(`the file is larger than ${options.maxBytes} bytes`);
    }
    return readCapped(res.body, options.maxBytes);
  }
  throw new Error('too many redirects for a file');
}

/** The body, but no more than `maxBytes`: reading stops (and the connection is let go) past it. */
async function readCapped(body: ReadableStream<Uint8Array>, maxBytes: number): Promise<Buffer> {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return Buffer.concat(chunks);
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw new Error(`the file is larger than ${maxBytes} bytes`);
    }
    chunks.push(value);
  }
}
