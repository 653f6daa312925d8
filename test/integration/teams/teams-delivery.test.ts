import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { personalChat, personalMessage } from '../../fakes/teams/teams-activities.js';
import { testBackend } from '../../support/test-store.js';
import { openRequestInTeams, postedIn, shown } from './teams-flow.js';
import { startTeamsDesk, T, type TeamsDesk } from './teams-harness.js';

let td: TeamsDesk;

/** Rita has written once (her identity is linked), and the answer went out. */
async function linked(): Promise<void> {
  await td.send(personalMessage(td.fake, T.rita, 'my requests'));
  await td.settle();
}

async function outboxStatus(): Promise<string[]> {
  const rows = await td.t.store.database.raw(
    "SELECT state FROM outbox WHERE topic = 'message' ORDER BY id",
    [],
  );
  return rows.map((r) => String((r as { state: string }).state));
}

describe(`Teams: outbound through the outbox (${testBackend()})`, () => {
  beforeEach(async () => {
    td = await startTeamsDesk();
  });
  afterEach(async () => {
    await td.close();
  });

  it('a member lookup failing for a moment: asked again, the message is answered', async () => {
    td.fake.failNext(502, 2);
    await td.send(personalMessage(td.fake, T.rita, 'how do I book annual leave'));
    await td.settle();
    expect(td.fake.calls.filter((c) => c.path.includes('/members/'))).toHaveLength(3);
    expect(shown(postedIn(td, personalChat(T.rita).id).at(-1)!)).toMatch(/leave/i);
  });

  it('502, 504 and 412 are retried with backoff; the message is delivered once', async () => {
    await linked();
    td.fake.failNext(502);
    td.fake.failNext(504);
    td.fake.failNext(412);
    const from = td.fake.calls.length;
    await td.send(personalMessage(td.fake, T.rita, 'how do I book annual leave'));
    await td.settle();
    const chat = personalChat(T.rita).id;
    for (let i = 0; i < 3; i++) {
      td.t.clock.advance(10_000);
      await td.settle();
    }
    const tries = postedIn(td, chat, from);
    expect(tries).toHaveLength(4);
    expect(shown(tries[3]!)).toMatch(/leave/i);
    expect((await outboxStatus()).at(-1)).toBe('delivered');
  });

  it('another 4xx is final: the row is dead, never sent again', async () => {
    await linked();
    td.fake.failNext(403);
    const from = td.fake.calls.length;
    await td.send(personalMessage(td.fake, T.rita, 'how do I book annual leave'));
    await td.settle();
    td.t.clock.advance(3_600_000);
    await td.settle();
    expect(postedIn(td, personalChat(T.rita).id, from)).toHaveLength(1);
    expect((await outboxStatus()).at(-1)).toBe('dead');
  });

  it('one token serves every call until it nears expiry', async () => {
    await openRequestInTeams(td, T.rita);
    expect(td.fake.calls.length).toBeGreaterThan(5);
    expect(td.fake.tokenRequests).toHaveLength(1);
  });

  it('the service URL is refreshed from every inbound activity: later messages go to the new one', async () => {
    const { key } = await openRequestInTeams(td, T.rita);
    // Teams moved Rita's tenant: her next activity carries another service URL.
    const moved = { ...personalMessage(td.fake, T.rita, 'my requests'), serviceUrl: td.fake.otherServiceUrl };
    expect((await td.send(moved)).status).toBe(200);
    await td.settle();
    const before = td.fake.calls.length;
    const alice = await td.t.person('alice');
    await td.t.desk.tickets.addComment(alice, key, { body: 'On my way', internal: false });
    await td.settle();
    const relayed = postedIn(td, personalChat(T.rita).id, before);
    expect(relayed.length).toBeGreaterThan(0);
    expect(relayed.every((c) => c.service === 'svc2')).toBe(true);
    expect(shown(relayed.at(-1)!)).toContain('On my way');
  });

  it('a deleted card is posted afresh on the next change', async () => {
    const { key } = await openRequestInTeams(td, T.rita);
    const post = await td.t.desk.posts.find(
      'teams',
      'triage_card',
      (await td.t.store.tickets.byKey(key))!.id,
    );
    td.fake.activities.delete(post!.messageId);
    const alice = await td.t.person('alice');
    await td.t.desk.tickets.update(alice, key, { priority: 'high' });
    await td.settle();
    const again = await td.t.desk.posts.find(
      'teams',
      'triage_card',
      (await td.t.store.tickets.byKey(key))!.id,
    );
    expect(again!.messageId).not.toBe(post!.messageId);
    expect(shown(td.fake.activities.get(again!.messageId)!)).toContain('Priority: high');
  });
});

describe(`Teams: notices reach people in their 1:1 chat (${testBackend()})`, () => {
  afterEach(async () => {
    await td.close();
  });

  it('an SLA ping for an agent linked on Teams is posted to her chat with the bot, once, escaped', async () => {
    td = await startTeamsDesk();
    await td.send(personalMessage(td.fake, T.alice, 'help'));
    await td.settle();
    const before = td.fake.calls.length;
    const alice = await td.t.person('alice');
    const sent = await td.t.desk.notices.send(alice, {
      parts: [{ kind: 'text', text: 'IT-7 breaches its time to resolution at 16:00 <at>Everyone</at>' }],
    });
    expect(sent).toBe(1);
    await td.settle();
    const opened = td.fake.calls.slice(before).filter((c) => c.path.endsWith('/v3/conversations'));
    expect(opened).toHaveLength(1);
    expect(opened[0]!.body).toMatchObject({ isGroup: false, members: [{ id: T.alice.id }] });
    const posts = td.fake.posted(`a:direct-${T.alice.id}`);
    expect(posts).toHaveLength(1);
    expect(String(posts[0]!.body.text)).toContain('IT-7 breaches its time to resolution');
    expect(String(posts[0]!.body.text)).not.toContain('<at>');
  });

  it('a person who never wrote to the bot on Teams gets no Teams message', async () => {
    td = await startTeamsDesk();
    const maria = await td.t.person('maria');
    const before = td.fake.calls.length;
    expect(await td.t.desk.notices.send(maria, { parts: [{ kind: 'text', text: 'ping' }] })).toBe(0);
    await td.settle();
    expect(td.fake.calls.length).toBe(before);
  });
});
