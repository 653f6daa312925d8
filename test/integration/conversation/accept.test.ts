import { randomUUID } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { ACTIONS, type InboundEvent, type InboundMessage } from '../../../src/ports/message.types.js';
import { TestChat } from '../../support/test-chat.js';
import { type TestDesk, testDesk } from '../../support/test-desk.js';
import { testBackend } from '../../support/test-store.js';

let t: TestDesk;
let rita: TestChat;

/** A click in Rita's conversation, as an adapter that acknowledges first would pass it on. */
function click(action: string, deliveryId: string = randomUUID()): InboundEvent {
  return {
    platform: 'test',
    deliveryId,
    conversation: { id: rita.conversationId, platform: 'test', ref: {}, formFields: 0 },
    speaker: { personId: rita.person.id },
    action: { action },
  };
}

/** The event as the engine runs it, once the person is known. */
function asMessage({ speaker: _speaker, ...event }: InboundEvent): InboundMessage {
  return { ...event, personId: rita.person.id };
}

/** Rita's request, up to the summary that asks her to confirm. */
async function atConfirm(): Promise<void> {
  await rita.say('I need VPN access from 2026-12-01 to work from home');
  await rita.click(ACTIONS.chooseType, 'access-request');
  await rita.click(ACTIONS.keep, 'system');
  await rita.say('I work from home on Fridays and need the internal wiki.');
  await rita.click(ACTIONS.keep, 'needed_by');
  await rita.say('skip'); // no line manager: IT's managers decide
  expect(rita.text()).toContain('please check your request');
}

describe(`accept first, turn after the acknowledgement (${testBackend()})`, () => {
  beforeEach(async () => {
    t = await testDesk();
    rita = new TestChat(t, await t.person('rita'));
  });

  it('two confirm clicks accepted before either turn ran open one ticket', async () => {
    await atConfirm();
    const conversations = t.desk.conversations;
    const first = click(ACTIONS.confirm);
    const second = click(ACTIONS.confirm);
    const [a, b] = await Promise.all([conversations.accept(first), conversations.accept(second)]);
    expect(a).not.toBeNull();
    expect(b).not.toBeNull();
    // Both read the conversation at the confirm step; the second read is stale once the first is saved
    // (the conversation's version moved: the lease reads it).
    for (const [event, read] of [
      [first, a!],
      [second, b!],
    ] as const)
      await conversations.exclusive(event.conversation.id, event, (held) =>
        conversations.processAccepted(asMessage(event), read, held),
      );
    const tickets = await t.desk.tickets.list(rita.person, { limit: 10 });
    expect(tickets.map((x) => x.key)).toEqual(['IT-1']);
  });

  it('the same delivery accepted twice at once is taken once', async () => {
    await rita.say('hello');
    const message = click(ACTIONS.cancel, 'same-delivery');
    const results = await Promise.all([
      t.desk.conversations.accept(message),
      t.desk.conversations.accept(message),
      t.desk.conversations.accept(message),
    ]);
    expect(results.filter((r) => r !== null)).toHaveLength(1);
    expect(await t.desk.conversations.accept(message)).toBeNull();
  });

  it('a fresh accept hands its reads to the turn: the conversation and the person with roles', async () => {
    await rita.say('hello');
    const accepted = await t.desk.conversations.accept(click(ACTIONS.cancel));
    expect(accepted?.conversation).toMatchObject({ id: rita.conversationId, personId: rita.person.id });
    expect(accepted?.person).toMatchObject({ id: rita.person.id, email: rita.person.email });
    expect(accepted?.person?.roles).toEqual(rita.person.roles);
  });
});
