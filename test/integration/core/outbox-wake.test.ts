import { beforeEach, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../../support/test-api.js';
import { type TestDesk, testDesk } from '../../support/test-desk.js';
import { testBackend } from '../../support/test-store.js';

let t: TestDesk;
let api: TestApi;
let wakes: number;

/** A change through any door wakes the dispatcher at once, instead of waiting for its next poll. */
describe(`every change wakes the outbox (${testBackend()})`, () => {
  beforeEach(async () => {
    t = await testDesk();
    api = await startTestApi(t);
    wakes = 0;
    t.desk.outbox.wake = () => {
      wakes++;
    };
  });

  it('REST create, comment, PATCH and transition each wake it; a change that queues nothing does not', async () => {
    const rita = await api.tokenFor('rita');
    const alice = await api.tokenFor('alice');
    const woke = async (call: () => Promise<{ status: number }>) => {
      const before = wakes;
      const res = await call();
      expect(res.status).toBeLessThan(300);
      return wakes - before;
    };
    const body = { requestType: 'laptop-problem', fields: { device: 'Laptop', description: 'Blue screen' } };
    expect(await woke(() => api.call('POST', '/api/v1/tickets', rita, body))).toBe(1);
    expect(
      await woke(() => api.call('POST', '/api/v1/tickets/IT-1/comments', alice, { body: 'On it' })),
    ).toBe(1);
    expect(await woke(() => api.call('PATCH', '/api/v1/tickets/IT-1', alice, { priority: 'high' }))).toBe(1);
    const move = { transition: 'start_progress' };
    expect(await woke(() => api.call('POST', '/api/v1/tickets/IT-1/transitions', alice, move))).toBe(1);
    // The same priority again changes nothing and queues nothing.
    expect(await woke(() => api.call('PATCH', '/api/v1/tickets/IT-1', alice, { priority: 'high' }))).toBe(0);
    await api.app.close();
  });
});
