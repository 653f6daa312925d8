import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import {
  channelMessage,
  directMessage,
  eventCallback,
  slashCommand,
} from '../../fakes/slack/slack-payloads.js';
import { testBackend } from '../../support/test-store.js';
import { click, postedIn, shown } from './slack-flow.js';
import { BOT_TOKEN, SECRET, type SlackDesk, startSlackDesk, U } from './slack-harness.js';

let sd: SlackDesk;

async function outbox(topic: string) {
  const r = (await sd.t.store.database.db.execute(
    sql`SELECT state, attempts, last_error FROM outbox WHERE topic = ${topic} ORDER BY id`,
  )) as unknown as { rows: { state: string; attempts: number; last_error: string | null }[] };
  return r.rows;
}

describe(`Slack: delivery, commands, identity (${testBackend()})`, () => {
  afterEach(async () => {
    await sd.close();
  });

  it('chat.postMessage answering 429 twice, then ok: waits Retry-After each time and posts exactly once', async () => {
    sd = await startSlackDesk();
    sd.fake.failNext('chat.postMessage', { status: 429, retryAfter: 30 }, { status: 429, retryAfter: 30 });
    const dm = directMessage(U.rita, 'my requests');
    await sd.send(eventCallback(dm));
    await sd.t.desk.outbox.drain();
    expect(sd.fake.of('chat.postMessage')).toHaveLength(1);
    sd.t.clock.advance(29_000);
    expect(await sd.t.desk.outbox.drain()).toBe(0);
    sd.t.clock.advance(1_000);
    await sd.t.desk.outbox.drain();
    expect(sd.fake.of('chat.postMessage')).toHaveLength(2);
    sd.t.clock.advance(30_000);
    await sd.t.desk.outbox.drain();
    sd.t.clock.advance(600_000);
    await sd.t.desk.outbox.drain();
    const calls = sd.fake.of('chat.postMessage');
    expect(calls).toHaveLength(3);
    expect(new Set(calls.map((c) => c.args.thread_ts))).toEqual(new Set([dm.ts]));
    expect(await outbox('message')).toEqual([{ state: 'delivered', attempts: 3, last_error: null }]);
  });

  it('5xx is retried with backoff; a 4xx (ok:false) is final and kept as dead', async () => {
    sd = await startSlackDesk();
    sd.fake.failNext('chat.postMessage', { status: 503 }, { error: 'channel_not_found' });
    await sd.send(eventCallback(directMessage(U.rita, 'help')));
    await sd.t.desk.outbox.drain();
    sd.t.clock.advance(2_000);
    await sd.t.desk.outbox.drain();
    sd.t.clock.advance(3_600_000);
    await sd.t.desk.outbox.drain();
    expect(sd.fake.of('chat.postMessage')).toHaveLength(2);
    expect(await outbox('message')).toEqual([
      { state: 'dead', attempts: 2, last_error: 'chat.postMessage: channel_not_found' },
    ]);
  });

  it('a mention in a channel is answered in a thread under it', async () => {
    sd = await startSlackDesk();
    const mention = { ...channelMessage('CGENERAL', U.sam, '<@UBOT> my requests'), type: 'app_mention' };
    await sd.send(eventCallback(mention));
    // The same words also arrive as a message event: answered once, through app_mention.
    await sd.send(eventCallback({ ...mention, type: 'message' }));
    await sd.t.desk.outbox.drain();
    const answers = postedIn(sd, 'CGENERAL', mention.ts);
    expect(answers).toHaveLength(1);
    expect(shown(answers[0]!)).toContain('You have no requests yet');
    // Chatter in threads Deskbot is not part of stays out of it.
    await sd.send(eventCallback(channelMessage('CGENERAL', U.sam, 'lunch?', '1700000500.000001')));
    await sd.t.desk.outbox.drain();
    expect(sd.fake.of('chat.postMessage')).toHaveLength(1);
  });

  it('/helpdesk my answers ephemerally; /helpdesk with words continues in a direct-message thread', async () => {
    sd = await startSlackDesk();
    const my = await sd.send(slashCommand(U.rita, 'CGENERAL', 'my'));
    expect(my.status).toBe(200);
    await sd.t.desk.outbox.drain();
    const ephemeral = sd.fake.of('chat.postEphemeral').at(-1)!;
    expect(ephemeral.args).toMatchObject({ channel: 'CGENERAL', user: U.rita });
    expect(shown(ephemeral)).toContain('You have no requests yet');

    const ask = await sd.send(slashCommand(U.rita, 'CGENERAL', 'My VPN keeps disconnecting'));
    expect(JSON.parse(ask.body).text).toContain('direct messages');
    await sd.t.desk.outbox.drain();
    const anchor = sd.fake.of('chat.postMessage').find((c) => c.args.channel === U.rita)!;
    expect(anchor.args.text).toContain('My VPN keeps disconnecting');
    const thread = sd.fake
      .of('chat.postMessage')
      .filter((c) => c.args.channel === 'DURITA' && c.args.thread_ts === anchor.answer.ts);
    expect(thread.length).toBeGreaterThan(0);
  });

  it('the :ticket: reaction offers a button; its click starts a request from that message', async () => {
    sd = await startSlackDesk();
    sd.fake.messages.set('CGENERAL|1700000600.000001', {
      text: 'The printer on 3rd floor is jammed',
      user: U.sam,
      ts: '1700000600.000001',
    });
    const reaction = {
      type: 'reaction_added',
      user: U.sam,
      reaction: 'ticket',
      item: { type: 'message', channel: 'CGENERAL', ts: '1700000600.000001' },
      item_user: U.sam,
      event_ts: '1700000601.000001',
    };
    await sd.send(eventCallback(reaction));
    const offer = sd.fake.of('chat.postEphemeral').at(-1)!;
    expect(offer.args).toMatchObject({ channel: 'CGENERAL', user: U.sam });
    await click(sd, U.sam, offer, 'dsk.from_reaction');
    await sd.t.desk.outbox.drain();
    const anchor = sd.fake.of('chat.postMessage').find((c) => c.args.channel === U.sam)!;
    expect(anchor.args.text).toContain('printer on 3rd floor is jammed');
    const thread = sd.fake
      .of('chat.postMessage')
      .filter((c) => c.args.channel === 'DUSAM' && c.args.thread_ts === anchor.answer.ts);
    expect(thread.length).toBeGreaterThan(0);
  });

  it('a Slack user unknown to the desk becomes a requester by email, looked up once', async () => {
    sd = await startSlackDesk();
    await sd.send(eventCallback(directMessage(U.newbie, 'help')));
    await sd.send(eventCallback(directMessage(U.newbie, 'my requests')));
    await sd.send(eventCallback(directMessage(U.rita, 'help')));
    expect(sd.fake.of('users.info').map((c) => c.args.user)).toEqual([U.newbie, U.rita]);
    const nina = await sd.t.store.people.byEmail('nina.new@acme.example');
    expect(nina).toMatchObject({ name: 'Nina New', roles: [] });
    expect(await sd.t.store.people.byIdentity('slack', 'T1', U.newbie)).toMatchObject({ id: nina!.id });
    // An existing person is linked, not duplicated.
    const rita = await sd.t.store.people.byEmail('rita@acme.example');
    expect(await sd.t.store.people.byIdentity('slack', 'T1', U.rita)).toMatchObject({ id: rita!.id });
  });

  it('App Home lists "My requests" with their status and next SLA due time', async () => {
    sd = await startSlackDesk();
    const rita = await sd.t.person('rita');
    const ticket = await sd.t.desk.tickets.create(rita, {
      requestType: 'password-reset',
      fields: { system: 'VPN', username: 'rita' },
    });
    const home = async () => {
      await sd.send(
        eventCallback({
          type: 'app_home_opened',
          user: U.rita,
          channel: 'DURITA',
          tab: 'home',
          event_ts: '1',
        }),
      );
      const published = sd.fake.of('views.publish').at(-1)!;
      expect(published.args.user_id).toBe(U.rita);
      return JSON.stringify(published.args.view.blocks);
    };
    // Opened Wed 25 Nov 10:00 London at priority high: a first response within 2 working hours.
    expect(ticket.priority).toBe('high');
    const first = await home();
    expect(first).toContain('My requests');
    expect(first).toContain('IT-1');
    expect(first).toContain('Status: *Open*');
    expect(first).toContain('Time to first response: due Wed, 25 Nov 2026, 12:00 GMT');
    sd.t.clock.advance(3 * 3_600_000);
    expect(await home()).toContain('Time to first response: overdue since Wed, 25 Nov 2026, 12:00 GMT');
  });

  it('acknowledges before the turn runs (processBeforeResponse off), and concurrent retries change nothing', async () => {
    sd = await startSlackDesk({ processBeforeResponse: false });
    const delivery = eventCallback(directMessage(U.rita, 'help'), 'EvSAME');
    const answers = await Promise.all([
      sd.send(delivery),
      sd.send(delivery, { retryNum: 1 }),
      sd.send(delivery, { retryNum: 2 }),
    ]);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    await sd.slack.stop();
    await sd.t.desk.outbox.drain();
    expect(sd.fake.of('chat.postMessage')).toHaveLength(1);
  });

  it('never logs a token or the signing secret', async () => {
    sd = await startSlackDesk();
    sd.fake.failNext('chat.postMessage', { error: 'invalid_auth' });
    sd.fake.failNext('users.info', { error: 'user_not_found' });
    await sd.send(eventCallback(directMessage(U.rita, 'help')));
    await sd.send(eventCallback(directMessage(U.sam, 'help')));
    await sd.send(eventCallback(directMessage(U.rita, 'x')), { signature: 'v0=bad' });
    await sd.t.desk.outbox.drain();
    const all = sd.logs.join('');
    expect(all.length).toBeGreaterThan(0);
    expect(all).not.toContain(BOT_TOKEN);
    expect(all).not.toContain(SECRET);
    expect(all).not.toMatch(/xox[bpa]-/);
  });
});
