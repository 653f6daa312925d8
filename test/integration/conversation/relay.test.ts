import { beforeEach, describe, expect, it } from 'vitest';
import { ACTIONS } from '../../../src/ports/message.types.js';
import { RecordingChannel } from '../../support/recording-channel.js';
import { TestChat } from '../../support/test-chat.js';
import { type TestDesk, testDesk } from '../../support/test-desk.js';
import { testBackend } from '../../support/test-store.js';

let t: TestDesk;
let rita: TestChat;
let channel: RecordingChannel;

const openLaptopTicket = (chat: TestChat) => chat.openLaptopRequest();

describe(`relay between the ticket and the requester's conversation (${testBackend()})`, () => {
  beforeEach(async () => {
    t = await testDesk();
    rita = new TestChat(t, await t.person('rita'));
    channel = new RecordingChannel();
    t.desk.outbox.registerChannel(channel);
  });

  it('delivers the replies of each turn through the outbox', async () => {
    await rita.say('My laptop will not start after the update');
    expect(channel.delivered).toEqual([]);
    expect(await t.desk.outbox.drain()).toBe(1);
    expect(channel.delivered[0]!.conversation).toMatchObject({
      id: rita.conversationId,
      platform: 'test',
      ref: { room: rita.conversationId },
    });
    expect(channel.delivered[0]!.message).toEqual(rita.last[0]);
  });

  it('relays public replies and status changes to the requester, never internal notes', async () => {
    const key = await openLaptopTicket(rita);
    await t.desk.outbox.drain();
    const before = channel.delivered.length;
    const alice = await t.person('alice');
    await t.desk.tickets.addComment(alice, key, {
      body: 'Suspect the GPU driver. <!channel>',
      internal: true,
    });
    await t.desk.tickets.addComment(alice, key, { body: 'Could you hold the power button for 30 seconds?' });
    await t.desk.transitions.take(alice, key, { transition: 'start_progress' });
    await t.desk.outbox.drain();
    const relayed = channel.texts(rita.conversationId).slice(before);
    expect(relayed).toEqual([
      `**Alice Agent** replied on [**${key}**](https://desk.acme.example/requests/${key}):\n> Could you hold the power button for 30 seconds?`,
      `[**${key}**](https://desk.acme.example/requests/${key}) is now **In progress**.`,
    ]);
    expect(JSON.stringify(channel.delivered)).not.toContain('GPU');
    const transcript = await t.desk.conversations.transcript(rita.person, rita.conversationId);
    expect(JSON.stringify(transcript)).not.toContain('GPU');
    expect(JSON.stringify(transcript)).toContain('power button');
  });

  it("adds the requester's replies in the conversation as public comments, not echoed back", async () => {
    const key = await openLaptopTicket(rita);
    await rita.say('It shows a blinking cursor now.');
    // One conversation for every request (the web chat): it asks first.
    expect(rita.text()).toContain(`Add this to **${key}**`);
    await rita.click(ACTIONS.addToTicket);
    expect(rita.text()).toContain(`Added to [**${key}**]`);
    const alice = await t.person('alice');
    const comments = await t.desk.tickets.comments(alice, key);
    expect(comments.map((c) => [c.body, c.internal, c.authorId])).toEqual([
      ['It shows a blinking cursor now.', false, rita.person.id],
    ]);
    await t.desk.outbox.drain();
    expect(channel.texts(rita.conversationId).join('\n')).not.toContain('replied on');
  });

  it('answers "my requests" and "status KEY" only with the person\'s own tickets', async () => {
    const key = await openLaptopTicket(rita);
    await rita.say('my requests');
    expect(rita.text()).toContain(
      `[**${key}**](https://desk.acme.example/requests/${key}) Laptop or desktop problem: Laptop — Open`,
    );
    await rita.say(`status ${key.toLowerCase()}`);
    expect(rita.text()).toContain('Status: **Open** · Priority: medium');
    const sam = new TestChat(t, await t.person('sam'));
    await sam.say(`status ${key}`);
    expect(sam.text()).toBe(`I can't find a request ${key} of yours.`);
    await sam.say('my requests');
    expect(sam.text()).toContain('You have no requests yet');
  });

  it("a second person in the same conversation cannot fill in, read or comment on the first one's request", async () => {
    const key = await openLaptopTicket(rita);
    const samInRitasThread = new TestChat(t, await t.person('sam'), { conversationId: rita.conversationId });
    await samInRitasThread.say('Let me see that: it is mine now');
    expect(samInRitasThread.text()).toContain("You can't add to that request: it isn't yours.");
    const alice = await t.person('alice');
    expect((await t.desk.tickets.comments(alice, key)).map((c) => c.body)).toEqual([]);
    await rita.say('new request');
    await rita.say('I need a parking permit');
    await samInRitasThread.say('Car');
    expect(samInRitasThread.text()).toContain('Someone else is filling in a request here.');
    await expect(
      t.desk.conversations.transcript(samInRitasThread.person, rita.conversationId),
    ).rejects.toThrow('No such conversation');
  });

  it('a form channel gets one form, with errors returned in the form and values kept', async () => {
    const web = new TestChat(t, rita.person, { conversationId: 'web-like', forms: true });
    await web.say('I need annual leave from 2026-12-21');
    await web.click(ACTIONS.chooseType, 'leave-request');
    const form = web.part('form')!.form;
    expect(form.fields.map((f) => [f.id, f.required, f.value])).toEqual([
      ['leave_type', true, 'Annual leave'],
      ['start_date', true, '2026-12-21'],
      ['end_date', true, undefined],
      ['note', false, 'I need annual leave from 2026-12-21'],
    ]);
    await web.click(ACTIONS.submitForm, undefined, {
      leave_type: 'Annual leave',
      start_date: '2026-12-21',
      end_date: '2026-12-19',
    });
    const again = web.part('form')!.form;
    expect(again.fields.find((f) => f.id === 'end_date')).toMatchObject({
      value: '2026-12-19',
      error: 'The end date must be on or after the start date.',
    });
    await web.click(ACTIONS.submitForm, undefined, {
      leave_type: 'Annual leave',
      start_date: '2026-12-21',
      end_date: '2026-12-23',
      note: '',
    });
    expect(web.text()).toContain('- Last day of leave: 2026-12-23');
    await web.click(ACTIONS.confirm);
    expect(web.text()).toContain('Your request [**HR-1**]');
  });
});
