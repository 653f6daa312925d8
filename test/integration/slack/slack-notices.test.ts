import { afterEach, describe, expect, it } from 'vitest';
import { addressOf } from '../../../src/core/relay/message.rows.js';
import { directMessage, eventCallback } from '../../fakes/slack/slack-payloads.js';
import { testBackend } from '../../support/test-store.js';
import { type SlackDesk, startSlackDesk, U } from './slack-harness.js';

let sd: SlackDesk;

describe(`Slack: notices such as SLA pings reach people in their DM (${testBackend()})`, () => {
  afterEach(async () => {
    await sd.close();
  });

  it('an SLA ping for an agent linked on Slack is posted to their DM with the bot, once', async () => {
    sd = await startSlackDesk();
    // Alice writes to the bot once: her Slack account is linked to her person by email.
    await sd.send(eventCallback(directMessage(U.alice, 'help')));
    await sd.t.desk.outbox.drain();
    const before = sd.fake.of('chat.postMessage').length;
    const alice = await sd.t.person('alice');
    const sent = await sd.t.desk.notices.send(alice, {
      parts: [{ kind: 'text', text: 'IT-7 breaches its time to resolution at 16:00 <!channel>' }],
    });
    expect(sent).toBe(1); // her Slack DM (the web chat route is registered by main.ts, not in this harness)
    await sd.t.desk.outbox.drain();
    await sd.t.desk.outbox.drain();
    const posts = sd.fake.of('chat.postMessage').slice(before);
    expect(posts).toHaveLength(1);
    expect(posts[0]!.args.channel).toBe(U.alice);
    expect(posts[0]!.args.thread_ts).toBeUndefined();
    expect(String(posts[0]!.args.text)).toContain('IT-7 breaches its time to resolution');
    expect(String(posts[0]!.args.text)).not.toContain('<!channel>');
  });

  it('a row an instance posted and died before marking is found by its mark, not posted twice', async () => {
    sd = await startSlackDesk();
    await sd.send(eventCallback(directMessage(U.alice, 'help')));
    await sd.t.desk.outbox.drain();
    const before = sd.fake.posted.length;
    // Two answers queued (not yet delivered)...
    await sd.send(eventCallback(directMessage(U.alice, 'my requests')));
    await sd.send(eventCallback(directMessage(U.alice, 'status IT-404')));
    // ...another instance claims them, posts the first, and is killed before it marks either delivered.
    const [posted, unposted] = await sd.t.store.outbox.claim(10, sd.t.clock.now(), 30_000);
    await sd.slack.channel.deliver(addressOf(posted!.payload)!, posted!.payload.message as never, {
      id: posted!.id,
      retried: false,
    });
    expect(sd.fake.posted.slice(before)).toHaveLength(1);
    expect(unposted).toBeDefined();

    sd.t.clock.advance(31_000); // their lease is over: this instance takes them
    await sd.t.desk.outbox.drain();
    // The first was found by its mark and not posted again; the second was not there, and is posted once.
    const after = sd.fake.posted.slice(before);
    expect(after.map((m) => m.metadata)).toEqual(
      [posted!.id, unposted!.id].map((id) => ({
        event_type: 'deskbot_outbox',
        event_payload: { outbox_id: String(id) },
      })),
    );
    expect(after[1]!.text).toMatch(/IT-404/);
    const looked = [...sd.fake.of('conversations.history'), ...sd.fake.of('conversations.replies')];
    expect(looked.length).toBeGreaterThanOrEqual(2);
  });

  it('a person with no Slack account gets no Slack DM', async () => {
    sd = await startSlackDesk();
    const maria = await sd.t.person('maria');
    const before = sd.fake.of('chat.postMessage').length;
    await sd.t.desk.notices.send(maria, { parts: [{ kind: 'text', text: 'ping' }] });
    await sd.t.desk.outbox.drain();
    expect(sd.fake.of('chat.postMessage').length).toBe(before);
  });
});
