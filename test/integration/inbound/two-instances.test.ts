import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Desk } from '../../../src/core/index.js';
import type { InboundEvent } from '../../../src/ports/message.types.js';
import { type SecondInstance, secondInstance } from '../../support/second-instance.js';
import { type TestDesk, testDesk } from '../../support/test-desk.js';
import { testBackend } from '../../support/test-store.js';

/**
 * Two instances on one database, each with its own desk (turn queue, outbox dispatcher) and, on the
 * server, its own connections: the turns of one conversation run one at a time and in the order their
 * deliveries were recorded, whichever instance recorded them, and each exactly once.
 */
let t: TestDesk;
let other: Desk;
let second: SecondInstance;

function said(text: string, personId: string): InboundEvent {
  return {
    platform: 'chat',
    deliveryId: randomUUID(),
    conversation: { id: `chat:${personId}`, platform: 'chat', ref: {}, formFields: 0 },
    speaker: { personId },
    text,
  };
}

async function heard(conversationId: string): Promise<string[]> {
  const lines = await t.store.conversations.transcript(conversationId, 0, 1000);
  return lines.filter((l) => l.direction === 'in').map((l) => String(l.message.text));
}

describe(`two instances, one database: a conversation's turns (${testBackend()})`, () => {
  beforeEach(async () => {
    t = await testDesk();
    second = await secondInstance(t);
    other = second.desk;
  });
  afterEach(() => second.close());

  it('takes a delivery the other instance acknowledged and never ran before its own, and only once', async () => {
    const rita = await t.person('rita');
    const first = said('my vpn keeps dropping', rita.id);
    // Instance A records and acknowledges it, then stops before the turn (killed).
    expect(await t.desk.conversations.accept(first)).not.toBeNull();
    const second = said('and outlook will not open', rita.id);
    expect((await other.inbound.receive(second)).outcome).toBe('answered');
    expect(await heard(first.conversation.id)).toEqual([first.text, second.text]);
    // The sweep finds nothing left, and a retry of either changes nothing.
    expect(await t.desk.inbound.replayPending()).toEqual({ replayed: 0, refused: [] });
    expect(await t.desk.inbound.receive(first)).toEqual({ outcome: 'duplicate' });
    expect(await other.inbound.receive(second)).toEqual({ outcome: 'duplicate' });
    expect(await heard(first.conversation.id)).toEqual([first.text, second.text]);
  });

  it('a delivery left by a stopped instance is run by the sweep once it is old enough', async () => {
    const rita = await t.person('rita');
    const left = said('printer on 3 is jammed', rita.id);
    await t.desk.conversations.accept(left);
    expect(await other.inbound.replayPending(10_000)).toEqual({ replayed: 0, refused: [] });
    t.clock.advance(10_000);
    expect(await other.inbound.replayPending(10_000)).toEqual({ replayed: 1, refused: [] });
    expect(await heard(left.conversation.id)).toEqual([left.text]);
  });

  it.skipIf(testBackend() === 'pglite')(
    'quick messages alternating between the instances run one at a time, in the order recorded',
    async () => {
      const people = await Promise.all(['rita', 'sam'].map((n) => t.person(n)));
      const sent = people.map((p) => Array.from({ length: 12 }, (_, i) => said(`${p.id} says ${i}`, p.id)));
      // All at once, each message to the other instance than the one before.
      const received = await Promise.all(
        sent.flatMap((events) => events.map((e, i) => (i % 2 ? other : t.desk).inbound.receive(e))),
      );
      expect(received.every((r) => r.outcome === 'answered' || r.outcome === 'duplicate')).toBe(true);
      for (const events of sent) {
        const conversation = events[0]!.conversation.id;
        const rows = await t.store.database.raw(
          'SELECT payload->>$2 AS text FROM inbox WHERE conversation_id = $1 ORDER BY seq',
          [conversation, 'text'],
        );
        const recorded = rows.map((r) => String(r.text));
        expect([...recorded].sort()).toEqual(events.map((e) => e.text!).sort());
        expect(await heard(conversation)).toEqual(recorded);
      }
    },
  );
});
