/**
 * A small round-robin load balancer on 127.0.0.1 in front of several built Deskbot instances, as a
 * real one behaves: the request body is buffered, then forwarded (method, path, headers) to the next
 * backend in turn, on a connection of its own, and the answer streamed back (server-sent events stay
 * live). A backend that refuses the connection (stopping, or down) never saw the request, so the next
 * one is tried; a backend that dies after the request was sent (reset, hang-up) is a 502 to the client,
 * counted as "in flight to a killed instance". Backends are named, and can be taken out, put back or
 * replaced (a restarted instance listens on a new port) while requests flow. Like a load balancer's
 * health check, it probes each backend's /readyz and sends new requests only to those that answer 200
 * (a stopping instance answers 503 for its SHUTDOWN_GRACE_MS before it closes its port).
 */
import { createServer, type IncomingMessage, request, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Backend {
  /** The instance's name in the figures (A1, B1, A2, ...). */
  name: string;
  /** http://127.0.0.1:PORT */
  base: string;
}

/** A request that reached a backend which then went away before answering: answered 502. */
export interface LostInFlight {
  at: number;
  backend: string;
  method: string;
  path: string;
  error: string;
}

/** Hop-by-hop headers are the proxy's own business, not forwarded either way. */
const HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'upgrade',
  'te',
  'trailer',
]);

function forwardable(headers: IncomingMessage['headers']): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(headers)) if (v !== undefined && !HOP.has(k)) out[k] = v;
  return out;
}

type Attempt =
  | { kind: 'answered'; upstream: IncomingMessage }
  | { kind: 'refused'; error: string }
  | { kind: 'lost'; error: string };

export class RoundRobinProxy {
  private backends: Backend[] = [];
  private turn = 0;
  private server: Server | undefined;
  private readonly open = new Set<ServerResponse>();
  base = '';
  /** Requests answered (any status) by each backend, by name. */
  readonly answered = new Map<string, number>();
  /** Requests sent to a backend that went away before answering (each answered 502). */
  readonly lost: LostInFlight[] = [];
  /** Connections a backend refused, after which the next backend took the request. */
  refusedThenRetried = 0;
  /** Requests no backend would take (every one refused): answered 503. */
  noBackend = 0;
  /** Streams (server-sent events) whose backend went away mid-answer: the client sees the stream end. */
  streamsCut = 0;
  /** Backends whose last health probe failed: they get no new requests. */
  private readonly unready = new Set<string>();
  private probes: NodeJS.Timeout | undefined;
  /** How many times a probe took a backend out. */
  takenOut = 0;

  /** Probes every backend's /readyz every `everyMs`: one that answers other than 200 is taken out. */
  healthChecks(everyMs: number): this {
    this.probes = setInterval(() => {
      for (const b of this.backends)
        fetch(`${b.base}/readyz`, { signal: AbortSignal.timeout(everyMs) })
          .then((r) => r.ok)
          .catch(() => false)
          .then((ok) => {
            if (ok) this.unready.delete(b.name);
            else if (!this.unready.has(b.name)) {
              this.unready.add(b.name);
              this.takenOut++;
            }
          });
    }, everyMs);
    return this;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((done) => this.server!.listen(0, '127.0.0.1', done));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    clearInterval(this.probes);
    for (const res of this.open) res.destroy();
    this.server?.closeAllConnections();
    await new Promise<void>((done) => this.server?.close(() => done()) ?? done());
  }

  /** The backends requests go to, in turn. */
  setBackends(backends: Backend[]): void {
    this.backends = [...backends];
  }

  list(): Backend[] {
    return [...this.backends];
  }

  add(backend: Backend): void {
    this.backends = [...this.backends.filter((b) => b.name !== backend.name), backend];
  }

  remove(name: string): void {
    this.backends = this.backends.filter((b) => b.name !== name);
  }

