import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SlackCall } from '../../fakes/slack/fake-slack.js';
import {
  channelMessage,
  eventCallback,
  interaction,
  viewSubmission,
} from '../../fakes/slack/slack-payloads.js';
import { testBackend } from '../../support/test-store.js';
import { click, element, openRequestInSlack, postedIn, shown } from './slack-flow.js';
import { type SlackDesk, startSlackDesk, U } from './slack-harness.js';

const TRIAGE = 'C0IT4TRIAGE';
let sd: SlackDesk;
let key: string;
let thread: { channel: string; ts: string };
let cardTs: string;

/** The card as last posted or updated. */
function card(): SlackCall {
  return sd.fake.calls
    .filter(
      (c) => c.args.channel === TRIAGE && !c.args.thread_ts && /^chat\.(postMessage|update)$/.test(c.method),
    )
    .at(-1)!;
}

/** Clicks a transition button of the card by its transition id. */
async function move(user: string, transition: string) {
  const actions = card().args.blocks.find((b: { block_id?: string }) => b.block_id === `card|${key}`);
  const button = actions.elements.find(
    (e: { value?: string; action_id: string }) =>
      e.action_id.startsWith('triage.move') && e.value === transition,
  );
  expect(button, `no ${transition} on the card`).toBeDefined();
  return click(
    sd,
    user,
    { ...card(), args: { ...card().args, blocks: [{ ...actions, elements: [button] }] } },
    'triage.move',
  );
}

