import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACTIONS } from '../../../src/ports/message.types.js';
import { type ConnectorCall, TENANT, type TeamsUser } from '../../fakes/teams/fake-teams.js';
import { cardSubmit, personalMessage } from '../../fakes/teams/teams-activities.js';
import { testBackend } from '../../support/test-store.js';
import { actionData, postedIn, shown } from './teams-flow.js';
import { startTeamsDesk, T, type TeamsDesk } from './teams-harness.js';

// biome-ignore lint/suspicious/noExplicitAny: Adaptive Cards are read element by element in assertions
type Json = any;

const BOB: TeamsUser = {
  id: '29:1bob-bf-id',
  aadObjectId: '00000000-0000-4000-8000-000000000006',
  name: 'bob',
  email: 'bob@acme.example',
  userPrincipalName: 'bob@acme.example',
  tenantId: TENANT,
  userRole: 'user',
};

let td: TeamsDesk;
let key: string;
/** The approval request as posted in Sam's 1:1 chat with the bot. */
let request: ConnectorCall;
let chat: { id: string; conversationType: 'personal' };

/** Clicks the card's Approve or Decline (an Action.Submit: a message activity with its data) as `user`. */
async function clickOnRequest(user: TeamsUser, action: string): Promise<string> {
  const data = actionData(request, action);
  expect(data, `no ${action} on ${shown(request)}`).toBeDefined();
  const from = td.fake.calls.length;
  expect((await td.send(cardSubmit(td.fake, user, chat, request.responseId!, data!))).status).toBe(200);
  await td.settle();
  return postedIn(td, chat.id, from).map(shown).join('\n');
}

async function status(): Promise<string> {
  return (await td.t.store.tickets.byKey(key))!.status;
}

describe(`Teams: an approver decides in their 1:1 chat with the bot (${testBackend()})`, () => {
  beforeEach(async () => {
    td = await startTeamsDesk();
    td.fake.users.set(BOB.id, BOB);
    // Sam and Bob write to the bot once: Teams' member lookup links them to their persons by email.
    for (const user of [T.sam, BOB]) await td.send(personalMessage(td.fake, user, 'help'));
    await td.settle();
    for (const [name, user] of Object.entries({ sam: T.sam, bob: BOB }))
      expect(await td.t.desk.people.identities((await td.t.person(name)).id, 'teams')).toEqual([
        { workspace: TENANT, externalId: user.aadObjectId },
      ]);
    const before = td.fake.calls.length;
    const ticket = await td.t.desk.tickets.create(await td.t.person('rita'), {
      requestType: 'access-request',
      fields: {
        system: 'GitHub',
        justification: 'I joined the platform team.',
        line_manager: 'sam@acme.example',
      },
    });
    key = ticket.key;
    await td.settle();
    // Sam's direct chat is opened and the request posted there; nothing goes to Bob.
    const opened = td.fake.calls
      .slice(before)
      .filter((c) => c.path.endsWith('/v3/conversations') && c.body.isGroup === false);
    expect(opened.map((c) => c.body.members)).toEqual([[{ id: T.sam.id, name: '' }]]);
    chat = { id: `a:direct-${T.sam.id}`, conversationType: 'personal' };
    const posts = postedIn(td, chat.id, before);
    expect(posts).toHaveLength(1);
    request = posts[0]!;
  });
  afterEach(async () => {
    await td.close();
  });

  it('Sam gets an Adaptive Card with Approve / Decline and approves; a late Decline and Bob are refused', async () => {
    const [card] = request.body.attachments as Json[];
    expect(card.contentType).toBe('application/vnd.microsoft.card.adaptive');
    const [words, buttons] = card.content.body;
    expect(words).toMatchObject({ type: 'TextBlock', wrap: true });
    expect(words.text).toContain(
      `**Rita Requester** asks for your approval of [**${key}**](https://desk.acme.example/requests/${key})`,
    );
    const value = actionData(request, ACTIONS.approve)!.dskv;
    expect(value).toMatch(new RegExp(`^${key}:\\d+$`));
    expect(buttons).toEqual({
      type: 'ActionSet',
      actions: [
        {
          type: 'Action.Submit',
          title: 'Approve',
          data: { dsk: ACTIONS.approve, dskv: value },
          style: 'positive',
        },
        {
          type: 'Action.Submit',
          title: 'Decline',
          data: { dsk: ACTIONS.decline, dskv: value },
          style: 'destructive',
        },
      ],
    });

    // The answer comes in the same chat.
    expect(await clickOnRequest(T.sam, ACTIONS.approve)).toBe(
      `You approved ${key}. Rita Requester will hear of it.`,
    );
    expect(await status()).toBe('in_progress');
    // The decision was taken as Sam: his name is on the comment that tells Rita.
    const ticket = (await td.t.store.tickets.byKey(key))!;
    expect((await td.t.store.tickets.comments(ticket.id, false)).map((c) => c.body)).toEqual([
      'Approved by Sam Staff.',
    ]);

    expect(await clickOnRequest(T.sam, ACTIONS.decline)).toBe(
      `${key} was already decided: it is In progress now. Thank you all the same.`,
    );
    expect(await clickOnRequest(BOB, ACTIONS.approve)).toBe(`Only the approvers of ${key} can decide on it.`);
    expect(await status()).toBe('in_progress');
  });

  it('Bob’s click changes nothing; Sam’s Decline asks why, and his next message is the reason', async () => {
    expect(await clickOnRequest(BOB, ACTIONS.decline)).toBe(`Only the approvers of ${key} can decide on it.`);
    expect(await status()).toBe('waiting_for_approval');

    expect(await clickOnRequest(T.sam, ACTIONS.decline)).toContain(`Why are you declining ${key}?`);
    const from = td.fake.calls.length;
    const reason = personalMessage(td.fake, T.sam, 'Onboarding grants it next week.');
    expect((await td.send({ ...reason, conversation: { tenantId: TENANT, ...chat } })).status).toBe(200);
    await td.settle();
    expect(postedIn(td, chat.id, from).map(shown).join('\n')).toBe(
      `You declined ${key}. Rita Requester will read your reason.`,
    );
    const ticket = (await td.t.store.tickets.byKey(key))!;
    expect(ticket.status).toBe('declined');
    const comments = await td.t.store.tickets.comments(ticket.id, false);
    expect(comments.at(-1)!.body).toBe('Declined by Sam Staff: Onboarding grants it next week.');
  });
});
