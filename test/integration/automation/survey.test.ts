import { beforeEach, describe, expect, it } from 'vitest';
import { ACTIONS, type MessagePart } from '../../../src/ports/message.types.js';
import { RecordingChannel } from '../../support/recording-channel.js';
import { TestChat } from '../../support/test-chat.js';
import { type TestDesk, testDesk } from '../../support/test-desk.js';
import { testBackend } from '../../support/test-store.js';

const DAY = 86_400_000;
let t: TestDesk;
let rita: TestChat;
let channel: RecordingChannel;

/** Rita's laptop request through the chat, resolved by Alice; the survey rule then sends the survey. */
async function resolvedRequest(): Promise<string> {
  await rita.openLaptopRequest();
  const alice = await t.person('alice');
  await t.desk.outbox.drain();
  await t.desk.transitions.take(alice, 'IT-1', { transition: 'start_progress' });
  await t.desk.transitions.take(alice, 'IT-1', { transition: 'resolve', fields: { resolution: 'Done' } });
  await t.desk.outbox.drain();
  return 'IT-1';
}

/** The survey's buttons as the channel delivered them to Rita's conversation. */
function surveyButtons() {
  const parts = channel.delivered
    .filter((d) => d.conversation.id === rita.conversationId)
    .flatMap((d) => d.message.parts) as MessagePart[];
  return parts.flatMap((p) => (p.kind === 'buttons' ? p.buttons : []));
}

describe(`satisfaction survey (${testBackend()})`, () => {
  beforeEach(async () => {
    t = await testDesk({ automations: true });
    rita = new TestChat(t, await t.person('rita'));
    channel = new RecordingChannel();
    t.desk.outbox.registerChannel(channel);
  });

  it('reaches the requester in their conversation on resolution, is answered once, takes a comment', async () => {
    const key = await resolvedRequest();
    expect(channel.texts(rita.conversationId).join('\n')).toContain('is resolved. How satisfied are you');
    const rate = surveyButtons().filter((b) => b.action === ACTIONS.rate);
    expect(rate.map((b) => b.label)).toEqual(['1 Poor', '2', '3', '4', '5 Great']);
    await rita.click(ACTIONS.rate, rate[3]!.value);
    expect(rita.text()).toBe(
      `Thank you for rating ${key} 4 out of 5. Anything you would like to add? Write it here, or say **skip**.`,
    );
    await rita.say('Quick and friendly, thanks Alice');
    expect(rita.text()).toBe('Thank you, the team will read it.');
    // A second answer, even with another rating, is refused politely and the first is kept.
    await rita.click(ACTIONS.rate, rate[0]!.value);
    expect(rita.text()).toBe(`You already rated ${key} 4 out of 5. Thank you, your answer is kept.`);
    const survey = await t.store.surveys.latest((await t.store.tickets.byKey(key))!.id);
    expect(survey).toMatchObject({ rating: 4, comment: 'Quick and friendly, thanks Alice', round: 1 });
  });

  it('only the requester may answer it', async () => {
    const key = await resolvedRequest();
    const rate = surveyButtons().find((b) => b.action === ACTIONS.rate && b.value?.endsWith(':1'))!;
    const sam = new TestChat(t, await t.person('sam'));
    await sam.click(ACTIONS.rate, rate.value);
    expect(sam.text()).toBe(`Only the person who asked for ${key} can answer its survey.`);
    await sam.click(ACTIONS.stillBroken, `${key}:1`);
    expect(sam.text()).toBe(`Only the person who asked for ${key} can answer its survey.`);
    expect((await t.store.tickets.byKey(key))!.status).toBe('resolved');
  });

  it('"still broken" reopens the request within the window, and not after it', async () => {
    const key = await resolvedRequest();
    t.clock.advance(2 * DAY);
    await rita.click(ACTIONS.stillBroken, `${key}:1`);
    expect(rita.text()).toBe(`I reopened ${key} and told the team it is still broken.`);
    const reopened = (await t.store.tickets.byKey(key))!;
    expect(reopened.status).toBe('open');
    const comments = await t.store.tickets.comments(reopened.id, false);
    expect(comments.at(-1)).toMatchObject({
      body: 'Still broken (from the satisfaction survey).',
      authorId: rita.person.id,
    });

    // Resolved again: a second survey (round 2); 5 working days later "still broken" is too late.
    const alice = await t.person('alice');
    await t.desk.transitions.take(alice, key, { transition: 'resolve', fields: { resolution: 'Done' } });
    await t.desk.outbox.drain();
    expect((await t.store.surveys.latest(reopened.id))?.round).toBe(2);
    t.clock.advance(8 * DAY);
    await rita.click(ACTIONS.stillBroken, `${key}:2`);
    expect(rita.text()).toContain(`${key} was resolved too long ago to reopen (5d of working time)`);
    expect((await t.store.tickets.byKey(key))!.status).toBe('resolved');
    // The first round's buttons are closed now.
    await rita.click(ACTIONS.rate, `${key}:1:5`);
    expect(rita.text()).toBe('That survey is closed. Thank you all the same.');
  });
});
