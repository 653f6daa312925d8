import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../../support/test-api.js';
import { type TestDesk, testDesk } from '../../support/test-desk.js';
import { testBackend } from '../../support/test-store.js';

let t: TestDesk;
let api: TestApi;

describe(`GET /api/v1/tickets/:key/transcript (${testBackend()})`, () => {
  beforeEach(async () => {
    t = await testDesk();
    api = await startTestApi(t);
  });
  afterEach(async () => {
    await api.app.close();
  });

  it('an agent downloads the whole conversation, internal notes marked; the requester may not', async () => {
    const [rita, alice, hana] = await Promise.all(['rita', 'alice', 'hana'].map((p) => api.tokenFor(p)));
    await api.call('POST', '/api/v1/tickets', rita, {
      requestType: 'laptop-problem',
      fields: { device: 'Laptop', description: 'Blue screen at login' },
    });
    await api.call('POST', '/api/v1/tickets/IT-1/comments', alice, { body: 'Could you try safe mode?' });
    await api.call('POST', '/api/v1/tickets/IT-1/comments', alice, {
      body: 'Driver issue, see KB',
      internal: true,
    });
    await api.call('POST', '/api/v1/tickets/IT-1/comments', rita, {
      body: 'Safe mode works\nnormal mode not',
    });
    const res = await fetch(`${api.base}/api/v1/tickets/IT-1/transcript`, {
      headers: { authorization: `Bearer ${alice}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="IT-1-transcript.txt"');
    const text = await res.text();
    expect(text).toMatch(/^IT-1: Laptop or desktop problem: Laptop\n/);
    expect(text).toMatch(/\] Alice Agent \(public\):\n {4}Could you try safe mode\?/);
    expect(text).toMatch(/\] Alice Agent \(internal note\):\n {4}Driver issue, see KB/);
    expect(text).toMatch(/\] Rita Requester \(public\):\n {4}Safe mode works\n {4}normal mode not/);
    expect((await api.call('GET', '/api/v1/tickets/IT-1/transcript', rita)).status).toBe(403);
    expect((await api.call('GET', '/api/v1/tickets/IT-1/transcript', hana)).status).toBe(404);
  });
});
