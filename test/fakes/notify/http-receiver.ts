import { createServer, type IncomingMessage, type Server } from 'node:http';

/** One request the receiver got, body parsed as JSON. */
export interface Received {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  /** The body as sent (what a signature covers). */
  raw: string;
  // biome-ignore lint/suspicious/noExplicitAny: tests read the JSON bodies field by field
  body: any;
}

/**
 * A local stand-in for PagerDuty's Events API and Opsgenie's Alert API on 127.0.0.1: records every
 * request and answers 202, or the statuses queued with `failNext` (429 with Retry-After, 500, 400).
 */
export class HttpReceiver {
  readonly received: Received[] = [];
  private failures: { status: number; headers?: Record<string, string> }[] = [];
  private server: Server | undefined;
  base = '';

  failNext(...failures: { status: number; headers?: Record<string, string> }[]): void {
    this.failures.push(...failures);
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      let raw = '';
      req.on('data', (c) => {
        raw += c;
      });
      req.on('end', () => {
        const failure = this.failures.shift();
        if (failure) {
          res.writeHead(failure.status, { 'content-type': 'application/json', ...failure.headers });
          res.end(JSON.stringify({ message: 'refused by the test' }));
          return;
        }
        this.received.push({
          method: req.method ?? '',
          path: req.url ?? '',
          headers: req.headers,
          raw,
          body: raw ? JSON.parse(raw) : null,
        });
        res.writeHead(202, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ status: 'success', result: 'Request will be processed', requestId: 'r1' }));
      });
    });
    await new Promise<void>((done) => this.server!.listen(0, '127.0.0.1', done));
    const address = this.server.address() as { port: number };
    this.base = `http://127.0.0.1:${address.port}`;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((done) => this.server?.close(() => done()) ?? done());
  }
}
