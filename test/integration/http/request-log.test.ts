import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildServer } from '../../../src/http/server.js';
import { createLogger } from '../../../src/logger.js';
import { type TestDesk, testDesk } from '../../support/test-desk.js';
import { testBackend } from '../../support/test-store.js';

// biome-ignore lint/suspicious/noExplicitAny: log lines are read field by field
type Line = any;

let t: TestDesk;
let lines: Line[];
let base: string;
let close: () => Promise<void>;

/** The real server with a logger at `level` whose lines the test reads (redaction as in production). */
async function serve(level: string) {
  lines = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      for (const l of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(l));
      done();
    },
  });
  const logger = createLogger(level, sink);
  const app = buildServer({ desk: t.desk, logger, ready: async () => ({ store: true }) });
  base = await app.listen({ port: 0, host: '127.0.0.1' });
  close = () => app.close();
}

describe(`request logs and JSON headers (${testBackend()})`, () => {
  beforeEach(async () => {
    t = await testDesk();
  });
  afterEach(async () => {
    await close();
  });

  it('at info, a request that went well leaves no line; a refused one leaves one, with secrets redacted', async () => {
    await serve('info');
    const token = (await t.desk.people.createToken('rita@acme.example', 'test')).token;
    expect(
      (await fetch(`${base}/api/v1/people/me`, { headers: { authorization: `Bearer ${token}` } })).status,
    ).toBe(200);
    expect(lines.filter((l) => l.msg === 'request')).toEqual([]);
    const leaked = await fetch(`${base}/api/v1/tickets?access_token=${token}&limit=5&q=${token}`);
    expect(leaked.status).toBe(401);
    const logged = lines.filter((l) => l.msg === 'request');
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({
      level: 30,
      method: 'GET',
      status: 401,
      url: '/api/v1/tickets?access_token=[redacted]&limit=5&q=[redacted]',
    });
    expect(JSON.stringify(lines)).not.toContain(token.slice(4, 20));
  });

  it('at debug, every request is logged coming in and going out, never with a token', async () => {
    await serve('debug');
    await fetch(`${base}/healthz?token=dsk_abcdefghijklmnop`);
    const msgs = lines.filter((l) => l.url?.startsWith('/healthz')).map((l) => [l.msg, l.level, l.url]);
    expect(msgs).toEqual([
      ['incoming request', 20, '/healthz?token=[redacted]'],
      ['request', 20, '/healthz?token=[redacted]'],
    ]);
  });

  it('JSON answers carry nosniff and no-store', async () => {
    await serve('silent');
    for (const path of ['/healthz', '/api/v1/tickets', '/nope']) {
      const res = await fetch(`${base}${path}`);
      expect([path, res.headers.get('x-content-type-options'), res.headers.get('cache-control')]).toEqual([
        path,
        'nosniff',
        'no-store',
      ]);
    }
  });
});