describe(`Slack: agents on the triage card (${testBackend()})`, () => {
  beforeEach(async () => {
    sd = await startSlackDesk();
    ({ key, thread } = await openRequestInSlack(sd, U.rita));
    await sd.t.desk.outbox.drain();
    const posted = sd.fake.of('chat.postMessage').find((c) => c.args.channel === TRIAGE)!;
    cardTs = (await sd.t.desk.posts.find('slack', 'triage_card', (await sd.t.store.tickets.byKey(key))!.id))!
      .messageId;
    expect(shown(posted)).toContain(key);
  });
  afterEach(async () => {
    await sd.close();
  });

  it('an allowed transition works and the card updates in place; the requester hears of it in her thread', async () => {
    expect(shown(card())).toContain('Status: *Open*');
    expect((await move(U.alice, 'start_progress')).status).toBe(200);
    await sd.t.desk.outbox.drain();
    expect((await sd.t.store.tickets.byKey(key))!.status).toBe('in_progress');
    const update = sd.fake.of('chat.update').at(-1)!;
    expect(update.args).toMatchObject({ channel: TRIAGE, ts: cardTs });
    expect(shown(update)).toContain('Status: *In progress*');
    expect(shown(update)).toContain('Assignee: Alice Agent');
    expect(
      postedIn(sd, thread.channel, thread.ts).some((c) => shown(c).includes('is now *In progress*')),
    ).toBe(true);
    // Only one card was ever posted.
    expect(
      sd.fake.of('chat.postMessage').filter((c) => c.args.channel === TRIAGE && !c.args.thread_ts),
    ).toHaveLength(1);
  });

  it('a requester or another department’s agent is refused ephemerally, and nothing changes', async () => {
    const updates = sd.fake.of('chat.update').length;
    for (const user of [U.sam, U.hana, U.rita]) {
      expect((await move(user, 'start_progress')).status).toBe(200);
      const refusal = sd.fake.of('chat.postEphemeral').at(-1)!;
      expect(refusal.args).toMatchObject({ channel: TRIAGE, user });
      expect(refusal.args.text).toMatch(/nothing changed/i);
    }
    await click(sd, U.hana, card(), 'triage.assign');
    expect(sd.fake.of('chat.postEphemeral').at(-1)!.args.text).toMatch(/Nothing changed on IT-1/);
    await click(sd, U.sam, card(), 'triage.priority', 'highest');
    expect(sd.fake.of('chat.postEphemeral')).toHaveLength(5);
    await sd.t.desk.outbox.drain();
    expect(await sd.t.store.tickets.byKey(key)).toMatchObject({
      status: 'open',
      assigneeId: null,
      priority: 'medium',
    });
    expect(sd.fake.of('chat.update')).toHaveLength(updates);
  });

  it('Assign to me and Priority change the ticket; a transition with fields asks for them in a modal', async () => {
    await click(sd, U.bob, card(), 'triage.assign');
    await click(sd, U.bob, card(), 'triage.priority', 'high');
    await sd.t.desk.outbox.drain();
    expect(shown(card())).toContain('Assignee: Bob Builder');
    expect(shown(card())).toContain('Priority: high');
    expect(element(card(), 'triage.priority')!.el.initial_option.value).toBe('high');
    // Resolve is for the assignee (or a manager): Alice is refused, Bob gets the modal.
    await move(U.alice, 'resolve');
    expect(sd.fake.of('chat.postEphemeral').at(-1)!.args.user).toBe(U.alice);
    await move(U.bob, 'resolve');
    const view = sd.fake.of('views.open').at(-1)!.args.view;
    expect(view.blocks.map((b: { block_id: string }) => b.block_id)).toEqual(['resolution']);
    const none = await sd.send(
      interaction(
        viewSubmission(U.bob, view, {
          resolution: { value: { type: 'static_select', selected_option: null } },
        }),
      ),
    );
    expect(JSON.parse(none.body)).toEqual({
      response_action: 'errors',
      errors: { resolution: 'Choose a resolution before resolving.' },
    });
    const done = await sd.send(
      interaction(
        viewSubmission(U.bob, view, {
          resolution: { value: { type: 'static_select', selected_option: { value: 'Done' } } },
        }),
      ),
    );
    expect(done).toEqual({ status: 200, body: '' });
    await sd.t.desk.outbox.drain();
    expect(await sd.t.store.tickets.byKey(key)).toMatchObject({ status: 'resolved', resolution: 'Done' });
    expect(shown(card())).toContain('Status: *Resolved*');
  });

  it('the thread under the card: a note stays internal, `reply:` reaches the requester, mentions neutralised', async () => {
    const from = sd.fake.calls.length;
    await sd.send(eventCallback(channelMessage(TRIAGE, U.alice, 'Checked the logs <!channel>', cardTs)));
    await sd.t.desk.outbox.drain();
    const comments = await sd.t.store.tickets.comments((await sd.t.store.tickets.byKey(key))!.id, true);
    expect(comments.map((c) => [c.body, c.internal])).toEqual([['Checked the logs @channel', true]]);
    expect(postedIn(sd, thread.channel, thread.ts, from)).toHaveLength(0);

    await sd.send(
      eventCallback(
        channelMessage(
          TRIAGE,
          U.alice,
          'reply: Please restart it <!here> <!subteam^S1|@it> @everyone &amp; &lt;b&gt;',
          cardTs,
        ),
      ),
    );
    await sd.t.desk.outbox.drain();
    const relayed = postedIn(sd, thread.channel, thread.ts, from);
    expect(relayed).toHaveLength(1);
    const said = JSON.stringify(relayed[0]!.args);
    expect(said).toContain('Please restart it');
    expect(said).not.toMatch(/<!(here|channel|everyone|subteam)/);
    expect(said).not.toMatch(/(?<!\\u2060)@everyone/);
    expect(relayed[0]!.args.text, relayed[0]!.args.text).toContain('&amp; &lt;b&gt;');
    expect(postedIn(sd, TRIAGE, cardTs, from).some((c) => shown(c).includes('Sent to the requester'))).toBe(
      true,
    );

    // Her answer in her thread becomes a public comment, shown to the agents under the card.
    await sd.send(
      eventCallback({
        ...channelMessage(thread.channel, U.rita, 'Restarted, it works now', thread.ts),
        channel_type: 'im',
      }),
    );
    await sd.t.desk.outbox.drain();
    const all = await sd.t.store.tickets.comments((await sd.t.store.tickets.byKey(key))!.id, true);
    expect(all.at(-1)).toMatchObject({ body: 'Restarted, it works now', internal: false });
    expect(postedIn(sd, TRIAGE, cardTs, from).some((c) => shown(c).includes('Restarted, it works now'))).toBe(
      true,
    );
  });

  it('a requester writing in the agents’ room adds nothing', async () => {
    await sd.send(eventCallback(channelMessage(TRIAGE, U.sam, 'what is this?', cardTs)));
    await sd.t.desk.outbox.drain();
    expect(await sd.t.store.tickets.comments((await sd.t.store.tickets.byKey(key))!.id, true)).toHaveLength(
      0,
    );
    expect(postedIn(sd, TRIAGE, cardTs).at(-1)!.args.text).toContain('Nothing was recorded');
  });

  it('the "Reply to requester" shortcut relays that message publicly', async () => {
    const from = sd.fake.calls.length;
    const note = channelMessage(TRIAGE, U.alice, 'A new cable is on its way', cardTs);
    const shortcut = {
      type: 'message_action',
      callback_id: 'deskbot_reply_to_requester',
      trigger_id: 'trig-shortcut-1',
      team: { id: 'T1' },
      user: { id: U.alice },
      channel: { id: TRIAGE },
      message: { type: 'message', user: U.alice, text: note.text, ts: note.ts, thread_ts: cardTs },
      response_url: 'http://127.0.0.1:9/r',
    };
    expect((await sd.send(interaction(shortcut))).status).toBe(200);
    await sd.t.desk.outbox.drain();
    const relayed = postedIn(sd, thread.channel, thread.ts, from);
    expect(relayed.map((c) => c.args.text).join()).toContain('A new cable is on its way');
  });
});
