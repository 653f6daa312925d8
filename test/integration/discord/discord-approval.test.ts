import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACTIONS } from '../../../src/ports/message.types.js';
import { componentClick, dm } from '../../fakes/discord/discord-events.js';
import type { DiscordUser } from '../../fakes/discord/fake-discord.js';
import { testBackend } from '../../support/test-store.js';
import { answers, component, message, postedIn, shown } from './discord-flow.js';
import { D, type DiscordDesk, startDiscordDesk } from './discord-harness.js';

// biome-ignore lint/suspicious/noExplicitAny: Discord components are read one by one in assertions
type Json = any;

const BOB: DiscordUser = { id: '3000000000000000004', username: 'bob' };

let dd: DiscordDesk;
let key: string;
/** The approval request as Discord holds it in Sam's DM with the bot. */
let request: Json;

/** Links a Discord user to a person of the desk with a code from the web, as people do. */
async function link(user: DiscordUser, name: string): Promise<void> {
  const { code } = await dd.t.desk.identities.issueCode(await dd.t.person(name));
  await dd.dispatch('MESSAGE_CREATE', dm(dd.fake, user, dd.dmOf(user), `link ${code}`));
}

/** Clicks the request's Approve or Decline as `user` (INTERACTION_CREATE on the gateway); what was said. */
async function clickOnRequest(user: DiscordUser, action: string): Promise<string> {
  const button = component(request, `dsk|${action}|`);
  expect(button, `no ${action} in ${shown(request)}`).toBeDefined();
  const from = dd.fake.calls.length;
  const interaction = componentClick(dd.fake, user, request, button.custom_id);
  await dd.dispatch('INTERACTION_CREATE', interaction);
  // The click is acknowledged without a message (deferred update); the answer comes in the DM.
  expect(answers(dd, interaction)).toEqual([{ type: 6 }]);
  return postedIn(dd, dd.dmOf(D.sam), from)
    .map((c) => c.body.content)
    .join('\n');
}

async function status(): Promise<string> {
  return (await dd.t.store.tickets.byKey(key))!.status;
}

describe(`Discord: an approver decides in their DM with the bot (${testBackend()})`, () => {
  beforeEach(async () => {
    dd = await startDiscordDesk();
    dd.fake.users.set(BOB.id, BOB);
    await link(D.sam, 'sam');
    await link(BOB, 'bob');
    for (const [name, user] of Object.entries({ sam: D.sam, bob: BOB }))
      expect(await dd.t.desk.people.identities((await dd.t.person(name)).id, 'discord')).toEqual([
        { workspace: '', externalId: user.id },
      ]);
    const before = dd.fake.calls.length;
    const ticket = await dd.t.desk.tickets.create(await dd.t.person('rita'), {
      requestType: 'access-request',
      fields: {
        system: 'GitHub',
        justification: 'I joined the platform team.',
        line_manager: 'sam@acme.example',
      },
    });
    key = ticket.key;
    await dd.settle();
    const posts = postedIn(dd, dd.dmOf(D.sam), before);
    expect(posts).toHaveLength(1);
    expect(postedIn(dd, dd.dmOf(BOB), before)).toHaveLength(0);
    request = message(dd, posts[0]!);
  });
  afterEach(async () => {
    await dd.close();
  });

  it('Sam gets the request with Approve / Decline buttons and approves; a late Decline and Bob are refused', async () => {
    expect(request.content).toContain(
      `**Rita Requester** asks for your approval of [**${key}**](https://desk.acme.example/requests/${key})`,
    );
    expect(request.allowed_mentions).toEqual({ parse: [] });
    const [row, ...more] = request.components;
    expect(more).toHaveLength(0);
    const value = /\|([^|]+)$/.exec(row.components[0].custom_id)![1];
    expect(value).toMatch(new RegExp(`^${key}:\\d+$`));
    expect(row).toEqual({
      type: 1,
      components: [
        { type: 2, style: 1, label: 'Approve', custom_id: `dsk|${ACTIONS.approve}|${value}` },
        { type: 2, style: 4, label: 'Decline', custom_id: `dsk|${ACTIONS.decline}|${value}` },
      ],
    });

    expect(await clickOnRequest(D.sam, ACTIONS.approve)).toBe(
      `You approved ${key}. Rita Requester will hear of it.`,
    );
    expect(await status()).toBe('in_progress');
    // The decision was taken as Sam: his name is on the comment that tells Rita.
    const ticket = (await dd.t.store.tickets.byKey(key))!;
    expect((await dd.t.store.tickets.comments(ticket.id, false)).map((c) => c.body)).toEqual([
      'Approved by Sam Staff.',
    ]);

    expect(await clickOnRequest(D.sam, ACTIONS.decline)).toBe(
      `${key} was already decided: it is In progress now. Thank you all the same.`,
    );
    expect(await clickOnRequest(BOB, ACTIONS.approve)).toBe(`Only the approvers of ${key} can decide on it.`);
    expect(await status()).toBe('in_progress');
  });

  it('Bob’s click changes nothing; Sam’s Decline asks why, and his next DM is the reason', async () => {
    expect(await clickOnRequest(BOB, ACTIONS.decline)).toBe(`Only the approvers of ${key} can decide on it.`);
    expect(await status()).toBe('waiting_for_approval');

    expect(await clickOnRequest(D.sam, ACTIONS.decline)).toContain(`Why are you declining ${key}?`);
    const from = dd.fake.calls.length;
    await dd.dispatch(
      'MESSAGE_CREATE',
      dm(dd.fake, D.sam, dd.dmOf(D.sam), 'Onboarding grants it next week.'),
    );
    expect(
      postedIn(dd, dd.dmOf(D.sam), from)
        .map((c) => c.body.content)
        .join('\n'),
    ).toBe(`You declined ${key}. Rita Requester will read your reason.`);
    const ticket = (await dd.t.store.tickets.byKey(key))!;
    expect(ticket.status).toBe('declined');
    const comments = await dd.t.store.tickets.comments(ticket.id, false);
    expect(comments.at(-1)!.body).toBe('Declined by Sam Staff: Onboarding grants it next week.');
  });
});
