import { beforeEach, describe, expect, it } from 'vitest';
import { ACTIONS, type Button } from '../../../src/ports/message.types.js';
import { RecordingChannel } from '../../support/recording-channel.js';
import { TestChat } from '../../support/test-chat.js';
import { type TestDesk, testDesk } from '../../support/test-desk.js';
import { testBackend } from '../../support/test-store.js';

let t: TestDesk;
let channel: RecordingChannel;

/** Each person's direct conversation on the test channel, as an adapter's direct route gives it. */
function directRoutes(): void {
  t.desk.notices.registerRoute('test', async (p) => ({
    id: `test:${p.id}`,
    platform: 'test',
    ref: { room: `test:${p.id}` },
    formFields: 0,
  }));
}

async function chat(name: string): Promise<TestChat> {
  return new TestChat(t, await t.person(name));
}

/** The Approve / Decline buttons delivered to a person's direct conversation. */
function approvalButtons(who: TestChat): Button[] {
  return channel.delivered
    .filter((d) => d.conversation.id === who.conversationId)
    .flatMap((d) => d.message.parts)
    .flatMap((p) => (p.kind === 'buttons' ? p.buttons : []))
    .filter((b) => b.action === ACTIONS.approve || b.action === ACTIONS.decline);
}

async function accessRequest(lineManager?: string): Promise<string> {
  const fields = {
    system: 'GitHub',
    justification: 'I joined the platform team.',
    ...(lineManager ? { line_manager: lineManager } : {}),
  };
  const ticket = await t.desk.tickets.create(await t.person('rita'), {
    requestType: 'access-request',
    fields,
  });
  await t.desk.outbox.drain();
  return ticket.key;
}

