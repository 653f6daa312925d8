import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';

// biome-ignore lint/suspicious/noExplicitAny: Web API arguments are read field by field in assertions
type Json = any;

/** One Web API call as the fake received it; nested JSON arguments (blocks, view) are parsed. */
export interface SlackCall {
  method: string;
  args: Json;
  token: string | undefined;
  /** What the fake answered (ok:true answers only). */
  answer?: Json;
}

/** A canned failure for the next calls of a method. */
export type SlackFailure =
  | { status: 429; retryAfter: number }
  | { status: 500 | 502 | 503 }
  | { error: string };

export interface FakeUser {
  id: string;
  team_id?: string;
  name?: string;
  real_name?: string;
  tz?: string;
  email?: string;
  is_bot?: boolean;
}

export const BOT = { userId: 'UBOT', botId: 'BBOT', team: 'T1' } as const;

/**
 * A fake Slack on 127.0.0.1: the Web API methods Deskbot calls (`POST /api/<method>`), recorded, with
 * failures on demand, and a Socket Mode link (`apps.connections.open` then a WebSocket).
 */
export class FakeSlack {
  readonly calls: SlackCall[] = [];
  readonly users = new Map<string, FakeUser>();
  /** Messages conversations.replies answers with, by `channel|ts`. */
  readonly messages = new Map<string, { text: string; user: string; ts: string }>();
  /** What the bot posted, oldest first, with its metadata (conversations.history and .replies read it). */
  readonly posted: { channel: string; ts: string; thread_ts?: string; text: string; metadata?: Json }[] = [];
  private readonly failures = new Map<string, SlackFailure[]>();
  private readonly server: Server;
  private readonly wss: WebSocketServer;
  private sockets: WebSocket[] = [];
  private nextTs = 1;
  private envelopes = 0;
  private readonly acks = new Map<string, (payload: Json) => void>();
  base = '';
  /** Called as each Web API call arrives (benchmarks time replies with it). */
  onCall?: (call: SlackCall) => void;
  /** The bot token file downloads need; without it, 401 and Slack's sign-in page. */
  fileToken = '';
  /** False: the app lacks files:read, and every download is the sign-in page (200, HTML). */
  filesRead = true;
  /** Every GET of a file URL, with the token it came with. */
  readonly fileGets: { path: string; token: string | undefined }[] = [];
  private readonly fileBytes = new Map<string, { bytes: Buffer; mimetype: string; chunked?: boolean }>();
  private nextFile = 1;

  constructor() {
    this.server = createServer((req, res) => void this.handle(req, res));
    this.wss = new WebSocketServer({ server: this.server, path: '/link' });
    this.wss.on('connection', (socket) => {
      this.sockets.push(socket);
      socket.on('message', (data) => {
        const msg = JSON.parse(String(data)) as { envelope_id?: string; payload?: Json };
        if (msg.envelope_id) this.acks.get(msg.envelope_id)?.(msg.payload ?? null);
      });
      socket.send(JSON.stringify({ type: 'hello', num_connections: 1, debug_info: { host: 'fake' } }));
    });
  }

  /** The Web API base URL for `slackApiUrl` / SLACK_API_URL. */
  get apiUrl(): string {
    return `${this.base}/api/`;
  }

  async start(): Promise<this> {
    await new Promise<void>((done) => this.server.listen(0, '127.0.0.1', done));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.terminate();
    this.wss.close();
    this.server.closeAllConnections();
    await new Promise<void>((done) => this.server.close(() => done()));
  }

  failNext(method: string, ...failures: SlackFailure[]): void {
    this.failures.set(method, [...(this.failures.get(method) ?? []), ...failures]);
  }

  of(method: string): SlackCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Resolves when `count` calls of the method arrived (or rejects after `timeoutMs`). */
  async waitFor(method: string, count = 1, timeoutMs = 15_000): Promise<SlackCall[]> {
    const until = Date.now() + timeoutMs;
    while (this.of(method).length < count) {
      if (Date.now() > until)
        throw new Error(`${method}: ${this.of(method).length} of ${count} calls arrived`);
      await new Promise((r) => setTimeout(r, 5));
    }
    return this.of(method);
  }

