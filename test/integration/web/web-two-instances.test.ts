import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createWebChat } from '../../../adapters/web/web.adapter.js';
import { type SecondInstance, secondInstance } from '../../support/second-instance.js';
import { startTestApi, type TestApi } from '../../support/test-api.js';
import { type TestDesk, testDesk } from '../../support/test-desk.js';
import { testBackend } from '../../support/test-store.js';
import { openRequestOverWeb, openStream, type StreamEvent, startTestWeb } from '../../support/test-web.js';

/**
 * Behind a load balancer, the requester's page streams from one instance while another's dispatcher
 * delivers the agent's reply: the reply still reaches the page, at once (a signal through the database).
 */
let t: TestDesk;
let one: Awaited<ReturnType<typeof startTestWeb>>;
let second: SecondInstance;
let two: TestApi;
const textOf = (e: StreamEvent) => JSON.stringify(e.data);

describe(`web chat on two instances (${testBackend()})`, () => {
  beforeEach(async () => {
    t = await testDesk();
    one = await startTestWeb(t);
    second = await secondInstance(t);
    const web = createWebChat({ desk: second.desk, config: t.config, demoIdentities: true });
    second.desk.attach(web);
    two = await startTestApi({ ...t, store: second.store, desk: second.desk }, undefined, [
      (server) => web.routes!(server),
    ]);
  });
  afterEach(async () => {
    await one.app.close();
    await two.app.close();
    await second.close();
  });

  it("an agent's reply delivered by the other instance reaches the page streaming from this one", async () => {
    const rita = await one.tokenFor('rita');
    const alice = await two.tokenFor('alice');
    const key = await openRequestOverWeb((body) =>
      one.call('POST', '/web/messages', rita, { clientId: randomUUID(), ...body }),
    );
    await t.desk.outbox.drain();
    const page = await openStream(one.base, rita);
    await page.waitFor((e) => e.event === 'ready');

    const reply = await two.call('POST', `/api/v1/tickets/${key}/comments`, alice, {
      body: 'Please update the display driver, then restart.',
    });
    expect(reply.status).toBe(201);
    // Only the second instance's dispatcher runs: relay, then delivery to the web chat.
    await second.desk.outbox.drain();
    const pushed = await page.waitFor((e) => e.event === 'message' && textOf(e).includes('display driver'));
    expect(textOf(pushed)).toContain(key);
    await page.close();
  });
});
