import type { Activity } from 'botbuilder';
import { FileRefused, fetchPlatformFile } from '../../src/http/file.fetch.js';
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
    return fetchPlatformFile(file.url, {
      allowed,
      headers,
      maxBytes,
      maxRedirects: MAX_REDIRECTS,
      timeoutMs: TIMEOUT_MS,
    });
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

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'an invalid URL';
  }
}
