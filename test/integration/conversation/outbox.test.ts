import { sql } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { RecordingChannel } from '../../support/recording-channel.js';
import { TestChat } from '../../support/test-chat.js';
import { type TestDesk, testDesk } from '../../support/test-desk.js';
import { testBackend } from '../../support/test-store.js';

let t: TestDesk;
let rita: TestChat;
let channel: RecordingChannel;

async function outboxStates(): Promise<{ state: string; attempts: number; last_error: string | null }[]> {
  const r = (await t.store.database.db.execute(
    sql`SELECT state, attempts, last_error FROM outbox WHERE topic = 'message' ORDER BY id`,
  )) as unknown as { rows: { state: string; attempts: number; last_error: string | null }[] };
  return r.rows;
}

describe(`outbox delivery (${testBackend()})`, () => {
  beforeEach(async () => {
    t = await testDesk();
    rita = new TestChat(t, await t.person('rita'));
    channel = new RecordingChannel();
    t.desk.outbox.registerChannel(channel);
  });

  it('a 429 twice, then ok: waits Retry-After each time and delivers exactly once', async () => {
    channel.failNext({ retryable: true, retryAfterMs: 30_000 }, { retryable: true, retryAfterMs: 30_000 });
    await rita.say('my requests');
    await t.desk.outbox.drain();
    expect(channel.delivered).toHaveLength(0);
    // Not due before Retry-After has passed.
    t.clock.advance(29_000);
    expect(await t.desk.outbox.drain()).toBe(0);
    t.clock.advance(1_000);
    await t.desk.outbox.drain();
    expect(channel.refusals).toHaveLength(2);
    expect(channel.delivered).toHaveLength(0);
    t.clock.advance(30_000);
    await t.desk.outbox.drain();
    expect(channel.delivered).toHaveLength(1);
    t.clock.advance(600_000);
    expect(await t.desk.outbox.drain()).toBe(0);
    expect(channel.delivered).toHaveLength(1);
    expect(await outboxStates()).toEqual([{ state: 'delivered', attempts: 3, last_error: null }]);
  });

  it('keeps the order of a conversation: a later message waits for an earlier one that must be retried', async () => {
    channel.failNext({ retryable: true, retryAfterMs: 10_000 });
    await rita.say('help');
    await rita.say('my requests');
    await t.desk.outbox.drain();
    expect(channel.delivered).toHaveLength(0);
    t.clock.advance(10_000);
    await t.desk.outbox.drain();
    expect(channel.texts(rita.conversationId).map((x) => x.split('\n')[0])).toEqual([
      'Tell me what you need in your own words and I will suggest articles or open a request.',
      "You have no requests yet. Tell me what you need help with and I'll open one.",
    ]);
  });

  it('a final refusal (4xx) is not retried: the row is dead and kept for admins', async () => {
    channel.failNext({ retryable: false });
    await rita.say('help');
    await t.desk.outbox.drain();
    t.clock.advance(3_600_000);
    await t.desk.outbox.drain();
    expect(channel.delivered).toHaveLength(0);
    expect(await outboxStates()).toEqual([{ state: 'dead', attempts: 1, last_error: 'refused' }]);
  });

  it('gives up after the bounded number of attempts, with growing waits between them', async () => {
    channel.failNext(...Array.from({ length: 20 }, () => ({ retryable: true })));
    await rita.say('help');
    for (let i = 0; i < 12; i++) {
      await t.desk.outbox.drain();
      t.clock.advance(400_000);
    }
    expect(channel.refusals).toHaveLength(8);
    expect((await outboxStates())[0]).toMatchObject({ state: 'dead', attempts: 8 });
  });

  it('skips messages for a platform that is off, instead of piling them up', async () => {
    const other = new TestChat(t, rita.person, { conversationId: 'elsewhere' });
    await other.say('help');
    // Queued for Slack, which this desk does not run (turned off since).
    await t.store.database.db.execute(
      sql`UPDATE outbox SET payload = jsonb_set(payload, '{platform}', '"slack"')`,
    );
    await t.desk.outbox.drain();
    expect(channel.delivered).toHaveLength(0);
    const r = (await t.store.database.db.execute(sql`SELECT state, last_error FROM outbox`)) as unknown as {
      rows: { state: string; last_error: string }[];
    };
    expect(r.rows).toEqual([{ state: 'skipped', last_error: 'channel slack is off' }]);
  });

  it('delivers a row queued before rows carried their address, by reading the conversation', async () => {
    await rita.say('my requests');
    await t.store.database.db.execute(sql`UPDATE outbox SET payload = payload - 'platform' - 'ref'`);
    await t.desk.outbox.drain();
    expect(channel.texts(rita.conversationId)).toHaveLength(1);
    expect((await outboxStates())[0]).toMatchObject({ state: 'delivered' });
  });

  it('marks deliveries that finish together each delivered, once', async () => {
    const chats = await Promise.all(
      ['rita', 'rita', 'rita'].map(
        async (who, i) => new TestChat(t, await t.person(who), { conversationId: `c${i}` }),
      ),
    );
    await Promise.all(chats.map((c) => c.say('my requests')));
    await t.desk.outbox.drain();
    expect(channel.delivered).toHaveLength(3);
    expect((await outboxStates()).map((r) => [r.state, r.attempts])).toEqual([
      ['delivered', 1],
      ['delivered', 1],
      ['delivered', 1],
    ]);
  });
});