describe(`approvals where the approver is (${testBackend()})`, () => {
  beforeEach(async () => {
    t = await testDesk();
    channel = new RecordingChannel();
    t.desk.outbox.registerChannel(channel);
    directRoutes();
  });

  it('the line manager gets the request in a DM and approves it there; the requester is told', async () => {
    const sam = await chat('sam');
    const maria = await chat('maria');
    const key = await accessRequest('sam@acme.example');
    expect(channel.texts(sam.conversationId).join('\n')).toContain(
      `**Rita Requester** asks for your approval of [**${key}**](https://desk.acme.example/requests/${key}): Access request: GitHub`,
    );
    // Only the approver is asked: with a line manager named, IT's managers are not.
    expect(approvalButtons(maria)).toEqual([]);
    // The request is shared with Sam, so the emailed link's page offers him the same decision.
    expect((await t.desk.tickets.get(sam.person, key)).key).toBe(key);
    expect((await t.desk.transitions.available(sam.person, key)).map((x) => x.id)).toEqual([
      'approve',
      'decline',
    ]);
    expect((await t.desk.transitions.available(maria.person, key)).map((x) => x.id)).toEqual([]);
    const [approve] = approvalButtons(sam);
    expect(approve).toMatchObject({ label: 'Approve', style: 'primary' });

    await maria.click(ACTIONS.approve, approve!.value);
    expect(maria.text()).toBe(`Only the approvers of ${key} can decide on it.`);
    const bob = await chat('bob');
    await bob.click(ACTIONS.approve, approve!.value);
    expect(bob.text()).toBe(`Only the approvers of ${key} can decide on it.`);
    expect((await t.store.tickets.byKey(key))!.status).toBe('waiting_for_approval');

    await sam.click(ACTIONS.approve, approve!.value);
    expect(sam.text()).toBe(`You approved ${key}. Rita Requester will hear of it.`);
    const ticket = (await t.store.tickets.byKey(key))!;
    expect(ticket.status).toBe('in_progress');
    const status = (await t.store.tickets.history(ticket.id)).find((h) => h.field === 'status')!;
    expect(status.actorId).toBe(sam.person.id);
    // The requester is told by a public comment, relayed to her conversations like any reply.
    const comments = await t.store.tickets.comments(ticket.id, false);
    expect(comments.map((c) => [c.body, c.authorId])).toEqual([['Approved by Sam Staff.', sam.person.id]]);

    // A second answer after the decision is refused politely.
    await sam.click(ACTIONS.decline, approve!.value);
    expect(sam.text()).toBe(`${key} was already decided: it is In progress now. Thank you all the same.`);
  });

  it('Decline asks for the reason, which the requester reads; cancel leaves it undecided', async () => {
    const sam = await chat('sam');
    const key = await accessRequest('sam@acme.example');
    const decline = approvalButtons(sam).find((b) => b.action === ACTIONS.decline)!;
    await sam.click(ACTIONS.decline, decline.value);
    expect(sam.text()).toBe(
      `Why are you declining ${key}? The requester will read your reason. (Say **cancel** to leave it undecided.)`,
    );
    await sam.say('cancel');
    expect(sam.text()).toBe(`Nothing was decided on ${key}.`);
    await sam.click(ACTIONS.decline, decline.value);
    await sam.say('GitHub access comes with the platform onboarding next week.');
    expect(sam.text()).toBe(`You declined ${key}. Rita Requester will read your reason.`);
    const ticket = (await t.store.tickets.byKey(key))!;
    expect(ticket).toMatchObject({ status: 'declined', resolution: 'Declined' });
    const comments = await t.store.tickets.comments(ticket.id, false);
    expect(comments.at(-1)!.body).toBe(
      'Declined by Sam Staff: GitHub access comes with the platform onboarding next week.',
    );
  });

  it('with no line manager, the department managers are asked; the requester never approves their own', async () => {
    const maria = await chat('maria');
    const key = await accessRequest();
    expect(approvalButtons(maria).map((b) => b.label)).toEqual(['Approve', 'Decline']);
    const mine = await t.desk.tickets.create(maria.person, {
      requestType: 'access-request',
      fields: { system: 'AWS console', justification: 'Billing review' },
    });
    await maria.click(ACTIONS.approve, `${mine.key}:0`);
    expect(maria.text()).toBe(`Only the approvers of ${mine.key} can decide on it.`);
    await maria.click(ACTIONS.approve, approvalButtons(maria)[0]!.value);
    expect(maria.text()).toBe(`You approved ${key}. Rita Requester will hear of it.`);
  });
});

describe(`"all must approve" (${testBackend()})`, () => {
  beforeEach(async () => {
    t = await testDesk({
      tweak: (c) => {
        const type = c.departments[0]!.requestTypes.find((r) => r.id === 'software-install')!;
        type.approval = {
          approvers: ['managers', 'sam@acme.example'],
          decide: 'all',
          approve: 'approve',
          decline: 'decline',
        };
      },
    });
    channel = new RecordingChannel();
    t.desk.outbox.registerChannel(channel);
    directRoutes();
  });

  it('records each approval and moves on with the last', async () => {
    const sam = await chat('sam');
    const maria = await chat('maria');
    const ticket = await t.desk.tickets.create(await t.person('rita'), {
      requestType: 'software-install',
      fields: { software: 'Figma', business_reason: 'Design reviews' },
    });
    await t.desk.outbox.drain();
    const value = approvalButtons(sam)[0]!.value;
    expect(approvalButtons(maria)[0]!.value).toBe(value);
    await sam.click(ACTIONS.approve, value);
    expect(sam.text()).toBe(
      `Thank you: your approval of ${ticket.key} is recorded. Still waiting for Maria Manager.`,
    );
    await sam.click(ACTIONS.approve, value);
    expect(sam.text()).toBe(`You approved ${ticket.key} already. Thank you.`);
    expect((await t.store.tickets.byKey(ticket.key))!.status).toBe('waiting_for_approval');
    await maria.click(ACTIONS.approve, value);
    expect(maria.text()).toBe(`You approved ${ticket.key}. Rita Requester will hear of it.`);
    expect((await t.store.tickets.byKey(ticket.key))!.status).toBe('in_progress');
  });
});
