import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dm, guildMessage } from '../../fakes/discord/discord-events.js';
import { type DiscordUser, GUILD } from '../../fakes/discord/fake-discord.js';
import { testBackend } from '../../support/test-store.js';
import { answers, click, clickOn, message, openRequestInDiscord, postedIn, shown } from './discord-flow.js';
import { D, type DiscordDesk, IT_TRIAGE, startDiscordDesk } from './discord-harness.js';

let dd: DiscordDesk;

describe(`Discord: a request from a DM to the agents' message and back (${testBackend()})`, () => {
  let key: string;
  let cardId: string;
  const card = () => dd.fake.messages.get(cardId)!;
  const ticket = async () => (await dd.t.store.tickets.byKey(key))!;

  beforeAll(async () => {
    dd = await startDiscordDesk();
  });
  afterAll(async () => {
    await dd.close();
  });

  it('registers /helpdesk at start', () => {
    const put = dd.fake.of('PUT', /\/applications\/\d+\/commands$/)[0]!;
    expect(put.body).toMatchObject([
      { name: 'helpdesk', options: [{ name: 'ask' }, { name: 'my' }, { name: 'status' }] },
    ]);
  });

  it('the whole request in a DM: ticket stored, a message with a thread in the IT channel', async () => {
    ({ key } = await openRequestInDiscord(dd, D.rita));
    expect((await ticket()).status).toBe('open');
    const posted = postedIn(dd, IT_TRIAGE)[0]!;
    cardId = posted.responseId!;
    expect(shown(posted.body)).toContain(key);
    expect(dd.fake.of('POST', new RegExp(`/channels/${IT_TRIAGE}/messages/${cardId}/threads$`))).toHaveLength(
      1,
    );
    // Every message Deskbot sent parses no mention.
    for (const c of dd.fake.of('POST', /\/channels\/\d+\/messages$/))
      expect(c.body.allowed_mentions).toEqual({ parse: [] });
  });

  it('an unlinked Discord user is a requester: a card click is refused only to them, nothing changes', async () => {
    const i = await click(dd, D.sam, { responseId: cardId } as never, 'triage|assign');
    expect(answers(dd, i)[0]).toMatchObject({ type: 6 });
    const follow = dd.fake.of('POST', new RegExp(`/webhooks/\\d+/${i.token}$`)).at(-1)!;
    expect(follow.body).toMatchObject({ flags: 64 });
    expect(String(follow.body.content)).toMatch(/Nothing changed on IT-\d+/);
    expect((await ticket()).assigneeId).toBeNull();
  });

  it('Alice links her Discord account with a code from the web, then assigns from the message', async () => {
    const alice = await dd.t.person('alice');
    const { code } = await dd.t.desk.identities.issueCode(alice);
    await dd.dispatch('MESSAGE_CREATE', dm(dd.fake, D.alice, dd.dmOf(D.alice), `link ${code}`));
    const linked = postedIn(dd, dd.dmOf(D.alice)).at(-1)!;
    expect(shown(linked.body)).toMatch(/Alice/);
    await click(dd, D.alice, { responseId: cardId } as never, 'triage|assign');
    expect((await ticket()).assigneeId).toBe(alice.id);
    const edit = dd.fake.of('PATCH', new RegExp(`/channels/${IT_TRIAGE}/messages/${cardId}$`)).at(-1)!;
    expect(shown(edit.body)).toContain('Assignee: Alice Agent');
  });

  it('a holder of the "IT Support" guild role is an IT agent while they hold it', async () => {
    dd.fake.memberRoles.set(D.sam.id, ['1187423001100000101']);
    const i = await click(dd, D.sam, { responseId: cardId } as never, 'triage|priority', ['high']);
    expect(dd.fake.of('POST', new RegExp(`/webhooks/\\d+/${i.token}$`))).toHaveLength(0);
    expect((await ticket()).priority).toBe('high');
    dd.fake.memberRoles.set(D.sam.id, []);
    const again = await click(dd, D.sam, { responseId: cardId } as never, 'triage|priority', ['low']);
    expect(
      String(dd.fake.of('POST', new RegExp(`/webhooks/\\d+/${again.token}$`)).at(-1)?.body.content),
    ).toMatch(/Nothing changed/);
    expect((await ticket()).priority).toBe('high');
    // Alice's roles come from the config: Discord roles neither add to them nor take them away.
    const alice = await dd.t.person('alice');
    expect(alice.roles).toContainEqual({ role: 'agent', department: 'it' });
  });

  it('a message in the card’s thread is an internal note, never sent to the requester', async () => {
    const before = dd.fake.calls.length;
    await dd.dispatch(
      'MESSAGE_CREATE',
      guildMessage(dd.fake, D.alice, cardId, 'Driver 31.0.101 on her laptop'),
    );
    const comments = await dd.t.store.tickets.comments((await ticket()).id, true);
    expect(comments.at(-1)).toMatchObject({ body: 'Driver 31.0.101 on her laptop', internal: true });
    expect(
      postedIn(dd, dd.dmOf(D.rita), before)
        .map((c) => shown(c.body))
        .join('\n'),
    ).not.toContain('Driver 31');
  });

  it('"Reply to requester" opens a modal; the reply reaches her DM, pinging nobody', async () => {
    const opened = await click(dd, D.alice, { responseId: cardId } as never, 'triage|reply');
    const modal = answers(dd, opened).at(-1)!;
    expect(modal).toMatchObject({ type: 9, data: { custom_id: `triagereply|${key}` } });
    const before = dd.fake.calls.length;
    const { modalSubmit } = await import('../../fakes/discord/discord-events.js');
    await dd.dispatch(
      'INTERACTION_CREATE',
      modalSubmit(
        dd.fake,
        D.alice,
        cardId,
        modal.data.custom_id,
        { reply: 'Please restart @everyone <@3000000000000000002>' },
        true,
      ),
    );
    const relayed = postedIn(dd, dd.dmOf(D.rita), before).at(-1)!;
    expect(String(relayed.body.content)).toContain('Please restart');
    expect(String(relayed.body.content)).not.toMatch(/@everyone|<@\d+>/);
    expect(relayed.body.allowed_mentions).toEqual({ parse: [] });
  });

  it('the requester’s answer in her DM becomes a public comment, shown in the card’s thread', async () => {
    const before = dd.fake.calls.length;
    await dd.dispatch('MESSAGE_CREATE', dm(dd.fake, D.rita, dd.dmOf(D.rita), 'Restarted, still flickering'));
    const asked = postedIn(dd, dd.dmOf(D.rita), before).at(-1)!;
    await click(dd, D.rita, asked, 'dsk|intake.add_to_ticket');
    const comments = await dd.t.store.tickets.comments((await ticket()).id, true);
    expect(comments.at(-1)).toMatchObject({ body: 'Restarted, still flickering', internal: false });
    expect(shown(postedIn(dd, cardId, before).at(-1)!.body)).toContain('Restarted, still flickering');
  });

  it('Steps… answers each person, privately, with only the steps they may take', async () => {
    const steps = async (user: DiscordUser) => {
      const i = await click(
        dd,
        D.alice === user ? D.alice : user,
        { responseId: cardId } as never,
        'triage|steps|',
      );
      const answer = answers(dd, i).at(-1)!;
      expect(answer).toMatchObject({ type: 4, data: { flags: 64 } });
      return (answer.data.components ?? []).flatMap((r: { components: { custom_id: string }[] }) =>
        r.components.map((c) => c.custom_id.split('|').at(-1)),
      );
    };
    expect(await steps(D.alice)).toEqual(expect.arrayContaining(['start_progress', 'resolve']));
    expect(await steps(D.sam)).toEqual([]);
  });

  it('a step that asks for fields opens a modal; the step resolves the ticket and the card says so', async () => {
    const shownSteps = await click(dd, D.alice, { responseId: cardId } as never, 'triage|steps|');
    const ephemeral = {
      ...answers(dd, shownSteps).at(-1)!.data,
      id: dd.fake.nextId(),
      channel_id: IT_TRIAGE,
      guild_id: GUILD,
    };
    const opened = await clickOn(dd, D.alice, ephemeral, 'triage|movef|');
    const modal = answers(dd, opened).at(-1)!;
    expect(modal.type).toBe(9);
    const { modalSubmit } = await import('../../fakes/discord/discord-events.js');
    await dd.dispatch(
      'INTERACTION_CREATE',
      modalSubmit(dd.fake, D.alice, cardId, modal.data.custom_id, { resolution: 'Done' }, true),
    );
    expect((await ticket()).status).toBe('resolved');
    expect(shown(card())).toContain('Status: Resolved');
    void message;
  });
});
