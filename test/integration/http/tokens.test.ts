import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_SESSIONS_PER_ADDRESS } from '../../../adapters/web/web.routes.js';
import { createDesk } from '../../../src/core/desk.js';
import { DEMO_TOKEN_LIFETIME_MS } from '../../../src/core/identity/people.service.js';
import { trustProxyOf } from '../../../src/env.js';
import { FAILED_TOKEN_LIMIT } from '../../../src/http/bearer.auth.js';
import { buildServer } from '../../../src/http/server.js';
import { createLogger } from '../../../src/logger.js';
import type { TestApi } from '../../support/test-api.js';
import { type TestDesk, testDesk } from '../../support/test-desk.js';
import { testBackend } from '../../support/test-store.js';
import { startTestWeb } from '../../support/test-web.js';

let t: TestDesk;
let api: TestApi;

describe(`API tokens: list, revoke, demo expiry, rate limits (${testBackend()})`, () => {
  beforeEach(async () => {
    t = await testDesk();
    api = await startTestWeb(t);
  });
  afterEach(async () => {
    await api.app.close();
  });

  it('admins list and revoke tokens over REST; a revoked token is 401 at once; others get 403', async () => {
    const ada = await api.tokenFor('ada');
    const rita = await api.tokenFor('rita');
    const list = await api.call('GET', '/api/v1/tokens', ada);
    expect(list.status).toBe(200);
    const ritas = list.body.tokens.filter(
      (x: { person: { email: string } }) => x.person.email === 'rita@acme.example',
    );
    expect(ritas).toHaveLength(1);
    expect(ritas[0]).toMatchObject({
      name: 'test',
      status: 'active',
      demo: false,
      expiresAt: null,
      revokedAt: null,
    });
    expect(JSON.stringify(list.body)).not.toContain(rita);
    expect((await api.call('GET', '/api/v1/tokens', rita)).status).toBe(403);
    expect((await api.call('DELETE', `/api/v1/tokens/${ritas[0].id}`, rita)).status).toBe(403);

    expect((await api.call('GET', '/api/v1/people/me', rita)).status).toBe(200);
    expect((await api.call('DELETE', `/api/v1/tokens/${ritas[0].id}`, ada)).status).toBe(204);
    expect((await api.call('GET', '/api/v1/people/me', rita)).status).toBe(401);
    expect((await api.call('DELETE', `/api/v1/tokens/${ritas[0].id}`, ada)).status).toBe(404);
    const after = await api.call('GET', '/api/v1/tokens?email=rita@acme.example', ada);
    expect(after.body.tokens.map((x: { status: string }) => x.status)).toEqual(['revoked']);
  });

  it('a token another process revoked (the CLI, another instance) stops working here too, though it was trusted from memory', async () => {
    const other = createDesk(t.store, t.config, t.clock);
    await t.desk.people.start();
    try {
      const { token, id } = await t.desk.people.createToken('rita@acme.example', 'script');
      expect((await t.desk.people.authenticate(token))?.email).toBe('rita@acme.example');
      expect((await other.people.revokeTokens({ id })).map((r) => r.id)).toEqual([id]);
      const deadline = Date.now() + 5000;
      while ((await t.desk.people.authenticate(token)) !== null && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 20));
      expect(await t.desk.people.authenticate(token)).toBeNull();
    } finally {
      await t.desk.people.stop();
    }
  });

  it('a demo session token expires after its lifetime, and is revoked with the other demo tokens', async () => {
    const session = await api.call('POST', '/web/demo-session', undefined, { email: 'alice@acme.example' });
    const demo = session.body.token;
    const kept = await api.tokenFor('alice');
    expect((await api.call('GET', '/api/v1/people/me', demo)).status).toBe(200);
    t.clock.advance(DEMO_TOKEN_LIFETIME_MS);
    expect((await api.call('GET', '/api/v1/people/me', demo)).status).toBe(401);

    const fresh = (await api.call('POST', '/web/demo-session', undefined, { email: 'rita@acme.example' }))
      .body.token;
    const revoked = await t.desk.people.revokeDemoTokens();
    expect(revoked.map((r) => [r.person.email, r.demo]).sort()).toEqual([
      ['alice@acme.example', true],
      ['rita@acme.example', true],
    ]);
    expect((await api.call('GET', '/api/v1/people/me', fresh)).status).toBe(401);
    expect((await api.call('GET', '/api/v1/people/me', kept)).status).toBe(200);
  });

  it(`after ${FAILED_TOKEN_LIMIT} wrong tokens an address gets 429 with Retry-After, even with a good one`, async () => {
    const good = await api.tokenFor('rita');
    // A request without any token is no guess: it never counts.
    for (let i = 0; i < 30; i++) expect((await api.call('GET', '/api/v1/tickets')).status).toBe(401);
    for (let i = 0; i < FAILED_TOKEN_LIMIT; i++)
      expect((await api.call('GET', '/api/v1/tickets', `dsk_wrong${i}`)).status).toBe(401);
    const blocked = await api.call('GET', '/api/v1/tickets', 'dsk_wrong-again');
    expect(blocked.status).toBe(429);
    const wait = Number(blocked.headers.get('retry-after'));
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(60);
    expect(blocked.body.error.code).toBe('too_many_requests');
    expect((await api.call('GET', '/api/v1/tickets', good)).status).toBe(429);
    expect((await api.call('GET', '/web/transcript', good)).status).toBe(429);
  });

  it('behind a trusted proxy the limit is per forwarded client; an untrusted X-Forwarded-For is ignored', async () => {
    const wrong = (app: string, from: string) =>
      fetch(`${app}/api/v1/tickets`, {
        headers: { authorization: 'Bearer dsk_wrong', 'x-forwarded-for': from },
      });
    const proxied = buildServer({
      desk: t.desk,
      logger: createLogger('silent'),
      ready: async () => ({}),
      trustProxy: trustProxyOf('1'),
    });
    const base = await proxied.listen({ port: 0, host: '127.0.0.1' });
    try {
      for (let i = 0; i < FAILED_TOKEN_LIMIT; i++) expect((await wrong(base, '10.0.0.1')).status).toBe(401);
      expect((await wrong(base, '10.0.0.1')).status).toBe(429);
      expect((await wrong(base, '10.0.0.2')).status).toBe(401);
    } finally {
      await proxied.close();
    }
    // The test server trusts no proxy: every request is 127.0.0.1, whatever it claims.
    for (let i = 0; i < FAILED_TOKEN_LIMIT; i++) await wrong(api.base, `10.0.1.${i}`);
    expect((await wrong(api.base, '10.0.9.9')).status).toBe(429);
  });

  it(`${DEMO_SESSIONS_PER_ADDRESS} demo sign-ins per address, then 429 with Retry-After and no token`, async () => {
    const statuses: number[] = [];
    for (let i = 0; i <= DEMO_SESSIONS_PER_ADDRESS; i++)
      statuses.push(
        (await api.call('POST', '/web/demo-session', undefined, { email: 'rita@acme.example' })).status,
      );
    expect(statuses.slice(0, DEMO_SESSIONS_PER_ADDRESS)).toEqual(Array(DEMO_SESSIONS_PER_ADDRESS).fill(200));
    const last = await api.call('POST', '/web/demo-session', undefined, { email: 'rita@acme.example' });
    expect(last.status).toBe(429);
    expect(Number(last.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(last.body.token).toBeUndefined();
    expect((await t.desk.people.listTokens('rita@acme.example')).length).toBe(DEMO_SESSIONS_PER_ADDRESS);
  });
});
