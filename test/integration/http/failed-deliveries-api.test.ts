import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TURN_TRIES } from '../../../src/core/inbound/inbound.pipeline.js';
import { DeliveryError } from '../../../src/ports/channel.port.js';
import type { InboundEvent } from '../../../src/ports/message.types.js';
import { startTestApi, type TestApi } from '../../support/test-api.js';
import { type TestDesk, testDesk } from '../../support/test-desk.js';
import { testBackend } from '../../support/test-store.js';

/** What the desk gave up on, as admins see it over REST, and a retry once the cause is fixed. */
let t: TestDesk;
let api: TestApi;

describe(`failed deliveries for admins (${testBackend()})`, () => {
  beforeEach(async () => {
    t = await testDesk();
    api = await startTestApi(t);
  });
  afterEach(async () => {
    await api.app.close();
  });

  it('lists an outbox row a platform refused, with its error; once fixed, a retry sends it', async () => {
    const ada = await api.tokenFor('ada');
    let routingKey = 'wrong';
    const sent: unknown[] = [];
    t.desk.outbox.registerTopic('pagerduty', async (row) => {
      if (routingKey === 'wrong')
        throw new DeliveryError('PagerDuty answered 400: invalid routing key', false);
      sent.push(row.payload);
      return 'delivered';
    });
    await t.store.outbox.enqueue(
      { topic: 'pagerduty', ticketId: null, payload: { summary: 'IT-1' } },
      t.clock.now(),
    );
    await t.desk.outbox.drain();

    const listed = await api.call('GET', '/api/v1/failed-deliveries', ada);
    expect(listed.status).toBe(200);
    expect(listed.body.outbound).toEqual([
      {
        id: expect.any(Number),
        topic: 'pagerduty',
        ticketKey: null,
        attempts: 1,
        error: 'PagerDuty answered 400: invalid routing key',
        createdAt: t.clock.now().toISOString(),
      },
    ]);
    const { id } = listed.body.outbound[0];
    expect(JSON.stringify(listed.body)).not.toContain('IT-1'); // not the payload

    routingKey = 'fixed';
    const retried = await api.call('POST', `/api/v1/failed-deliveries/outbound/${id}/retry`, ada);
    expect(retried).toMatchObject({ status: 202, body: { retried: true } });
    await t.desk.outbox.drain();
    expect(sent).toEqual([{ summary: 'IT-1' }]);
    expect((await api.call('GET', '/api/v1/failed-deliveries', ada)).body.outbound).toEqual([]);
    expect((await api.call('POST', `/api/v1/failed-deliveries/outbound/${id}/retry`, ada)).status).toBe(404);
  });

  it('lists a delivery set aside after its turn kept failing; once fixed, a retry answers it', async () => {
    const ada = await api.tokenFor('ada');
    const ghost: InboundEvent = {
      platform: 'chat',
      deliveryId: 'Ev/1',
      conversation: { id: 'chat:ghost', platform: 'chat', ref: {}, formFields: 0 },
      speaker: { personId: 'p-ghost' }, // a person removed since the delivery came
      text: 'my requests',
    };
    await expect(t.desk.inbound.receive(ghost)).rejects.toThrow('No person p-ghost');
    for (let i = 1; i < TURN_TRIES; i++) await t.desk.inbound.replayPending();

    const listed = await api.call('GET', '/api/v1/failed-deliveries', ada);
    expect(listed.body.inbound).toEqual([
      {
        platform: 'chat',
        deliveryId: 'Ev/1',
        conversationId: 'chat:ghost',
        attempts: TURN_TRIES,
        error: 'No person p-ghost',
        receivedAt: t.clock.now().toISOString(),
      },
    ]);
    // The person is back (restored from a backup, say): the retry runs the turn, which answers now.
    await t.store.database.db.execute(
      sql`INSERT INTO persons (id, email, name) VALUES ('p-ghost', 'ghost@acme.example', 'Back Again')`,
    );
    const path = `/api/v1/failed-deliveries/inbound/chat/${encodeURIComponent('Ev/1')}/retry`;
    expect((await api.call('POST', path, ada)).status).toBe(202);
    const lines = await t.store.conversations.transcript('chat:ghost', 0, 10);
    expect(lines.map((l) => l.direction)).toEqual(['in', 'out']);
    expect((await api.call('GET', '/api/v1/failed-deliveries', ada)).body.inbound).toEqual([]);
    expect((await api.call('POST', path, ada)).status).toBe(404);
  });

  it('is for admins only, and names a bad id', async () => {
    const rita = await api.tokenFor('rita');
    const alice = await api.tokenFor('alice');
    const ada = await api.tokenFor('ada');
    expect((await api.call('GET', '/api/v1/failed-deliveries', rita)).status).toBe(403);
    expect((await api.call('GET', '/api/v1/failed-deliveries', alice)).status).toBe(403);
    expect((await api.call('POST', '/api/v1/failed-deliveries/outbound/1/retry', alice)).status).toBe(403);
    const bad = await api.call('POST', '/api/v1/failed-deliveries/outbound/abc/retry', ada);
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('id');
  });
});
