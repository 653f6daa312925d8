import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { FAILED_KEPT_MS, KEPT_MS } from '../../../src/core/housekeeping/retention.service.js';
import type { InboundEvent } from '../../../src/ports/message.types.js';
import { type TestDesk, testDesk } from '../../support/test-desk.js';
import { testBackend } from '../../support/test-store.js';

/** Finished inbox and outbox rows go after a week, failed and dead ones after a month; pending ones stay. */
let t: TestDesk;
const DAY = 86_400_000;

async function left(query: ReturnType<typeof sql>): Promise<string[]> {
  const r = (await t.store.database.db.execute(query)) as unknown as { rows: { k: string }[] };
  return r.rows.map((row) => row.k).sort();
}
const inbox = () => left(sql`SELECT delivery_id AS k FROM inbox`);
const outbox = () => left(sql`SELECT payload->>'k' AS k FROM outbox WHERE payload ? 'k'`);

function delivery(personId: string, deliveryId: string): InboundEvent {
  return {
    platform: 'chat',
    deliveryId,
    conversation: { id: `chat:${personId}`, platform: 'chat', ref: {}, formFields: 0 },
    speaker: { personId },
    text: 'my requests',
  };
}

/** An outbox row of a topic nobody delivers here, left in `state`. */
async function row(k: string, state: 'pending' | 'delivered' | 'dead' | 'skipped'): Promise<void> {
  await t.store.outbox.enqueue({ topic: 'retention-test', ticketId: null, payload: { k } }, t.clock.now());
  const [{ id }] = (
    (await t.store.database.db.execute(sql`SELECT id FROM outbox WHERE payload->>'k' = ${k}`)) as unknown as {
      rows: { id: number }[];
    }
  ).rows as [{ id: number }];
  if (state === 'delivered') await t.store.outbox.delivered(Number(id), t.clock.now());
  if (state === 'dead' || state === 'skipped')
    await t.store.outbox.finish(Number(id), state, 'why', t.clock.now());
}

describe(`retention of the inbox and the outbox (${testBackend()})`, () => {
  beforeEach(async () => {
    t = await testDesk();
  });

  it('removes finished rows after a week, failed and dead ones after a month, never a pending one', async () => {
    const rita = await t.person('rita');
    const sam = await t.person('sam');
    const receive = async (id: string) => t.desk.inbound.receive(delivery(rita.id, id));
    await receive('done-old');
    // Acknowledged, never run (a conversation of its own: a later turn in Rita's would take it first).
    await t.desk.conversations.accept(delivery(sam.id, 'pending-old'));
    await t.desk.conversations.accept(delivery(rita.id, 'failed-old'));
    await t.desk.conversations.failed(delivery(rita.id, 'failed-old'), new Error('boom'), 1);
    for (const state of ['pending', 'delivered', 'dead', 'skipped'] as const)
      await row(`${state}-old`, state);
    // The turn's replies: outbox rows of the conversation, delivered by nobody here (left pending).
    await t.store.database.db.execute(
      sql`UPDATE outbox SET state = 'delivered' WHERE topic <> 'retention-test'`,
    );

    t.clock.advance(KEPT_MS - DAY);
    await receive('done-recent');
    await row('delivered-recent', 'delivered');
    expect(await t.desk.retention.sweep()).toEqual({ inbox: 0, outbox: 0 });

    t.clock.advance(2 * DAY); // the first rows are a week and a day old
    const week = await t.desk.retention.sweep();
    expect(week).toEqual({ inbox: 1, outbox: 3 }); // the outbox: delivered, skipped, the turn's reply
    expect(await inbox()).toEqual(['done-recent', 'failed-old', 'pending-old']);
    expect(await outbox()).toEqual(['dead-old', 'delivered-recent', 'pending-old']);

    t.clock.advance(FAILED_KEPT_MS);
    await t.desk.retention.sweep();
    expect(await inbox()).toEqual(['pending-old']);
    expect(await outbox()).toEqual(['pending-old']);
    expect(await t.desk.retention.sweep()).toEqual({ inbox: 0, outbox: 0 });
  });

  it('removes a large backlog in batches, all of it', async () => {
    await t.store.database.db.execute(sql`INSERT INTO outbox (topic, payload, created_at, next_attempt_at, state, delivered_at)
      SELECT 'retention-test', '{}'::jsonb, ${t.clock.now().toISOString()}::timestamptz, now(), 'delivered', now()
      FROM generate_series(1, 2500)`);
    await t.store.database.db.execute(sql`INSERT INTO inbox (platform, delivery_id, payload, received_at, processed_at)
      SELECT 'chat', ${randomUUID()} || n, '{}'::jsonb, ${t.clock.now().toISOString()}::timestamptz, now()
      FROM generate_series(1, 2500) AS n`);
    t.clock.advance(KEPT_MS + DAY);
    expect(await t.desk.retention.sweep()).toEqual({ inbox: 2500, outbox: 2500 });
  });
});
