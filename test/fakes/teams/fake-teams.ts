import { createHmac, createSign, generateKeyPairSync, type KeyObject, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FakeTeamsFiles } from './fake-teams-files.js';

/**
 * Microsoft Teams as a bot sees it, on 127.0.0.1: the OpenID metadata and signing keys (JWKS with
 * `endorsements`), the login endpoint issuing client-credentials tokens, and the Bot Connector REST API
 * (`v3/conversations...`) that checks each call's Bearer token against the ones it issued, and the files
 * people send (fake-teams-files.ts). It also signs inbound activities the way the Bot Framework does
 * (RS256 with a `kid`).
 */
export const APP_ID = '7c4b2c1e-0000-4000-8000-00000000a11d';
export const APP_PASSWORD = 'fake-app-password-s3cret';
export const TENANT = '72f988bf-0000-4000-8000-0000000000aa';
export const ISSUER = 'https://api.botframework.com';
export const BOT_ID = `28:${APP_ID}`;

export interface ConnectorCall {
  method: string;
  path: string;
  /** The conversation id (decoded) and activity id of the path, where it names them. */
  conversationId?: string;
  activityId?: string;
  authorization?: string;
  body: Record<string, unknown>;
  /** The id the fake gave what was posted (an activity, or a new reply chain's first message). */
  responseId?: string;
  /** Which of the fake's service URLs was called (`svc`, `svc2`, ...). */
  service: string;
}

export interface TeamsUser {
  /** The bot-framework id, `29:...`. */
  id: string;
  aadObjectId: string;
  name: string;
  email?: string;
  userPrincipalName?: string;
  tenantId?: string;
  userRole?: 'user' | 'guest' | 'anonymous';
}

interface SignOptions {
  claims?: Record<string, unknown>;
  kid?: string;
  /** Sign with this key instead of the published one. */
  key?: KeyObject;
  alg?: 'RS256' | 'HS256' | 'none';
  header?: Record<string, unknown>;
}

export class FakeTeams {
  private server: Server | undefined;
  private readonly keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
  readonly otherKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  readonly kid = `kid-${randomUUID()}`;
  /** Every Bot Connector call, in order. */
  readonly calls: ConnectorCall[] = [];
  /** Tokens the login endpoint issued, and its requests. */
  readonly issued: string[] = [];
  readonly tokenRequests: { path: string; form: Record<string, string> }[] = [];
  readonly users = new Map<string, TeamsUser>();
  /** Activities Deskbot posted, by id (updates replace them); deleting one makes an update 404. */
  readonly activities = new Map<string, Record<string, unknown>>();
  private failures: { status: number; headers: Record<string, string> }[] = [];
  /** Called on each Bot Connector call as it arrives (the bench notes when replies come). */
  onCall: ((call: ConnectorCall) => void) | undefined;
  /** False for a bot with authentication off (the Bot Framework Emulator's way): calls carry no token. */
  requireToken = true;
  private seq = 1_700_000_000_000;
  base = '';
  /** Files people send: download URLs and inline images. */
  readonly files = new FakeTeamsFiles(this);

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  get openIdUrl(): string {
    return `${this.base}/openid`;
  }
  get loginUrl(): string {
    return `${this.base}/login`;
  }
  /** What activities carry as their serviceUrl (Teams' end with a slash); Teams moves tenants at times. */
  get serviceUrl(): string {
    return `${this.base}/svc/`;
  }
  get otherServiceUrl(): string {
    return `${this.base}/svc2/`;
  }

  /** The next `count` connector calls answer `status` (e.g. 429 with Retry-After). */
  failNext(status: number, count = 1, headers: Record<string, string> = {}): void {
    for (let i = 0; i < count; i++) this.failures.push({ status, headers });
  }

  /** Posts (not updates) in a conversation, oldest first. */
  posted(conversationId?: string): ConnectorCall[] {
    return this.calls.filter(
      (c) =>
        c.method === 'POST' &&
        c.path.includes('/activities') &&
        (conversationId === undefined || c.conversationId === conversationId),
    );
  }

