import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACTIONS } from '../../../src/ports/message.types.js';
import type { TestApi } from '../../support/test-api.js';
import { type TestDesk, testDesk } from '../../support/test-desk.js';
import { testBackend } from '../../support/test-store.js';
import { openRequestOverWeb, startTestWeb } from '../../support/test-web.js';

let t: TestDesk;
let api: TestApi;

// biome-ignore lint/suspicious/noExplicitAny: replies are read part by part in assertions
type Json = any;

/** Sends one message of the page as the token's holder; a fresh client id unless given. */
function send(token: string, body: Record<string, unknown>, clientId: string = randomUUID()) {
  return api.call('POST', '/web/messages', token, { clientId, ...body });
}

describe(`web chat: sign-in and messages (${testBackend()})`, () => {
  beforeEach(async () => {
    t = await testDesk();
  });
  afterEach(async () => {
    await api.app.close();
  });

  it('makes a token for a demo identity only, and the token works on the REST API', async () => {
    api = await startTestWeb(t);
    const config = await api.call('GET', '/web/config');
    expect(config.body.demoIdentities.map((d: Json) => [d.email, d.role])).toEqual([
      ['rita@acme.example', 'requester'],
      ['alice@acme.example', 'agent'],
      ['maria@acme.example', 'manager'],
    ]);
    const session = await api.call('POST', '/web/demo-session', undefined, { email: 'Rita@acme.example' });
    expect(session.status).toBe(200);
    expect(session.body).toMatchObject({ person: { email: 'rita@acme.example' }, role: 'requester' });
    const me = await api.call('GET', '/api/v1/people/me', session.body.token);
    expect(me.body.email).toBe('rita@acme.example');
    // Sam is a person of the desk but not a demo identity; Ada is an admin.
    expect(
      (await api.call('POST', '/web/demo-session', undefined, { email: 'sam@acme.example' })).status,
    ).toBe(404);
    expect(
      (await api.call('POST', '/web/demo-session', undefined, { email: 'ada@acme.example' })).status,
    ).toBe(404);
    expect((await api.call('POST', '/web/demo-session', undefined, { email: 'not an email' })).status).toBe(
      400,
    );
  });

  it('answers 404 for a demo session when WEB_DEMO_IDENTITIES=off, and offers none', async () => {
    api = await startTestWeb(t, { demoIdentities: false });
    const session = await api.call('POST', '/web/demo-session', undefined, { email: 'rita@acme.example' });
    expect(session.status).toBe(404);
    expect(session.body).not.toHaveProperty('token');
    expect((await api.call('GET', '/web/config')).body.demoIdentities).toBeNull();
    // The page still works with an API token.
    const rita = await api.tokenFor('rita');
    expect((await api.call('GET', '/web/transcript', rita)).status).toBe(200);
  });

  it('answers 401 without a valid token, on every chat route', async () => {
    api = await startTestWeb(t);
    for (const [method, path, body] of [
      ['POST', '/web/messages', { clientId: randomUUID(), text: 'hello' }],
      ['GET', '/web/transcript', undefined],
      ['GET', '/web/stream', undefined],
    ] as const) {
      const none = await api.call(method, path, undefined, body);
      expect(none.status, `${method} ${path}`).toBe(401);
      expect(none.body.error.code).toBe('unauthorized');
      expect((await api.call(method, path, 'dsk_forged', body)).status).toBe(401);
    }
  });

  it('serves the page with a strict Content-Security-Policy and no inline script', async () => {
    api = await startTestWeb(t);
    for (const path of ['/', '/requests/IT-1', '/agent', '/agent/tickets/IT-1']) {
      const res = await fetch(`${api.base}${path}`);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
      const html = await res.text();
      expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    }
    expect((await fetch(`${api.base}/assets/styles.css`)).headers.get('content-type')).toMatch(/^text\/css/);
    expect((await fetch(`${api.base}/assets/../web.routes.ts`)).status).toBe(404);
  });

  it('runs a conversation over POST /web/messages; a resent client id changes nothing', async () => {
    api = await startTestWeb(t);
    const rita = await api.tokenFor('rita');
    const clientId = randomUUID();
    const first = await send(rita, { text: 'My laptop screen keeps flickering after the update' }, clientId);
    expect(first.status).toBe(200);
    expect(first.body.duplicate).toBe(false);
    expect(first.body.replies.length).toBeGreaterThan(0);
    const before = (await api.call('GET', '/web/transcript', rita)).body.lines;

    const again = await send(rita, { text: 'My laptop screen keeps flickering after the update' }, clientId);
    expect(again.body).toEqual({ duplicate: true, replies: [] });
    const after = (await api.call('GET', '/web/transcript', rita)).body.lines;
    expect(after).toEqual(before);
    expect(after[0]).toMatchObject({
      direction: 'in',
      message: { text: 'My laptop screen keeps flickering after the update' },
    });
    expect(after[0].message).not.toHaveProperty('personId');
    expect(after[1].direction).toBe('out');

    const later = await api.call('GET', `/web/transcript?after=${after[0].id}`, rita);
    expect(later.body.lines.map((l: Json) => l.id)).toEqual(after.slice(1).map((l: Json) => l.id));
  });

  it('opens a request through the form, as one form, and shows it at /requests/KEY to its owner only', async () => {
    api = await startTestWeb(t);
    const rita = await api.tokenFor('rita');
    const sam = await api.tokenFor('sam');
    const key = await openRequestOverWeb((body) => send(rita, body));
    const ticket = await api.call('GET', `/api/v1/tickets/${key}`, rita);
    expect(ticket.body).toMatchObject({
      requester: { email: 'rita@acme.example' },
      fields: { device: 'Laptop' },
    });
    const stored = await t.desk.tickets.get(await t.person('rita'), key);
    expect(stored.originConversationId).toBe(`web:${(await t.person('rita')).id}`);

    // The request page reads the REST API: another requester gets 404 for the ticket and its comments.
    expect((await api.call('GET', `/api/v1/tickets/${key}`, sam)).status).toBe(404);
    expect((await api.call('GET', `/api/v1/tickets/${key}/comments`, sam)).status).toBe(404);
  });

  it("never shows one person another's transcript: each reads only their own web chat", async () => {
    api = await startTestWeb(t);
    const rita = await api.tokenFor('rita');
    const sam = await api.tokenFor('sam');
    await send(rita, { text: 'Secret: my VPN password is hunter2' });
    const samLines = await api.call('GET', '/web/transcript', sam);
    expect(samLines.body.lines).toEqual([]);
    // No parameter picks another conversation.
    const ritaId = (await t.person('rita')).id;
    const probe = await api.call('GET', `/web/transcript?conversation=web:${ritaId}&id=web:${ritaId}`, sam);
    expect(JSON.stringify(probe.body)).not.toContain('hunter2');
    // And the core refuses it to anyone but the owner.
    await expect(t.desk.conversations.transcript(await t.person('sam'), `web:${ritaId}`)).rejects.toThrow(
      /No such/,
    );
  });

  it('refuses a message that is neither words nor an action, or lacks a uuid client id', async () => {
    api = await startTestWeb(t);
    const rita = await api.tokenFor('rita');
    expect((await api.call('POST', '/web/messages', rita, { clientId: 'x', text: 'hi' })).status).toBe(400);
    expect((await send(rita, {})).status).toBe(400);
    expect((await send(rita, { text: 'hi', action: ACTIONS.cancel })).status).toBe(400);
  });
});
