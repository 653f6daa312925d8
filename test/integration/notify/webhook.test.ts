import { createHmac } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPrivateAddress } from '../../../adapters/notify/address.guard.js';
import { registerNotifiers } from '../../../adapters/notify/notify.adapter.js';
import type { DeskConfig } from '../../../src/config/desk.schema.js';
import { HttpReceiver } from '../../fakes/notify/http-receiver.js';
import { type TestDesk, testDesk } from '../../support/test-desk.js';
import { testBackend } from '../../support/test-store.js';

const SECRET = 'webhook-secret-for-tests';
let receiver: HttpReceiver;

/** A rule that calls the webhook on every new request. */
const onCreate: DeskConfig['automations'] = [
  {
    id: 'tell-ops',
    name: 'Tell the ops tool',
    enabled: true,
    when: { event: 'ticket.created' },
    if: { assignee: 'any' },
    // biome-ignore lint/suspicious/noThenProperty: the rule's own key; an array is never thenable
    then: [{ webhook: 'ops' }],
  },
];

async function deskWith(url: string, allowPrivate: boolean): Promise<TestDesk> {
  const t = await testDesk({
    automations: onCreate,
    tweak: (c) => {
      c.webhooks = [{ id: 'ops', url, allowPrivate }];
    },
  });
  registerNotifiers(t.desk.outbox, { WEBHOOK_SECRET: SECRET }, t.config.webhooks);
  await t.desk.tickets.create(await t.person('rita'), {
    requestType: 'laptop-problem',
    fields: { device: 'Laptop', description: 'No picture' },
  });
  return t;
}

async function webhookRows(t: TestDesk) {
  const r = await t.store.database.db.execute(
    sql`SELECT state, attempts, last_error AS "lastError" FROM outbox WHERE topic = 'webhook'`,
  );
  return (r as unknown as { rows: { state: string; attempts: number; lastError: string | null }[] }).rows;
}

describe(`outbound webhooks (${testBackend()})`, () => {
  beforeAll(async () => {
    receiver = await new HttpReceiver().start();
  });
  afterAll(async () => {
    await receiver.stop();
  });

  it('POSTs the ticket signed with HMAC-SHA256, retrying a 500', async () => {
    const t = await deskWith(`${receiver.base}/hooks/deskbot`, true);
    receiver.failNext({ status: 500 });
    await t.desk.outbox.drain();
    expect((await webhookRows(t))[0]).toMatchObject({ state: 'pending', attempts: 1 });
    t.clock.advance(60_000);
    await t.desk.outbox.drain();
    const got = receiver.received.at(-1)!;
    expect(got.path).toBe('/hooks/deskbot');
    expect(got.body).toMatchObject({
      event: 'rule',
      ticket: { key: 'IT-1', status: 'open', department: 'it' },
    });
    const ts = String(got.headers['x-deskbot-timestamp']);
    const expected = `v1=${createHmac('sha256', SECRET).update(`${ts}.${got.raw}`).digest('hex')}`;
    expect(got.headers['x-deskbot-signature']).toBe(expected);
    expect((await webhookRows(t))[0]).toMatchObject({ state: 'delivered' });
  });

  it('never posts to a loopback or private address unless the target allows it', async () => {
    const before = receiver.received.length;
    const t = await deskWith(`${receiver.base}/hooks/deskbot`, false);
    await t.desk.outbox.drain();
    expect(receiver.received.length).toBe(before);
    const [row] = await webhookRows(t);
    expect(row).toMatchObject({ state: 'dead' });
    expect(row!.lastError).toContain('127.0.0.1 is a private address');
    // A name that resolves to loopback is refused at connect time too.
    const named = await deskWith(receiver.base.replace('127.0.0.1', 'localhost'), false);
    await named.desk.outbox.drain();
    expect(receiver.received.length).toBe(before);
    expect((await webhookRows(named))[0]!.lastError).toMatch(/localhost resolves to .*a private address/);
  });

  it('knows the private ranges', () => {
    for (const ip of [
      '127.0.0.1',
      '10.1.2.3',
      '172.16.0.1',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '::1',
      'fd00::1',
      'fe80::1',
      '::ffff:127.0.0.1',
    ])
      expect(isPrivateAddress(ip), ip).toBe(true);
    for (const ip of ['8.8.8.8', '172.32.0.1', '1.1.1.1', '2606:4700::1111'])
      expect(isPrivateAddress(ip), ip).toBe(false);
  });
});
