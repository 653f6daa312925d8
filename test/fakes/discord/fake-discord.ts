import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';
import { FakeDiscordCdn } from './fake-discord-cdn.js';

/**
 * Discord as a bot sees it, on 127.0.0.1: the REST API under `/api/v10` (messages, threads, DMs,
 * interaction callbacks and webhooks, command registration, 429s with `retry_after`) and the gateway
 * (`ws`, JSON: HELLO, IDENTIFY → READY + GUILD_CREATE, heartbeats, RESUME with the events missed while
 * disconnected). Like Discord, it echoes the bot's own messages back on the gateway.
 */
export const BOT_TOKEN = 'fake-discord-bot-token.abc.def';
export const APPLICATION_ID = '1180000000000000001';
export const BOT_USER = {
  id: '1180000000000000001',
  username: 'Deskbot',
  discriminator: '0',
  bot: true,
  global_name: 'Deskbot',
  avatar: null,
};
export const GUILD = '1187423001100000000';

export interface RestCall {
  method: string;
  path: string;
  /** The query string's parameters. */
  query: Record<string, string>;
  authorization?: string;
  body: Record<string, unknown>;
  /** The id of the message or channel the fake made for it, where it made one. */
  responseId?: string;
}

export interface DiscordUser {
  id: string;
  username: string;
  global_name?: string;
  bot?: boolean;
}

type Json = Record<string, unknown>;

export class FakeDiscord {
  private server: Server | undefined;
  private wss: WebSocketServer | undefined;
  private socket: WebSocket | undefined;
  /** The connection that said IDENTIFY or RESUME last: where a session is. */
  private session: WebSocket | undefined;
  /** Each gateway connection's port on the client's side, to tell which process holds it. */
  private readonly peers = new WeakMap<WebSocket, number>();
  private seq = 0;
  /** The last sequence the live session's client said it handled (in a heartbeat), and who waits for one. */
  private acked = 0;
  private heartbeats: (() => void)[] = [];
  private sessionId = '';
  /** Dispatches sent since the session began, for a RESUME to replay what the client missed. */
  private sent: { s: number; t: string; d: unknown }[] = [];
  private ids = 1_200_000_000_000_000_000n;
  private failures: { status: number; body: Json; headers: Record<string, string> }[] = [];
  base = '';
  readonly calls: RestCall[] = [];
  /** Attachments' bytes, served on this origin under /attachments/ (GETs are recorded in `calls`). */
  readonly cdn = new FakeDiscordCdn(() => this.base);
  readonly users = new Map<string, DiscordUser>();
  /** Guild text channels the bot sees (sent in GUILD_CREATE), and threads made since. */
  readonly channels = new Map<string, Json>();
  readonly messages = new Map<string, Json>();
  /** The guild's roles besides @everyone (sent in GUILD_CREATE), and which each member holds. */
  readonly roles = new Map<string, string>([['1187423001100000101', 'IT Support']]);
  readonly memberRoles = new Map<string, string[]>();
  /** Gateway: how many IDENTIFY and RESUME the client sent. */
  readonly gateway = { identifies: 0, resumes: 0 };
  /** Called on each REST call as it arrives. */
  onCall: ((call: RestCall) => void) | undefined;
  /** Called as a gateway connection opens or closes, with how many are open then. */
  onGateway: ((open: number) => void) | undefined;

