import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** An attachment as MESSAGE_CREATE carries it. */
export interface DiscordAttachment {
  id: string;
  filename: string;
  content_type?: string;
  size: number;
  url: string;
  proxy_url: string;
}

interface Held {
  bytes: Buffer;
  contentType: string;
  /** The URL's signature (Discord's `hm`): a URL without the right one is not served. */
  hm: string;
}

/**
 * Discord's attachment CDN, on the fake's own origin: `/attachments/{channel}/{id}/{filename}` with
 * signed query parameters (`ex`, `is`, `hm`), served without any token as Discord does.
 */
export class FakeDiscordCdn {
  private readonly files = new Map<string, Held>();

  constructor(private readonly base: () => string) {}

  /** Holds a file and describes it as Discord would; `size` may be set to lie about it. */
  add(
    channelId: string,
    id: string,
    filename: string,
    bytes: Buffer,
    options: { contentType?: string | null; size?: number } = {},
  ): DiscordAttachment {
    const path = `/attachments/${channelId}/${id}/${encodeURIComponent(filename)}`;
    const hm = randomBytes(16).toString('hex');
    const contentType = options.contentType === undefined ? 'application/octet-stream' : options.contentType;
    this.files.set(path, { bytes, contentType: contentType ?? 'application/octet-stream', hm });
    const ex = Math.floor(Date.now() / 1000 + 86_400).toString(16);
    const query = `?ex=${ex}&is=${ex}&hm=${hm}&`;
    return {
      id,
      filename,
      ...(contentType === null ? {} : { content_type: contentType }),
      size: options.size ?? bytes.length,
      url: `${this.base()}${path}${query}`,
      proxy_url: `${this.base()}${path}${query}`,
    };
  }

  /** Answers a GET under /attachments/ (true), or leaves the request to the REST API (false). */
  serve(req: IncomingMessage, res: ServerResponse, url: URL): boolean {
    if (req.method !== 'GET' || !url.pathname.startsWith('/attachments/')) return false;
    const held = this.files.get(url.pathname);
    if (!held || url.searchParams.get('hm') !== held.hm) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('This content is no longer available.');
      return true;
    }
    // Chunked, without a length: the reader has to count what arrives.
    res.writeHead(200, { 'content-type': held.contentType });
    for (let at = 0; at < held.bytes.length; at += 16_384) res.write(held.bytes.subarray(at, at + 16_384));
    res.end();
    return true;
  }
}