  /** Sends an envelope over every Socket Mode link; resolves with the app's ack payload. */
  sendEnvelope(type: string, payload: Json, retryAttempt = 0): Promise<Json> {
    const envelopeId = `env-${++this.envelopes}`;
    return new Promise((resolve) => {
      this.acks.set(envelopeId, resolve);
      const envelope = {
        envelope_id: envelopeId,
        type,
        payload,
        accepts_response_payload: false,
        retry_attempt: retryAttempt,
      };
      for (const s of this.sockets) s.send(JSON.stringify(envelope));
    });
  }

  /**
   * A file as if uploaded to Slack: its bytes served at url_private(_download) on this fake's origin,
   * and the file object a message event carries. `size` may be told to lie, and `chunked` sends the
   * bytes without a Content-Length, as a test needs.
   */
  uploadFile(
    bytes: Buffer,
    file: { name: string; mimetype: string; size?: number; chunked?: boolean },
  ): Json {
    const id = `F${String(this.nextFile++).padStart(6, '0')}`;
    const path = `/files-pri/${BOT.team}-${id}/${encodeURIComponent(file.name)}`;
    const download = `/files-pri/${BOT.team}-${id}/download/${encodeURIComponent(file.name)}`;
    for (const p of [path, download])
      this.fileBytes.set(p, { bytes, mimetype: file.mimetype, chunked: file.chunked });
    return {
      id,
      created: 1_700_000_000,
      name: file.name,
      title: file.name,
      mimetype: file.mimetype,
      filetype: file.name.split('.').pop(),
      user: 'U0',
      mode: 'hosted',
      is_external: false,
      size: file.size ?? bytes.length,
      url_private: `${this.base}${path}`,
      url_private_download: `${this.base}${download}`,
      permalink: `https://acme.slack.com/files/U0/${id}/${file.name}`,
    };
  }

  get linked(): number {
    return this.sockets.filter((s) => s.readyState === WebSocket.OPEN).length;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method === 'GET' && (req.url ?? '').startsWith('/files-pri/')) return this.serveFile(req, res);
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const method = (req.url ?? '').replace(/^\/api\//, '').split('?')[0]!;
    const args = parseArgs(raw, String(req.headers['content-type'] ?? ''));
    const call: SlackCall = {
      method,
      args,
      token: String(req.headers.authorization ?? '').replace(/^Bearer /, '') || undefined,
    };
    this.calls.push(call);
    this.onCall?.(call);
    const failure = this.failures.get(method)?.shift();
    if (failure && 'status' in failure) {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (failure.status === 429) headers['retry-after'] = String(failure.retryAfter);
      res.writeHead(failure.status, headers).end(JSON.stringify({ ok: false, error: 'ratelimited' }));
      return;
    }
    const answer = failure ? { ok: false, error: failure.error } : this.answer(method, args);
    if (answer.ok) call.answer = answer;
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
  }

  /** As files.slack.com: the bytes for the bot token; the sign-in page without it or without files:read. */
  private serveFile(req: IncomingMessage, res: ServerResponse): void {
    const path = (req.url ?? '').split('?')[0]!;
    const token = String(req.headers.authorization ?? '').replace(/^Bearer /, '') || undefined;
    this.fileGets.push({ path, token });
    const found = this.fileBytes.get(path);
    const html = { 'content-type': 'text/html; charset=utf-8' };
    if (!this.fileToken || token !== this.fileToken) return void res.writeHead(401, html).end(SIGN_IN_PAGE);
    if (!this.filesRead) return void res.writeHead(200, html).end(SIGN_IN_PAGE);
    if (!found) return void res.writeHead(404, { 'content-type': 'text/plain' }).end('file_not_found');
    if (!found.chunked) {
      res.writeHead(200, { 'content-type': found.mimetype, 'content-length': found.bytes.length });
      return void res.end(found.bytes);
    }
    res.writeHead(200, { 'content-type': found.mimetype });
    for (let at = 0; at < found.bytes.length; at += 1024) res.write(found.bytes.subarray(at, at + 1024));
    res.end();
  }