  /** A Bot Framework token for an activity: valid unless told otherwise. */
  sign(serviceUrl: string, options: SignOptions = {}): string {
    const now = Math.floor(Date.now() / 1000);
    const claims = {
      iss: ISSUER,
      aud: APP_ID,
      serviceurl: serviceUrl,
      nbf: now - 10,
      iat: now - 10,
      exp: now + 3600,
      ...options.claims,
    };
    const alg = options.alg ?? 'RS256';
    const header = {
      alg,
      typ: 'JWT',
      ...(alg === 'none' ? {} : { kid: options.kid ?? this.kid }),
      ...options.header,
    };
    const input = `${b64(JSON.stringify(header))}.${b64(JSON.stringify(claims))}`;
    if (alg === 'none') return `${input}.`;
    if (alg === 'HS256')
      return `${input}.${createHmac('sha256', 'guessable').update(input).digest('base64url')}`;
    const signature = createSign('RSA-SHA256')
      .update(input)
      .sign(options.key ?? this.keys.privateKey)
      .toString('base64url');
    return `${input}.${signature}`;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.base);
    const raw = await readBody(req);
    if (this.files.handle(req, url, res)) return;
    const send = (status: number, body?: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(body === undefined ? '' : JSON.stringify(body));
    };
    if (req.method === 'GET' && url.pathname === '/openid')
      return send(200, {
        issuer: ISSUER,
        authorization_endpoint: `${this.base}/authorize`,
        jwks_uri: `${this.base}/keys`,
        id_token_signing_alg_values_supported: ['RS256'],
        token_endpoint_auth_methods_supported: ['private_key_jwt'],
      });
    if (req.method === 'GET' && url.pathname === '/keys') {
      const jwk = this.keys.publicKey.export({ format: 'jwk' });
      return send(200, { keys: [{ ...jwk, kid: this.kid, use: 'sig', endorsements: ['msteams'] }] });
    }
    const login = /^\/login\/([^/]+)\/oauth2\/v2\.0\/token$/.exec(url.pathname);
    if (req.method === 'POST' && login) {
      const form = Object.fromEntries(new URLSearchParams(raw));
      this.tokenRequests.push({ path: url.pathname, form });
      if (
        form.client_id !== APP_ID ||
        form.client_secret !== APP_PASSWORD ||
        form.grant_type !== 'client_credentials'
      )
        return send(401, { error: 'invalid_client' });
      const token = `fake-access-${this.issued.length + 1}-${randomUUID()}`;
      this.issued.push(token);
      return send(200, { token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: token });
    }
    if (/^\/svc2?\/v3\/conversations/.test(url.pathname)) {
      this.connector(req, url, raw, send);
      return;
    }
    send(404, { error: { code: 'NotFound', message: url.pathname } });
  }

  private connector(
    req: IncomingMessage,
    url: URL,
    raw: string,
    send: (status: number, body?: unknown, headers?: Record<string, string>) => void,
  ): unknown {
    const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
    const m = /^\/(svc2?)\/v3\/conversations(?:\/([^/]+)(?:\/(activities|members)(?:\/([^/]+))?)?)?$/.exec(
      url.pathname,
    );
    const call: ConnectorCall = {
      method: req.method ?? 'GET',
      path: url.pathname,
      service: m?.[1] ?? 'svc',
      ...(m?.[2] ? { conversationId: decodeURIComponent(m[2]) } : {}),
      ...(m?.[4] ? { activityId: decodeURIComponent(m[4]) } : {}),
      authorization: req.headers.authorization,
      body,
    };
    this.calls.push(call);
    this.onCall?.(call);
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (this.requireToken && (!bearer || !this.issued.includes(bearer)))
      return send(401, { error: { code: 'Unauthorized', message: 'no valid bot token' } });
    const failure = this.failures.shift();
    if (failure)
      return send(
        failure.status,
        { error: { code: 'Scripted', message: 'scripted failure' } },
        failure.headers,
      );
    if (!m) return send(404, {});
    const [, , conversation, kind, id] = m;
    if (req.method === 'POST' && !conversation) {
      const activityId = String(this.seq++);
      const channel = (body.channelData as { channel?: { id?: string } } | undefined)?.channel?.id;
      call.responseId = activityId;
      if (channel) {
        this.activities.set(activityId, (body.activity as Record<string, unknown>) ?? {});
        return send(201, { id: `${channel};messageid=${activityId}`, activityId });
      }
      const member = (body.members as { id: string }[] | undefined)?.[0]?.id ?? 'nobody';
      return send(201, { id: `a:direct-${member}` });
    }
    if (kind === 'members' && req.method === 'GET') {
      const user = [...this.users.values()].find((u) => u.id === decodeURIComponent(id ?? ''));
      return user
        ? send(200, { ...user, tenantId: user.tenantId ?? TENANT })
        : send(404, { error: { code: 'MemberNotFound' } });
    }
    if (kind === 'activities' && req.method === 'POST') {
      const activityId = String(this.seq++);
      call.responseId = activityId;
      this.activities.set(activityId, body);
      return send(200, { id: activityId });
    }
    if (kind === 'activities' && req.method === 'PUT' && id) {
      if (!this.activities.has(decodeURIComponent(id)))
        return send(404, { error: { code: 'ActivityNotFound' } });
      this.activities.set(decodeURIComponent(id), body);
      return send(200, { id });
    }
    send(405, {});
  }
}

function b64(text: string): string {
  return Buffer.from(text).toString('base64url');
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}
