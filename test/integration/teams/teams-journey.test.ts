import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOT_ID, TENANT } from '../../fakes/teams/fake-teams.js';
import {
  cardSubmit,
  channelMessage,
  personalChat,
  personalMessage,
} from '../../fakes/teams/teams-activities.js';
import { testBackend } from '../../support/test-store.js';
import { openRequestInTeams, postedIn, shown, submitOn } from './teams-flow.js';
import { startTeamsDesk, T, type TeamsDesk } from './teams-harness.js';

const TRIAGE = '19:it-triage@thread.tacv2';
let td: TeamsDesk;

describe(`Teams: a request from the personal chat to the agents' card and back (${testBackend()})`, () => {
  let key: string;
  let cardId: string;
  const chain = () => ({ id: `${TRIAGE};messageid=${cardId}`, conversationType: 'channel' });
  /** The card as last posted or updated. */
  const card = () =>
    td.fake.calls
      .filter(
        (c) =>
          (c.path.endsWith('/v3/conversations') && c.method === 'POST' && c.body.isGroup === true) ||
          (c.method === 'PUT' && c.activityId === cardId),
      )
      .at(-1)!;
  const ticket = async () => (await td.t.store.tickets.byKey(key))!;

  beforeAll(async () => {
    td = await startTeamsDesk();
  });
  afterAll(async () => {
    await td.close();
  });

  it('a form submitted with a bad value comes back as the same card, in place, showing why', async () => {
    const chat = personalChat(T.sam);
    await td.send(personalMessage(td.fake, T.sam, 'My laptop screen keeps flickering after the update'));
    await td.settle();
    let last = postedIn(td, chat.id).at(-1)!;
    await submitOn(td, T.sam, chat, last, 'kb.not_solved');
    last = postedIn(td, chat.id).at(-1)!;
    await submitOn(td, T.sam, chat, last, 'intake.type', { dsk_choice: 'laptop-problem' });
    const form = postedIn(td, chat.id).at(-1)!;
    const posts = td.fake.posted().length;
    await submitOn(td, T.sam, chat, form, 'intake.form', {
      'f.device': 'Laptop',
      'f.description': 'It flickers',
      'f.asset_tag': 'X'.repeat(30),
    });
    expect(td.fake.posted().length).toBe(posts);
    const update = td.fake.calls.filter((c) => c.method === 'PUT').at(-1)!;
    expect(update.activityId).toBe(form.responseId);
    expect(shown(update)).toMatch(/20 characters/i);
    // The values typed so far are kept in the card.
    expect(JSON.stringify(update.body)).toContain('It flickers');
  });

  it('the whole request: ticket stored, confirmation with the real status, a card in the IT channel', async () => {
    ({ key } = await openRequestInTeams(td, T.rita, 'my monitor keeps flickering since this morning'));
    expect((await ticket()).status).toBe('open');
    const created = td.fake.calls.find((c) => c.path.endsWith('/v3/conversations') && c.method === 'POST')!;
    expect(created.body).toMatchObject({
      isGroup: true,
      channelData: { channel: { id: TRIAGE } },
      tenantId: TENANT,
    });
    expect(shown(created)).toContain(key);
    cardId = created.responseId!;
    expect((await td.t.desk.posts.ticketAt('teams', TRIAGE, cardId))?.key).toBe(key);
  });

  it('Assign to me by an agent: assigned, the card updated in place', async () => {
    await submitOn(td, T.alice, chain(), card(), 'assign');
    expect((await ticket()).assigneeId).toBe((await td.t.store.people.byEmail('alice@acme.example'))!.id);
    expect(card().method).toBe('PUT');
    expect(shown(card())).toContain('Assignee: Alice Agent');
  });

  it('each person viewing the card gets their own: only the steps they may take', async () => {
    const view = async (user: typeof T.alice) => {
      const invoke = {
        ...cardSubmit(td.fake, user, chain(), cardId, {}),
        type: 'invoke',
        name: 'adaptiveCard/action',
        value: {
          action: { type: 'Action.Execute', verb: 'triage.view', data: { key } },
          trigger: 'automatic',
        },
      };
      const res = await td.send(invoke);
      expect(res.status).toBe(200);
      const answer = JSON.parse(res.body);
      expect(answer).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' });
      return [...JSON.stringify(answer.value).matchAll(/"transition":"([a-z_]+)"/g)].map((m) => m[1]);
    };
    expect(await view(T.alice)).toEqual(expect.arrayContaining(['start_progress', 'resolve']));
    expect(await view(T.sam)).toEqual([]);
    expect(await view(T.hana)).toEqual([]);
    // The posted card asks Teams for these views.
    expect(JSON.stringify(card().body)).toContain('"verb":"triage.view"');
  });

  it('a requester clicking a step is refused in her own 1:1 chat, and nothing changes', async () => {
    const before = td.fake.calls.length;
    await submitOn(td, T.sam, chain(), card(), 'move', {});
    expect((await ticket()).status).toBe('open');
    const opened = td.fake.calls.slice(before).find((c) => c.path.endsWith('/v3/conversations'))!;
    expect(opened.body).toMatchObject({ isGroup: false, members: [{ id: T.sam.id }] });
    const refusal = td.fake.posted(`a:direct-${T.sam.id}`).at(-1)!;
    expect(shown(refusal)).toMatch(/Nothing changed on IT-\d+/);
    expect(td.fake.calls.slice(before).some((c) => c.method === 'PUT')).toBe(false);
  });

  it('Priority from the card', async () => {
    await submitOn(td, T.alice, chain(), card(), 'priority', { triage_priority: 'high' });
    expect((await ticket()).priority).toBe('high');
    expect(shown(card())).toContain('Priority: high');
  });

  it('a reply in the card’s chain is an internal note: stored, never sent to the requester', async () => {
    const before = td.fake.calls.length;
    const note = channelMessage(
      td.fake,
      T.alice,
      { channel: TRIAGE, root: cardId },
      'Checked the logs: driver 31.0.101',
    );
    expect((await td.send(note)).status).toBe(200);
    await td.settle();
    const comments = await td.t.store.tickets.comments((await ticket()).id, true);
    expect(comments.at(-1)).toMatchObject({ body: 'Checked the logs: driver 31.0.101', internal: true });
    const rita = postedIn(td, personalChat(T.rita).id, before);
    expect(rita.map(shown).join('\n')).not.toContain('driver 31');
  });

  it('"Reply to requester" relays a public reply proactively, escaped: no mention, no markup', async () => {
    const before = td.fake.calls.length;
    await submitOn(td, T.alice, chain(), card(), 'reply', {
      triage_reply: 'Please restart. <at>General</at> <img src=x onerror=alert(1)> & thanks',
    });
    await td.settle();
    const comments = await td.t.store.tickets.comments((await ticket()).id, true);
    expect(comments.at(-1)).toMatchObject({ internal: false });
    const relayed = postedIn(td, personalChat(T.rita).id, before).at(-1)!;
    const text = String(relayed.body.text ?? '');
    expect(text).toContain('Please restart.');
    expect(text).toContain('&lt;at&gt;General&lt;/at&gt;');
    expect(text).not.toMatch(/<at>|<img/);
    expect(relayed.body.entities ?? []).toEqual([]);
    expect(relayed.authorization).toMatch(/^Bearer fake-access-/);
  });

  it('the requester’s answer in her chat becomes a public comment, shown under the card', async () => {
    const before = td.fake.calls.length;
    await td.send(personalMessage(td.fake, T.rita, 'Restarted, still flickering'));
    await td.settle();
    // One chat for everything: Deskbot asks whether the words are about the open request.
    const asked = postedIn(td, personalChat(T.rita).id, before).at(-1)!;
    await submitOn(td, T.rita, personalChat(T.rita), asked, 'intake.add_to_ticket');
    const comments = await td.t.store.tickets.comments((await ticket()).id, true);
    expect(comments.at(-1)).toMatchObject({ body: 'Restarted, still flickering', internal: false });
    const underCard = postedIn(td, `${TRIAGE};messageid=${cardId}`, before).at(-1)!;
    expect(shown(underCard)).toContain('Restarted, still flickering');
  });

  it('a step that asks for fields posts its form in the chain; the step then resolves the ticket', async () => {
    const before = td.fake.calls.length;
    expect(JSON.stringify(card().body)).toContain('"transition":"resolve"');
    const res = await td.send(
      cardSubmit(td.fake, T.alice, chain(), cardId, { triage: 'move', key, transition: 'resolve' }),
    );
    expect(res.status).toBe(200);
    await td.settle();
    const form = postedIn(td, chain().id, before).at(-1)!;
    expect(shown(form)).toContain('Resolve');
    expect(JSON.stringify(form.body)).toContain('"id":"f.resolution"');
    // A value the step refuses: the same form card comes back in place, with the reason.
    const after = td.fake.calls.length;
    await submitOn(td, T.alice, chain(), form, 'move', { 'f.resolution': 'Fixed' });
    expect((await ticket()).status).toBe('open');
    const again = td.fake.calls.slice(after).find((c) => c.method === 'PUT')!;
    expect(again.activityId).toBe(form.responseId);
    expect(shown(again)).toContain('must be one of');
    await submitOn(td, T.alice, chain(), { ...again, responseId: form.responseId }, 'move', {
      'f.resolution': 'Done',
    });
    expect((await ticket()).status).toBe('resolved');
    // Rita hears of it in her chat.
    const told = postedIn(td, personalChat(T.rita).id, before).map(shown).join('\n');
    expect(told).toMatch(/Resolved/);
  });

  it('@mention in a channel: answered in the reply chain, the mention taken out of the words', async () => {
    const where = { channel: '19:general@thread.tacv2', root: '1700000099999' };
    const res = await td.send(channelMessage(td.fake, T.sam, where, 'how do I reset my password', true));
    expect(res.status).toBe(200);
    await td.settle();
    const answer = postedIn(td, `${where.channel};messageid=${where.root}`).at(-1)!;
    expect(shown(answer)).toMatch(/password/i);
    const [row] = await td.t.store.database.raw(
      "SELECT message FROM conversation_messages WHERE direction = 'in' ORDER BY id DESC LIMIT 1",
      [],
    );
    expect(JSON.stringify((row as { message: unknown }).message)).not.toContain('Deskbot');
    // A message in a channel that does not mention the bot, in a chain it does not talk in, is ignored.
    const posts = td.fake.posted().length;
    await td.send(
      channelMessage(td.fake, T.sam, { channel: where.channel, root: '1700000088888' }, 'lunch?'),
    );
    await td.settle();
    expect(td.fake.posted().length).toBe(posts);
  });

  it('the connector answering 429 then 200: delivered once, after Retry-After', async () => {
    td.fake.failNext(429, 1, { 'retry-after': '30' });
    const before = td.fake.calls.length;
    await td.send(personalMessage(td.fake, T.rita, 'my requests'));
    await td.settle();
    const tries = () => postedIn(td, personalChat(T.rita).id, before);
    expect(tries()).toHaveLength(1); // the 429 is one call; nothing delivered yet
    td.t.clock.advance(29_000);
    await td.settle();
    expect(tries()).toHaveLength(1);
    td.t.clock.advance(1_000);
    await td.settle();
    expect(tries()).toHaveLength(2);
    expect(shown(tries()[1]!)).toContain(key);
    expect(new Set(tries().map((c) => c.activityId)).size).toBe(2);
  });

  it('the bot never answers its own messages', async () => {
    const posts = td.fake.posted().length;
    const own = personalMessage(td.fake, T.rita, 'echo');
    own.from = { id: BOT_ID, name: 'Deskbot', aadObjectId: undefined };
    expect((await td.send(own)).status).toBe(200);
    await td.settle();
    expect(td.fake.posted().length).toBe(posts);
  });
});
