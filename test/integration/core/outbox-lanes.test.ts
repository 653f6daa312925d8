import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Desk } from '../../../src/core/index.js';
import { messageRow } from '../../../src/core/relay/message.rows.js';
import type { OutboundMessage } from '../../../src/ports/message.types.js';
import { type SecondInstance, secondInstance } from '../../support/second-instance.js';
import { type TestDesk, testDesk } from '../../support/test-desk.js';
import { testBackend } from '../../support/test-store.js';

/**
 * Two instances' dispatchers on one outbox: each row is delivered once, and a conversation's messages
 * in the order they were queued, although the two claim at the same time and each delivery is slow.
 */
let t: TestDesk;
let second: SecondInstance;

describe(`two dispatchers, one outbox (${testBackend()})`, () => {
  beforeEach(async () => {
    t = await testDesk();
    second = await secondInstance(t);
  });
  afterEach(() => second.close());

  it("delivers each row once, and a conversation's rows in order", async () => {
    const delivered = new Map<string, string[]>();
    const channelOf = (desk: Desk) =>
      desk.outbox.registerChannel({
        platform: 'chat',
        async deliver(address, message) {
          await new Promise((r) => setTimeout(r, Math.random() * 4));
          const text = message.parts[0]?.kind === 'text' ? message.parts[0].text : '';
          delivered.set(address.id, [...(delivered.get(address.id) ?? []), text]);
          return {};
        },
      });
    channelOf(t.desk);
    channelOf(second.desk);
    const conversations = ['chat:a', 'chat:b', 'chat:c'];
    const queued = new Map(conversations.map((c) => [c, [] as string[]]));
    for (let i = 0; i < 40; i++) {
      for (const id of conversations) {
        const text = `${id} #${i}`;
        queued.get(id)!.push(text);
        const message: OutboundMessage = { parts: [{ kind: 'text', text }] };
        const row = messageRow({ id, platform: 'chat', ref: {} }, message);
        await t.store.outbox.enqueue({ ...row, ticketId: null }, t.clock.now());
      }
    }
    // Small batches, so the two take turns claiming.
    const drains = async (desk: Desk) => {
      while ((await desk.outbox.drain()) > 0);
    };
    await Promise.all([drains(t.desk), drains(second.desk), drains(t.desk), drains(second.desk)]);
    for (const id of conversations) expect(delivered.get(id)).toEqual(queued.get(id));
  });
});
