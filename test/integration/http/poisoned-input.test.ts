import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createWebChat } from '../../../adapters/web/web.adapter.js';
import { buildServer } from '../../../src/http/server.js';
import type { TestApi } from '../../support/test-api.js';
import { type TestDesk, testDesk } from '../../support/test-desk.js';
import { testBackend } from '../../support/test-store.js';
import { startTestWeb } from '../../support/test-web.js';

/**
 * One person's bad input must never fail another person's request: writes made at the same time are
 * group-committed, so before the edge checks a NUL, a lone surrogate or a hostile depth failed the
 * whole batch it landed in.
 */
let t: TestDesk;
let api: TestApi;
let rita: string;
let sam: string;
let alice: string;

const laptop = (description: string) => ({
  requestType: 'laptop-problem',
  fields: { device: 'Laptop', description },
});

/** JSON text nested `depth` objects deep, written out (JSON.stringify itself gives up near there). */
function nestedJson(depth: number): string {
  return `${'{"v":'.repeat(depth)}"x"${'}'.repeat(depth)}`;
}

const POISONS: [string, string, string][] = [
  ['a NUL', 'before\u0000after', 'contains a NUL character'],
  ['a lone surrogate', 'half \ud800 a pair', 'is not valid Unicode (a lone surrogate)'],
];

describe(`poisoned input fails alone (${testBackend()})`, () => {
  beforeEach(async () => {
    t = await testDesk();
    api = await startTestWeb(t);
    rita = await api.tokenFor('rita');
    sam = await api.tokenFor('sam');
    alice = await api.tokenFor('alice');
  });
  afterEach(async () => {
    await api.app.close();
  });

  for (const [what, text, reason] of POISONS) {
    it(`POST /tickets: 20 good creates by one person + 1 with ${what} by another → 20 × 201, 1 × 400`, async () => {
      const results = await Promise.all([
        ...Array.from({ length: 20 }, (_, i) =>
          api.call('POST', '/api/v1/tickets', rita, laptop(`good ${i}`)),
        ),
        api.call('POST', '/api/v1/tickets', sam, laptop(text)),
      ]);
      expect(results.slice(0, 20).map((r) => r.status)).toEqual(Array(20).fill(201));
      const bad = results[20]!;
      expect(bad.status).toBe(400);
      expect(bad.body.error).toMatchObject({ code: 'invalid', fields: { 'fields.description': reason } });
      const stored = await api.call('GET', '/api/v1/tickets?limit=100', alice);
      expect(stored.body.tickets).toHaveLength(20);
    });
  }

  it('comments, transitions and PATCH: the poisoned one gets 400 naming the field, the 20 others land', async () => {
    const key = (await api.call('POST', '/api/v1/tickets', rita, laptop('screen'))).body.key;
    const path = `/api/v1/tickets/${key}`;
    const results = await Promise.all([
      ...Array.from({ length: 20 }, (_, i) =>
        api.call('POST', `${path}/comments`, alice, { body: `note ${i}`, internal: true }),
      ),
      api.call('POST', `${path}/comments`, rita, { body: 'nul \u0000 here' }),
      api.call('POST', `${path}/transitions`, alice, {
        transition: 'start_progress',
        comment: { body: 'on it \udc00' },
      }),
      api.call('PATCH', path, alice, { assignee: 'alice\u0000@acme.example' }),
    ]);
    expect(results.slice(0, 20).map((r) => r.status)).toEqual(Array(20).fill(201));
    expect(results.slice(20).map((r) => [r.status, Object.keys(r.body.error.fields ?? {})])).toEqual([
      [400, ['body']],
      [400, ['comment.body']],
      [400, ['assignee']],
    ]);
    expect((await api.call('GET', `${path}/comments`, alice)).body.comments).toHaveLength(20);
    expect((await api.call('GET', path, alice)).body.status.id).toBe('open');
  });

  it('/web/messages: 20 people chatting + 1 NUL text + 1 values nested 8,000 deep → 20 answered, 2 × 400', async () => {
    const tokens = await Promise.all(
      Array.from({ length: 20 }, async (_, i) => {
        await t.desk.people.ensure(`person${i}@acme.example`, `Person ${i}`, 'UTC');
        return api.tokenFor(`person${i}`);
      }),
    );
    const send = (token: string, body: Record<string, unknown>) =>
      api.call('POST', '/web/messages', token, { clientId: randomUUID(), ...body });
    const results = await Promise.all([
      ...tokens.map((token, i) => send(token, { text: `My laptop will not start, try ${i}` })),
      send(sam, { text: 'hello \u0000' }),
      api.call(
        'POST',
        '/web/messages',
        rita,
        `{"clientId":"${randomUUID()}","action":"form.submit","values":{"deep":${nestedJson(8000)}}}`,
      ),
    ]);
    expect(results.slice(0, 20).map((r) => r.status)).toEqual(Array(20).fill(200));
    expect(results.slice(0, 20).every((r) => r.body.replies.length > 0)).toBe(true);
    expect(results[20]!.body.error.fields).toEqual({ text: 'contains a NUL character' });
    expect(results[21]!.status).toBe(400);
    expect(Object.values(results[21]!.body.error.fields)).toEqual(['is nested deeper than 32 levels']);
  });
});

describe(`a NUL in the URL (${testBackend()})`, () => {
  it('is 400 without authentication, and logs no error', async () => {
    t = await testDesk();
    const lines: { level: number; msg: string }[] = [];
    const logger = pino(
      { level: 'debug' },
      new Writable({
        write(chunk, _enc, done) {
          for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
          done();
        },
      }),
    );
    const web = createWebChat({ desk: t.desk, config: t.config, demoIdentities: true });
    const app = buildServer({
      desk: t.desk,
      logger,
      ready: async () => ({}),
      routes: [(server) => web.routes!(server)],
    });
    const base = await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      for (const path of ['/kb/it-help%00', '/kb?q=%00', '/api/v1/tickets/IT-1%00', '/kb/%E0%A4%A']) {
        const res = await fetch(`${base}${path}`);
        expect([path, res.status]).toEqual([path, 400]);
      }
      expect(lines.filter((l) => l.level >= 50)).toEqual([]);
    } finally {
      await app.close();
    }
  });
});
