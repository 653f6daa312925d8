import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface FileRequest {
  path: string;
  authorization?: string;
}

/**
 * Files as Teams serves them to a bot: a personal chat's file at a pre-authenticated download URL
 * (SharePoint's `download.aspx?...&tempauth=`, no token asked), and an inline image at the Bot
 * Connector's `v3/attachments/{id}/views/original`, which wants the bot's Bearer token.
 */
export class FakeTeamsFiles {
  /** Every request for a file's bytes, in order. */
  readonly requests: FileRequest[] = [];
  private readonly stored = new Map<string, Buffer>();
  /** Served in chunks without a content-length, so only counting the bytes read finds a large one. */
  private readonly chunked = new Set<string>();

  constructor(
    private readonly fake: { base: string; serviceUrl: string; issued: string[]; requireToken: boolean },
  ) {}

  /** A download URL (as `content.downloadUrl` of a file.download.info attachment) serving `bytes`. */
  download(bytes: Buffer, options: { chunked?: boolean } = {}): string {
    const id = randomUUID();
    this.stored.set(id, bytes);
    if (options.chunked) this.chunked.add(id);
    return `${this.fake.base}/files/download.aspx?UniqueId=${id}&tempauth=fake-temp-${id}`;
  }

  /** An inline image's contentUrl on the connector (the activity's service URL). */
  inline(bytes: Buffer): string {
    const id = `0-weu-d1-${randomUUID()}`;
    this.stored.set(id, bytes);
    return `${this.fake.serviceUrl}v3/attachments/${id}/views/original`;
  }

  /** Requests that reached the fake for one file's URL. */
  fetchesOf(url: string): FileRequest[] {
    const path = new URL(url).pathname + new URL(url).search;
    return this.requests.filter((r) => r.path === path);
  }

  /** Answers a file request; false for any other path. */
  handle(req: IncomingMessage, url: URL, res: ServerResponse): boolean {
    const download = url.pathname === '/files/download.aspx';
    const inline = /^\/svc2?\/v3\/attachments\/([^/]+)\/views\/original$/.exec(url.pathname);
    if (req.method !== 'GET' || (!download && !inline)) return false;
    this.requests.push({
      path: url.pathname + url.search,
      ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
    });
    if (inline && this.fake.requireToken) {
      const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
      if (!bearer || !this.fake.issued.includes(bearer)) {
        res.writeHead(401, { 'content-type': 'application/json' });
        res.end('{"error":{"code":"Unauthorized"}}');
        return true;
      }
    }
    const id = download ? url.searchParams.get('UniqueId') : decodeURIComponent(inline![1]!);
    const bytes = id ? this.stored.get(id) : undefined;
    if (!bytes) {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end('{"error":{"code":"itemNotFound"}}');
      return true;
    }
    if (this.chunked.has(id!)) {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      for (let at = 0; at < bytes.length; at += 512) res.write(bytes.subarray(at, at + 512));
      res.end();
      return true;
    }
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': bytes.length });
    res.end(bytes);
    return true;
  }
}