  /** A posted message as a read returns it: with its metadata only for include_all_metadata. */
  private shown(m: FakeSlack['posted'][number], args: Json): Json {
    const { metadata, ...rest } = m;
    return {
      ...rest,
      user: BOT.userId,
      bot_id: BOT.botId,
      ...(args.include_all_metadata && metadata ? { metadata } : {}),
    };
  }

  private answer(method: string, args: Json): Json {
    const ts = () => `1700000000.${String(this.nextTs++).padStart(6, '0')}`;
    switch (method) {
      case 'auth.test':
        return {
          ok: true,
          user_id: BOT.userId,
          bot_id: BOT.botId,
          team_id: BOT.team,
          user: 'deskbot',
          team: 'Acme',
        };
      case 'chat.postMessage': {
        // Posting to a user id lands in the app's direct messages with them.
        const channel = String(args.channel).replace(/^U/, 'DU');
        const posted = {
          channel,
          ts: ts(),
          ...(args.thread_ts ? { thread_ts: String(args.thread_ts) } : {}),
          text: String(args.text ?? ''),
          ...(args.metadata ? { metadata: args.metadata as Json } : {}),
        };
        this.posted.push(posted);
        return { ok: true, channel, ts: posted.ts, message: { text: args.text } };
      }
      case 'conversations.open':
        return { ok: true, channel: { id: String(args.users).replace(/^U/, 'DU') } };
      case 'conversations.history': {
        // Newest first; metadata only when asked for, as Slack does.
        const top = this.posted.filter((m) => m.channel === args.channel && !m.thread_ts).reverse();
        return { ok: true, messages: top.map((m) => this.shown(m, args)), has_more: false };
      }
      case 'chat.update':
        return { ok: true, channel: args.channel, ts: args.ts };
      case 'chat.postEphemeral':
        return { ok: true, message_ts: ts() };
      case 'views.open':
      case 'views.publish':
        return { ok: true, view: { id: `V${this.nextTs++}` } };
      case 'users.info': {
        const u = this.users.get(String(args.user));
        if (!u) return { ok: false, error: 'user_not_found' };
        return {
          ok: true,
          user: {
            id: u.id,
            team_id: u.team_id ?? BOT.team,
            name: u.name ?? u.id,
            real_name: u.real_name ?? u.name ?? u.id,
            tz: u.tz ?? 'Europe/London',
            is_bot: u.is_bot ?? false,
            deleted: false,
            profile: { email: u.email, real_name: u.real_name },
          },
        };
      }
      case 'conversations.replies': {
        // The root, then the bot's replies oldest first, in pages of `limit` (a cursor for the next).
        const root = this.messages.get(`${args.channel}|${args.ts}`);
        const replies = this.posted.filter((m) => m.channel === args.channel && m.thread_ts === args.ts);
        if (!root && replies.length === 0) return { ok: false, error: 'thread_not_found' };
        const all = [...(root ? [root] : []), ...replies.map((m) => this.shown(m, args))];
        const from = Number(args.cursor ?? 0);
        const limit = Number(args.limit ?? 1000);
        const next = from + limit < all.length ? String(from + limit) : '';
        return {
          ok: true,
          messages: all.slice(from, from + limit),
          has_more: next !== '',
          response_metadata: { next_cursor: next },
        };
      }
      case 'apps.connections.open':
        return { ok: true, url: `${this.base.replace('http', 'ws')}/link` };
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }
}

const SIGN_IN_PAGE = '<!DOCTYPE html><html><head><title>Sign in | Slack</title></head><body></body></html>';

function parseArgs(raw: string, contentType: string): Json {
  if (contentType.includes('json')) return raw ? JSON.parse(raw) : {};
  const args: Json = {};
  for (const [k, v] of new URLSearchParams(raw)) {
    args[k] = /^[[{]/.test(v) ? safeParse(v) : v;
  }
  return args;
}

function safeParse(v: string): unknown {
  try {
    return JSON.parse(v);
  } catch {
    return v;
  }
}
