import { afterEach, describe, expect, it } from 'vitest';
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

  it('a person with no Slack account gets no Slack DM', async () => {
    sd = await startSlackDesk();
    const maria = await sd.t.person('maria');
    const before = sd.fake.of('chat.postMessage').length;
    await sd.t.desk.notices.send(maria, { parts: [{ kind: 'text', text: 'ping' }] });
    await sd.t.desk.outbox.drain();
    expect(sd.fake.of('chat.postMessage').length).toBe(before);
  });
});