  constructor(textChannels: string[] = []) {
    for (const id of textChannels)
      this.channels.set(id, { id, type: 0, guild_id: GUILD, name: `channel-${id.slice(-2)}` });
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    this.wss = new WebSocketServer({ noServer: true });
    this.server.on('upgrade', (req, socket, head) => {
      this.wss!.handleUpgrade(req, socket, head, (ws) => {
        if (req.socket.remotePort) this.peers.set(ws, req.socket.remotePort);
        this.connected(ws);
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    for (const ws of this.wss?.clients ?? []) ws.terminate();
    this.wss?.close();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  get apiUrl(): string {
    return `${this.base}/api`;
  }

  nextId(): string {
    this.ids += 1n;
    return String(this.ids);
  }

  /** The next `count` REST calls (not interaction callbacks) answer 429 with `retry_after` seconds. */
  rateLimitNext(retryAfter: number, count = 1, global = false): void {
    for (let i = 0; i < count; i++)
      this.failures.push({
        status: 429,
        body: { message: 'You are being rate limited.', retry_after: retryAfter, global },
        headers: {
          'retry-after': String(Math.ceil(retryAfter)),
          'x-ratelimit-limit': '5',
          'x-ratelimit-remaining': '0',
          'x-ratelimit-reset-after': String(retryAfter),
          'x-ratelimit-bucket': 'fakebucket',
          ...(global ? { 'x-ratelimit-global': 'true' } : {}),
          'x-ratelimit-scope': global ? 'global' : 'user',
        },
      });
  }

  /** REST calls by method and a path pattern. */
  of(method: string, path: RegExp): RestCall[] {
    return this.calls.filter((c) => c.method === method && path.test(c.path));
  }

  /** Messages the bot posted in a channel (creates, not edits), oldest first. */
  postedIn(channelId: string): RestCall[] {
    return this.of('POST', new RegExp(`^/api/v10/channels/${channelId}/messages$`));
  }

  /** Sends a dispatch on the gateway (queued for a RESUME while the client is away). */
  dispatch(t: string, d: unknown): void {
    // Discord keeps what was said: a client reads it later with GET /channels/:id/messages.
    const said = d as Json;
    if (t === 'MESSAGE_CREATE' && typeof said.id === 'string' && !this.messages.has(said.id)) {
      this.messages.set(said.id, said);
      const channelId = String(said.channel_id);
      if (said.channel_type === 1 && !this.channels.has(channelId))
        this.channels.set(channelId, {
          id: channelId,
          type: 1,
          recipients: [said.author],
          last_message_id: null,
        });
    }
    this.seq += 1;
    this.sent.push({ s: this.seq, t, d });
    if (this.socket?.readyState === 1) this.socket.send(JSON.stringify({ op: 0, t, s: this.seq, d }));
  }

  /**
   * Resolves once the client has taken in every dispatch sent so far: the gateway asks for a heartbeat
   * (op 1, as Discord may), and the client answers with the last sequence it handled. Its handlers run
   * as it handles a dispatch, so what they started can be awaited after this.
   */
  async received(ms = 15_000): Promise<void> {
    const end = Date.now() + ms;
    while (this.live && this.acked < this.seq) {
      if (Date.now() > end)
        throw new Error(`the client took in dispatches up to ${this.acked} of ${this.seq}`);
      const answered = new Promise<void>((resolve) => this.heartbeats.push(resolve));
      this.socket!.send(JSON.stringify({ op: 1, d: null }));
      await Promise.race([answered, new Promise((r) => setTimeout(r, 250))]);
    }
  }

  /** Drops the gateway connection the way Discord does before a resume (close 4000). */
  drop(): void {
    this.socket?.close(4000, 'unknown error');
    this.socket = undefined;
  }

  /** Resolves once the client has (re)connected and said IDENTIFY or RESUME this many times in all. */
  async connections(n: number, ms = 15_000): Promise<void> {
    const end = Date.now() + ms;
    while (this.gateway.identifies + this.gateway.resumes < n) {
      if (Date.now() > end) throw new Error('the client did not connect');
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  /** Gateway connections open now, identified or not (a bot should hold one, however many instances). */
  get openConnections(): number {
    let open = 0;
    for (const ws of this.wss?.clients ?? []) if (ws.readyState === 1) open++;
    return open;
  }

  /** Whether a dispatch now reaches a client with a session (else it waits for a RESUME). */
  get live(): boolean {
    return this.session !== undefined && this.session === this.socket && this.session.readyState === 1;
  }

  /** The client-side port of the connection with the live session, if any. */
  get sessionPeerPort(): number | undefined {
    return this.live && this.session ? this.peers.get(this.session) : undefined;
  }

  private connected(ws: WebSocket): void {
    this.socket = ws;
    this.onGateway?.(this.openConnections);
    ws.on('close', () => this.onGateway?.(this.openConnections));
    ws.send(JSON.stringify({ op: 10, d: { heartbeat_interval: 41_250 } }));
    ws.on('message', (raw) => {
      const msg = JSON.parse(String(raw)) as { op: number; d: unknown };
      if (msg.op === 1) {
        if (ws === this.session && typeof msg.d === 'number') this.acked = Math.max(this.acked, msg.d);
        for (const resolve of this.heartbeats.splice(0)) resolve();
        ws.send(JSON.stringify({ op: 11 }));
      }
      if (msg.op === 2) this.identify(ws);
      if (msg.op === 6) this.resume(ws, Number((msg.d as Json).seq ?? 0));
    });
  }

  private identify(ws: WebSocket): void {
    this.gateway.identifies += 1;
    this.session = ws;
    this.sessionId = `session-${this.gateway.identifies}`;
    this.sent = [];
    this.seq = 0;
    this.acked = 0;
    this.dispatch('READY', {
      v: 10,
      user: BOT_USER,
      guilds: [{ id: GUILD, unavailable: true }],
      session_id: this.sessionId,
      resume_gateway_url: `ws://${this.base.replace('http://', '')}/gateway`,
      shard: [0, 1],
      application: { id: APPLICATION_ID, flags: 0 },
    });
    this.dispatch('GUILD_CREATE', {
      id: GUILD,
      name: 'Acme',
      unavailable: false,
      owner_id: '1',
      member_count: 10,
      roles: [
        {
          id: GUILD,
          name: '@everyone',
          permissions: '0',
          position: 0,
          color: 0,
          hoist: false,
          managed: false,
          mentionable: false,
        },
        ...[...this.roles].map(([id, name], n) => ({
          id,
          name,
          permissions: '0',
          position: n + 1,
          color: 0,
          hoist: false,
          managed: false,
          mentionable: false,
        })),
      ],
      channels: [...this.channels.values()].filter((c) => c.type === 0),
      threads: [...this.channels.values()].filter((c) => c.type === 11),
      members: [],
      emojis: [],
      stickers: [],
      features: [],
      joined_at: new Date().toISOString(),
    });
    void ws;
  }

  private resume(ws: WebSocket, seq: number): void {
    this.gateway.resumes += 1;
    this.session = ws;
    for (const e of this.sent.filter((x) => x.s > seq))
      ws.send(JSON.stringify({ op: 0, t: e.t, s: e.s, d: e.d }));
    this.seq += 1;
    ws.send(JSON.stringify({ op: 0, t: 'RESUMED', s: this.seq, d: {} }));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.base);
    const raw = await readBody(req);
    const body = raw && (req.headers['content-type'] ?? '').includes('json') ? (JSON.parse(raw) as Json) : {};
    const path = url.pathname;
    const call: RestCall = {
      method: req.method ?? 'GET',
      path,
      query: Object.fromEntries(url.searchParams),
      authorization: req.headers.authorization,
      body,
    };
    this.calls.push(call);
    this.onCall?.(call);
    if (this.cdn.serve(req, res, url)) return;
    const send = (status: number, payload?: unknown, headers: Record<string, string> = {}) => {
      if (payload === undefined) {
        res.writeHead(status, headers); // a 204 with a JSON content-type crashes the client
        res.end();
        return;
      }
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(payload));
    };
    const open = /^\/api\/v10\/(interactions|webhooks)\//.test(path);
    if (!open && path !== '/api/v10/gateway/bot' && req.headers.authorization !== `Bot ${BOT_TOKEN}`)
      return send(401, { message: '401: Unauthorized', code: 0 });
    if (!open && path !== '/api/v10/gateway/bot') {
      const failure = this.failures.shift();
      if (failure) return send(failure.status, failure.body, failure.headers);
    }
    this.route(req.method ?? 'GET', path, body, call, send);
  }

  private route(
    method: string,
    path: string,
    body: Json,
    call: RestCall,
    send: (status: number, payload?: unknown, headers?: Record<string, string>) => void,
  ): unknown {
    // The groups of the route the path matches, or null.
    let m: string[] = [];
    const match = (re: RegExp): boolean => {
      m = re.exec(path) ?? [];
      return m.length > 0;
    };
    if (method === 'GET' && path === '/api/v10/gateway/bot')
      return send(200, {
        url: `ws://${this.base.replace('http://', '')}/gateway`,
        shards: 1,
        session_start_limit: { total: 1000, remaining: 1000, reset_after: 0, max_concurrency: 1 },
      });
    if (method === 'PUT' && match(/^\/api\/v10\/applications\/(\d+)\/commands$/))
      return send(
        200,
        (body as unknown as Json[]).map((c) => ({
          ...c,
          id: this.nextId(),
          application_id: m[1],
          version: '1',
        })),
      );
    if (method === 'GET' && match(/^\/api\/v10\/users\/(\d+)$/)) {
      const user = this.users.get(m[1]!);
      return user
        ? send(200, { discriminator: '0', avatar: null, ...user })
        : send(404, { message: 'Unknown User', code: 10013 });
    }
    if (method === 'POST' && path === '/api/v10/users/@me/channels') {
      const recipient = this.users.get(String(body.recipient_id));
      const id = `9${String(body.recipient_id).slice(1)}`;
      const channel = { id, type: 1, recipients: recipient ? [recipient] : [], last_message_id: null };
      this.channels.set(id, channel);
      call.responseId = id;
      return send(200, channel);
    }
    if (method === 'GET' && match(/^\/api\/v10\/channels\/(\d+)$/)) {
      const channel = this.channels.get(m[1]!);
      return channel ? send(200, channel) : send(404, { message: 'Unknown Channel', code: 10003 });
    }
    if (method === 'GET' && match(/^\/api\/v10\/channels\/(\d+)\/messages$/)) {
      // Newest first, as Discord answers; `after` is exclusive.
      const after = BigInt(call.query.after ?? '0');
      const limit = Math.min(100, Number(call.query.limit ?? 50));
      const found = [...this.messages.values()]
        .filter((x) => x.channel_id === m[1] && BigInt(String(x.id)) > after)
        .sort((a, b) => (BigInt(String(a.id)) > BigInt(String(b.id)) ? -1 : 1))
        .slice(0, limit)
        .map(({ allowed_mentions: _, ...x }) => x);
      return send(200, found);
    }
    if (method === 'POST' && match(/^\/api\/v10\/channels\/(\d+)\/messages$/)) {
      // enforce_nonce: the bot's message with this nonce in the channel is answered, none is made.
      const same =
        body.enforce_nonce === true &&
        [...this.messages.values()].find((x) => x.channel_id === m[1] && x.nonce === body.nonce);
      if (same) {
        call.responseId = String(same.id);
        return send(200, same);
      }
      const message = this.message(m[1]!, body);
      call.responseId = String(message.id);
      send(200, message);
      // Discord echoes the bot's own messages.
      this.dispatch('MESSAGE_CREATE', message);
      return;
    }
    if (method === 'PATCH' && match(/^\/api\/v10\/channels\/(\d+)\/messages\/(\d+)$/)) {
      const old = this.messages.get(m[2]!);
      if (!old) return send(404, { message: 'Unknown Message', code: 10008 });
      const message = { ...old, ...body, edited_timestamp: new Date().toISOString() };
      this.messages.set(m[2]!, message);
      return send(200, message);
    }
    if (method === 'POST' && match(/^\/api\/v10\/channels\/(\d+)\/messages\/(\d+)\/threads$/)) {
      const parent = this.channels.get(m[1]!);
      // A thread started from a message has the message's id.
      const thread = {
        id: m[2],
        type: 11,
        guild_id: parent?.guild_id ?? GUILD,
        parent_id: m[1],
        name: String(body.name ?? 'thread'),
        owner_id: BOT_USER.id,
        thread_metadata: {
          archived: false,
          auto_archive_duration: 1440,
          archive_timestamp: new Date().toISOString(),
          locked: false,
        },
        message_count: 0,
        member_count: 1,
      };
      this.channels.set(thread.id!, thread);
      call.responseId = thread.id;
      send(201, thread);
      this.dispatch('THREAD_CREATE', { ...thread, newly_created: true });
      return;
    }
    if (method === 'POST' && /^\/api\/v10\/interactions\/\d+\/[^/]+\/callback$/.test(path)) return send(204);
    if (match(/^\/api\/v10\/webhooks\/(\d+)\/([^/]+)(?:\/messages\/([^/]+))?$/)) {
      const message = this.message(String(body.channel_id ?? '0'), body);
      call.responseId = String(message.id);
      return send(200, message);
    }
    send(404, { message: `no route ${method} ${path}`, code: 0 });
  }

  private message(channelId: string, body: Json): Json {
    const channel = this.channels.get(channelId);
    const message = {
      id: this.nextId(),
      channel_id: channelId,
      ...(channel?.guild_id ? { guild_id: channel.guild_id } : {}),
      author: BOT_USER,
      content: String(body.content ?? ''),
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      attachments: [],
      embeds: body.embeds ?? [],
      components: body.components ?? [],
      pinned: false,
      type: 0,
      flags: body.flags ?? 0,
      ...(body.nonce !== undefined ? { nonce: body.nonce } : {}),
    };
    this.messages.set(message.id, { ...message, allowed_mentions: body.allowed_mentions });
    return message;
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}
