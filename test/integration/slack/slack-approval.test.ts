import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACTIONS } from '../../../src/ports/message.types.js';
import type { SlackCall } from '../../fakes/slack/fake-slack.js';
import { blockAction, directMessage, eventCallback, interaction } from '../../fakes/slack/slack-payloads.js';
import { testBackend } from '../../support/test-store.js';
import { element, postedIn, shown } from './slack-flow.js';
import { type SlackDesk, startSlackDesk, U } from './slack-harness.js';

let sd: SlackDesk;
let key: string;
/** The approval request as posted to Sam's DM with the bot, and where Slack put it. */
let request: SlackCall;
let dm: { channel: string; ts: string };

/** Clicks Approve or Decline of the request as `user`, as Slack posts the click; returns what was answered. */
async function clickOnRequest(user: string, action: string): Promise<string> {
  const found = element(request, action);
  expect(found, `no ${action} in ${JSON.stringify(request.args.blocks)}`).toBeDefined();
  const from = sd.fake.calls.length;
  const payload = blockAction({
    user,
    channel: dm.channel,
    messageTs: dm.ts,
    actionId: found!.el.action_id,
    blockId: found!.block.block_id,
    value: found!.el.value,
  });
  expect((await sd.send(interaction(payload))).status).toBe(200);
  await sd.t.desk.outbox.drain();
  return postedIn(sd, dm.channel, dm.ts, from)
    .map((c) => c.args.text)
    .join('\n');
}

async function status(): Promise<string> {
  return (await sd.t.store.tickets.byKey(key))!.status;
}

describe(`Slack: an approver decides in their DM with the bot (${testBackend()})`, () => {
  beforeEach(async () => {
    sd = await startSlackDesk();
    // Sam and Bob write to the bot once: their Slack accounts are linked to their persons by email.
    for (const user of [U.sam, U.bob]) await sd.send(eventCallback(directMessage(user, 'help')));
    await sd.t.desk.outbox.drain();
    for (const [name, user] of Object.entries({ sam: U.sam, bob: U.bob }))
      expect(await sd.t.desk.people.identities((await sd.t.person(name)).id, 'slack')).toEqual([
        { workspace: 'T1', externalId: user },
      ]);
    const before = sd.fake.calls.length;
    const ticket = await sd.t.desk.tickets.create(await sd.t.person('rita'), {
      requestType: 'access-request',
      fields: {
        system: 'GitHub',
        justification: 'I joined the platform team.',
        line_manager: 'sam@acme.example',
      },
    });
    key = ticket.key;
    await sd.t.desk.outbox.drain();
    await sd.t.desk.outbox.drain();
    // One top-level post to Sam's DM (chat.postMessage to his user id), nothing to Bob.
    const theirs = [U.sam, U.bob, `D${U.sam}`, `D${U.bob}`];
    const posts = sd.fake.calls
      .slice(before)
      .filter((c) => c.method === 'chat.postMessage' && theirs.includes(c.args.channel));
    expect(posts.map((c) => [c.args.channel, c.args.thread_ts])).toEqual([[U.sam, undefined]]);
    request = posts[0]!;
    dm = { channel: request.answer.channel, ts: request.answer.ts };
  });
  afterEach(async () => {
    await sd.close();
  });

  it('Sam gets the request with Block Kit buttons and approves; a late Decline and Bob are refused', async () => {
    expect(shown(request)).toContain(
      `*Rita Requester* asks for your approval of <https://desk.acme.example/requests/${key}|*${key}*>`,
    );
    const approve = element(request, ACTIONS.approve)!;
    const decline = element(request, ACTIONS.decline)!;
    expect(approve.block.type).toBe('actions');
    expect(approve.el).toMatchObject({ type: 'button', text: { text: 'Approve' }, style: 'primary' });
    expect(decline.el).toMatchObject({ type: 'button', text: { text: 'Decline' }, style: 'danger' });
    expect(approve.el.value).toMatch(new RegExp(`^${key}:\\d+$`));
    expect(decline.el.value).toBe(approve.el.value);

    // The answer comes in the thread under the request.
    expect(await clickOnRequest(U.sam, ACTIONS.approve)).toBe(
      `You approved ${key}. Rita Requester will hear of it.`,
    );
    expect(await status()).toBe('in_progress');
    // The decision was taken as Sam: his name is on the comment that tells Rita.
    const ticket = (await sd.t.store.tickets.byKey(key))!;
    expect((await sd.t.store.tickets.comments(ticket.id, false)).map((c) => c.body)).toEqual([
      'Approved by Sam Staff.',
    ]);

    expect(await clickOnRequest(U.sam, ACTIONS.decline)).toBe(
      `${key} was already decided: it is In progress now. Thank you all the same.`,
    );
    expect(await clickOnRequest(U.bob, ACTIONS.approve)).toBe(
      `Only the approvers of ${key} can decide on it.`,
    );
    expect(await status()).toBe('in_progress');
  });

  it('Bob’s click changes nothing; Sam’s Decline asks why, and his reply in the thread is the reason', async () => {
    expect(await clickOnRequest(U.bob, ACTIONS.decline)).toBe(
      `Only the approvers of ${key} can decide on it.`,
    );
    expect(await status()).toBe('waiting_for_approval');

    expect(await clickOnRequest(U.sam, ACTIONS.decline)).toContain(`Why are you declining ${key}?`);
    const from = sd.fake.calls.length;
    const reason = directMessage(U.sam, 'Onboarding grants it next week.', { thread_ts: dm.ts });
    expect((await sd.send(eventCallback(reason))).status).toBe(200);
    await sd.t.desk.outbox.drain();
    expect(
      postedIn(sd, dm.channel, dm.ts, from)
        .map((c) => c.args.text)
        .join('\n'),
    ).toBe(`You declined ${key}. Rita Requester will read your reason.`);
    const ticket = (await sd.t.store.tickets.byKey(key))!;
    expect(ticket.status).toBe('declined');
    const comments = await sd.t.store.tickets.comments(ticket.id, false);
    expect(comments.at(-1)!.body).toBe('Declined by Sam Staff: Onboarding grants it next week.');
  });
});