  /** A restarted instance in the place of the old one (its new name and port). */
  replace(oldName: string, backend: Backend): void {
    const at = this.backends.findIndex((b) => b.name === oldName);
    if (at < 0) {
      this.add(backend);
      return;
    }
    this.backends = this.backends.map((b, i) => (i === at ? backend : b));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    try {
      for await (const c of req) chunks.push(c as Buffer);
    } catch {
      res.destroy();
      return;
    }
    const body = Buffer.concat(chunks);
    this.open.add(res);
    res.on('close', () => this.open.delete(res));
    const ready = this.backends.filter((b) => !this.unready.has(b.name));
    const candidates = ready.length > 0 ? ready : this.backends;
    if (candidates.length === 0) return this.refuse(res);
    const first = this.turn++ % candidates.length;
    for (let i = 0; i < candidates.length; i++) {
      const backend = candidates[(first + i) % candidates.length]!;
      const attempt = await this.forward(backend, req, body, res);
      if (attempt.kind === 'refused') {
        if (i < candidates.length - 1) this.refusedThenRetried++;
        continue;
      }
      if (attempt.kind === 'lost') {
        this.lost.push({
          at: Date.now(),
          backend: backend.name,
          method: req.method ?? 'GET',
          path: req.url ?? '/',
          error: attempt.error,
        });
        if (!res.headersSent)
          res
            .writeHead(502, { 'content-type': 'application/json' })
            .end(JSON.stringify({ error: { code: 'bad_gateway', message: attempt.error } }));
        return;
      }
      this.answered.set(backend.name, (this.answered.get(backend.name) ?? 0) + 1);
      this.stream(attempt.upstream, res, backend, req);
      return;
    }
    this.refuse(res);
  }

  private refuse(res: ServerResponse): void {
    this.noBackend++;
    res
      .writeHead(503, { 'content-type': 'application/json', 'retry-after': '1' })
      .end(JSON.stringify({ error: { code: 'no_backend', message: 'no backend took the connection' } }));
  }

  /** One try at one backend: its answer, or whether the request ever reached it. */
  private forward(
    backend: Backend,
    req: IncomingMessage,
    body: Buffer,
    res: ServerResponse,
  ): Promise<Attempt> {
    const target = new URL(req.url ?? '/', backend.base);
    return new Promise((done) => {
      let connected = false;
      const out = request(
        {
          host: target.hostname,
          port: target.port,
          method: req.method,
          path: `${target.pathname}${target.search}`,
          headers: {
            ...forwardable(req.headers),
            'content-length': String(body.length),
            connection: 'close',
          },
          // A connection per request: a backend that stops listening refuses new ones, and none is
          // left idle on a stopping instance to be reset under a request.
          agent: false,
        },
        (upstream) => done({ kind: 'answered', upstream }),
      );
      out.on('socket', (socket) => {
        socket.once('connect', () => {
          connected = true;
        });
      });
      out.on('error', (err: NodeJS.ErrnoException) => {
        const error = err.code ?? err.message;
        // Refused at connect: the request never left; anything after the connection is in flight.
        done(
          !connected && err.code === 'ECONNREFUSED' ? { kind: 'refused', error } : { kind: 'lost', error },
        );
      });
      // The client went away (a closed event stream): so does the request upstream.
      res.on('close', () => out.destroy());
      out.end(body);
    });
  }

  private stream(
    upstream: IncomingMessage,
    res: ServerResponse,
    backend: Backend,
    req: IncomingMessage,
  ): void {
    const events = String(upstream.headers['content-type'] ?? '').startsWith('text/event-stream');
    res.writeHead(upstream.statusCode ?? 502, forwardable(upstream.headers));
    res.flushHeaders();
    let ended = false;
    upstream.on('data', (c: Buffer) => res.write(c));
    upstream.on('end', () => {
      ended = true;
      res.end();
    });
    upstream.on('error', () => {});
    upstream.on('close', () => {
      if (ended) return;
      // The backend went away mid-answer: an event stream just ends (the page reconnects); any other
      // answer was in flight, and the client sees its connection fail.
      if (events) this.streamsCut++;
      else
        this.lost.push({
          at: Date.now(),
          backend: backend.name,
          method: req.method ?? 'GET',
          path: req.url ?? '/',
          error: 'cut mid-answer',
        });
      res.destroy();
    });
  }
}
