import type { Activity } from 'botbuilder';
import type { FileFetcher } from '../../src/ports/channel-adapter.port.js';
import type { InboundFile } from '../../src/ports/message.types.js';
import { type FileSource, filesOf, originOf } from './teams.files.js';

/** Files are fetched in the turn right after their activity; older ones are looked at afresh. */
const REMEMBERED = 1000;
const MAX_REDIRECTS = 3;
const TIMEOUT_MS = 30_000;

export interface TeamsFileOptions {
  /** The bot's outbound token (the Bot Connector's); null with TEAMS_AUTH=off, where calls carry none. */
  token: (() => Promise<string>) | null;
  /** Origins download URLs may come from besides https *.sharepoint.com: only a fake's, in tests. */
  downloadOrigins: readonly string[];
  /** The service URL last heard from, for a file whose activity this process did not see (a replay). */
  home: () => Promise<string | null>;
}

/**
 * The bytes of files sent in Teams. Each file keeps where it may come from: a download URL from
 * SharePoint (pre-authenticated, so no token goes with it), an inline image only from its activity's
 * service URL (with the bot's token, so never anywhere else). Redirects are followed only while they
 * stay allowed; past `maxBytes` the download stops.
 */
export class TeamsFiles {
  private readonly sources = new Map<string, FileSource>();
  private readonly services = new Set<string>();

  constructor(private readonly options: TeamsFileOptions) {}

  /** The files of a verified activity, for its InboundEvent. */
  take(activity: Activity): InboundFile[] {
    const found = filesOf(activity);
    if (found.length) this.services.add(originOf(activity.serviceUrl));
    for (const { file, source } of found) {
      this.sources.delete(file.url);
      this.sources.set(file.url, source);
      if (this.sources.size > REMEMBERED) this.sources.delete(this.sources.keys().next().value!);
    }
    return found.map((f) => f.file);
  }

  readonly fetch: FileFetcher = async (file, maxBytes) => {
    const source = this.sources.get(file.url) ?? (await this.sourceOf(file.url));
    if (!source) throw new FileRefused(`teams: ${hostOf(file.url)} is not a Teams file host`);
    const allowed =
      source.kind === 'download'
        ? (u: URL) => this.downloadHost(u)
        : (u: URL) => u.origin === source.origin && u.protocol.startsWith('http');
    const headers: Record<string, string> = {};
    if (source.kind === 'connector' && this.options.token)
      headers.authorization = `Bearer ${await this.options.token()}`;
    return fetchCapped(file.url, headers, maxBytes, allowed);
  };

  private downloadHost(u: URL): boolean {
    if (this.options.downloadOrigins.includes(u.origin)) return true;
    return u.protocol === 'https:' && u.hostname.endsWith('.sharepoint.com');
  }

  /** A file this process did not translate (replayed after a restart): judged by its URL alone. */
  private async sourceOf(url: string): Promise<FileSource | null> {
    let u: URL;
    try {
      u = new URL(url);
    } catch {
      return null;
    }
    if (this.downloadHost(u)) return { kind: 'download' };
    const home = await this.options.home();
    const known = this.services.has(u.origin) || (home !== null && originOf(home) === u.origin);
    return known ? { kind: 'connector', origin: u.origin } : null;
  }
}

/** A file refused before any request: its host is not one it may come from. */
export class FileRefused extends Error {
  override name = 'FileRefused';
}

async function fetchCapped(
  url: string,
  headers: Record<string, string>,
  maxBytes: number,
  allowed: (u: URL) => boolean,
): Promise<Buffer> {
  const signal = AbortSignal.timeout(TIMEOUT_MS);
  let at = new URL(url);
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    if (!allowed(at)) throw new FileRefused(`teams: ${at.host} is not where this file may come from`);
    const res = await fetch(at, { headers, redirect: 'manual', signal });
    const location = res.headers.get('location');
    if (res.status >= 300 && res.status < 400 && location) {
      await res.body?.cancel();
      at = new URL(location, at);
      continue;
    }
    if (!res.ok || !res.body) {
      await res.body?.cancel();
      throw new Error(`teams: the file answered HTTP ${res.status}`);
    }
    if (Number(res.headers.get('content-length') ?? 0) > maxBytes) {
      await res.body.cancel();
      throw new Error('teams: the file is larger than the desk takes');
    }
    return readCapped(res.body, maxBytes);
  }
  throw new Error('teams: too many redirects for a file');
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
      throw new Error('teams: the file is larger than the desk takes');
    }
    chunks.push(value);
  }
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'an invalid URL';
  }
}
