import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { discordConversation } from '../../../adapters/discord/discord.inbound.js';
import { dm, guildMessage, modalSubmit, slashCommand } from '../../fakes/discord/discord-events.js';
import { testBackend } from '../../support/test-store.js';
import { answers, click, component, message, postedIn, shown } from './discord-flow.js';
import { D, type DiscordDesk, GENERAL, startDiscordDesk } from './discord-harness.js';

let dd: DiscordDesk;

describe(`Discord: in a channel, on the gateway, through the outbox (${testBackend()})`, () => {
  beforeEach(async () => {
    dd = await startDiscordDesk();
  });
  afterEach(async () => {
    await dd.close();
  });

  it('@mention in a channel: a thread of its own, a modal with one bad value fixed without retyping', async () => {
    const asked = guildMessage(dd.fake, D.rita, GENERAL, 'my laptop screen keeps flickering', true);
    await dd.dispatch('MESSAGE_CREATE', asked);
    const thread = String(asked.id);
    expect(dd.fake.of('POST', new RegExp(`/channels/${GENERAL}/messages/${thread}/threads$`))).toHaveLength(
      1,
    );
    let last = postedIn(dd, thread).at(-1)!;
    expect(String(message(dd, last).content)).not.toContain('<@');
    if (component(message(dd, last), 'dsk|kb.not_solved')) {
      await click(dd, D.rita, last, 'dsk|kb.not_solved');
      last = postedIn(dd, thread).at(-1)!;
    }
    await click(dd, D.rita, last, 'dsk|intake.type', ['laptop-problem']);
    last = postedIn(dd, thread).at(-1)!;
    const opened = await click(dd, D.rita, last, 'dskform');
    const modal = answers(dd, opened).at(-1)!;
    expect(modal.data.components).toHaveLength(3);
    await dd.dispatch(
      'INTERACTION_CREATE',
      modalSubmit(
        dd.fake,
        D.rita,
        thread,
        modal.data.custom_id,
        { device: 'Laptop', description: 'It flickers', asset_tag: 'X'.repeat(30) },
        true,
      ),
    );
    last = postedIn(dd, thread).at(-1)!;
    expect(shown(message(dd, last))).toMatch(/Asset tag: .*20 characters/);
    expect(shown(message(dd, last))).toContain('[Fix the form]');
    const again = await click(dd, D.rita, last, 'dskform');
    const refill = answers(dd, again).at(-1)!;
    const values = Object.fromEntries(
      refill.data.components.map((r: { components: { custom_id: string; value?: string }[] }) => [
        r.components[0]!.custom_id,
        r.components[0]!.value,
      ]),
    );
    expect(values).toMatchObject({ device: 'Laptop', description: 'It flickers' });
    await dd.dispatch(
      'INTERACTION_CREATE',
      modalSubmit(
        dd.fake,
        D.rita,
        thread,
        refill.data.custom_id,
        { ...values, asset_tag: 'ACME-01234' },
        true,
      ),
    );
    last = postedIn(dd, thread).at(-1)!;
    await click(dd, D.rita, last, 'dsk|intake.confirm');
    const confirmation = shown(message(dd, postedIn(dd, thread).at(-1)!));
    expect(confirmation).toMatch(/IT-\d+/);
    expect((await dd.t.store.tickets.byKey(/IT-\d+/.exec(confirmation)![0]))?.fields).toMatchObject({
      asset_tag: 'ACME-01234',
    });
  });

  it('a message event replayed, and an interaction delivered twice, change nothing twice', async () => {
    const said = dm(dd.fake, D.rita, dd.dmOf(D.rita), 'how do I book annual leave');
    await dd.dispatch('MESSAGE_CREATE', said);
    await dd.dispatch('MESSAGE_CREATE', said);
    expect(postedIn(dd, dd.dmOf(D.rita))).toHaveLength(1);
    const last = postedIn(dd, dd.dmOf(D.rita)).at(-1)!;
    const i = await click(dd, D.rita, last, 'dsk|');
    const after = postedIn(dd, dd.dmOf(D.rita)).length;
    await dd.dispatch('INTERACTION_CREATE', i);
    expect(postedIn(dd, dd.dmOf(D.rita)).length).toBe(after);
  });

  it('the gateway drops mid-conversation: the client resumes, what was missed is processed once', async () => {
    await dd.dispatch('MESSAGE_CREATE', dm(dd.fake, D.rita, dd.dmOf(D.rita), 'my requests'));
    const before = postedIn(dd, dd.dmOf(D.rita)).length;
    dd.fake.drop();
    // Sent while the client is away: Discord replays them on RESUME.
    dd.fake.dispatch('MESSAGE_CREATE', dm(dd.fake, D.rita, dd.dmOf(D.rita), 'how do I reset my password'));
    dd.fake.dispatch('MESSAGE_CREATE', dm(dd.fake, D.sam, dd.dmOf(D.sam), 'my vpn keeps dropping'));
    await dd.fake.connections(2);
    expect(dd.fake.gateway).toMatchObject({ identifies: 1, resumes: 1 });
    await dd.settle();
    expect(postedIn(dd, dd.dmOf(D.rita)).length).toBe(before + 1);
    expect(postedIn(dd, dd.dmOf(D.sam))).toHaveLength(1);
  });

  it('the holder was killed: the next one, connecting afresh, reads what was said meanwhile and answers it once', async () => {
    await dd.dispatch('MESSAGE_CREATE', dm(dd.fake, D.rita, dd.dmOf(D.rita), 'my requests'));
    const before = postedIn(dd, dd.dmOf(D.rita)).length;
    await dd.discord.stop(); // as good as killed: no instance holds the gateway now
    // Said while nobody is connected: Discord keeps the messages, but replays them only to a RESUME.
    dd.fake.dispatch('MESSAGE_CREATE', dm(dd.fake, D.rita, dd.dmOf(D.rita), 'how do I reset my password'));
    dd.fake.dispatch('MESSAGE_CREATE', dm(dd.fake, D.rita, dd.dmOf(D.rita), 'my vpn keeps dropping'));
    const next = await dd.restart(); // another instance takes the gateway: a new IDENTIFY
    expect(dd.fake.gateway).toMatchObject({ identifies: 2, resumes: 0 });
    await dd.settle();
    const read = dd.fake.of('GET', new RegExp(`^/api/v10/channels/${dd.dmOf(D.rita)}/messages$`));
    expect(read).toHaveLength(1);
    expect(read[0]!.query.after).toMatch(/^\d+$/); // after the newest message it had recorded
    const replies = postedIn(dd, dd.dmOf(D.rita))
      .slice(before)
      .map((c) => shown(c.body));
    expect(replies).toHaveLength(2);
    expect(replies[0]).toMatch(/password/i);
    // Taken in the order they were said.
    const said = await dd.t.store.conversations.transcript(`discord:@me:${dd.dmOf(D.rita)}`, 0, 100);
    expect(said.filter((l) => l.direction === 'in').map((l) => l.message.text)).toEqual([
      'my requests',
      'how do I reset my password',
      'my vpn keeps dropping',
    ]);
    // Connecting again reads them again, and the inbox drops them.
    await next.stop();
    await dd.restart();
    await dd.settle();
    expect(postedIn(dd, dd.dmOf(D.rita)).length).toBe(before + 2);
  });

  it('a row tried twice (the first try died before it was marked) is one message: its nonce is enforced', async () => {
    const address = discordConversation({ channelId: dd.dmOf(D.rita) });
    const said = { parts: [{ kind: 'text' as const, text: 'Your request IT-1 is open.' }] };
    const first = await dd.discord.channel.deliver(address, said, { id: 42, retried: false });
    const again = await dd.discord.channel.deliver(address, said, { id: 42, retried: true });
    expect(again.messageId).toBe(first.messageId);
    const tries = postedIn(dd, dd.dmOf(D.rita));
    expect(tries.map((c) => c.body)).toEqual([
      expect.objectContaining({ nonce: 'o42', enforce_nonce: true }),
      expect.objectContaining({ nonce: 'o42', enforce_nonce: true }),
    ]);
    expect([...dd.fake.messages.values()].filter((m) => m.nonce === 'o42')).toHaveLength(1);
  });

  it('a short 429 is waited inside the call: the message goes once, on the first outbox attempt', async () => {
    dd.fake.rateLimitNext(0.3);
    await dd.dispatch('MESSAGE_CREATE', dm(dd.fake, D.rita, dd.dmOf(D.rita), 'how do I book annual leave'));
    const tries = postedIn(dd, dd.dmOf(D.rita));
    expect(tries).toHaveLength(2); // the 429, then the post
    expect(shown(tries[1]!.body)).toMatch(/leave/i);
    const [row] = await dd.t.store.database.raw(
      "SELECT state, attempts FROM outbox WHERE topic = 'message' ORDER BY id DESC LIMIT 1",
      [],
    );
    expect(row).toMatchObject({ state: 'delivered', attempts: 1 });
  });

  it('a long 429 goes back to the outbox, which waits retry_after; nothing is sent while the route is held', async () => {
    dd.fake.rateLimitNext(30);
    await dd.dispatch('MESSAGE_CREATE', dm(dd.fake, D.rita, dd.dmOf(D.rita), 'how do I book annual leave'));
    expect(postedIn(dd, dd.dmOf(D.rita))).toHaveLength(1); // the refused call
    const row = async () =>
      (
        await dd.t.store.database.raw(
          "SELECT state, next_attempt_at, last_error FROM outbox WHERE topic = 'message' ORDER BY id DESC LIMIT 1",
          [],
        )
      )[0] as { state: string; next_attempt_at: Date | string; last_error: string };
    const first = await row();
    expect(first.state).toBe('pending');
    expect(first.last_error).toContain('429');
    expect(new Date(first.next_attempt_at).getTime() - dd.t.clock.now().getTime()).toBeGreaterThanOrEqual(
      30_000,
    );
    // Due again by the outbox's clock, but Discord still holds the route: the client sends nothing.
    dd.t.clock.advance(30_000);
    await dd.settle();
    expect(postedIn(dd, dd.dmOf(D.rita))).toHaveLength(1);
    expect((await row()).state).toBe('pending');
  });

  it('other bots’ messages and Deskbot’s own (echoed by Discord) are ignored', async () => {
    await dd.dispatch('MESSAGE_CREATE', dm(dd.fake, D.otherBot, dd.dmOf(D.otherBot), 'beep'));
    // Deskbot's own posts came back on the gateway in every test above; none was answered.
    expect(dd.fake.calls.filter((c) => c.method === 'POST' && c.path.includes('/messages'))).toHaveLength(0);
  });

  it('/helpdesk ask: answered at once, the request continues in a DM', async () => {
    const i = slashCommand(dd.fake, D.rita, GENERAL, 'ask', [
      { type: 3, name: 'words', value: 'my vpn keeps dropping' },
    ]);
    await dd.dispatch('INTERACTION_CREATE', i);
    expect(answers(dd, i)[0]).toMatchObject({ type: 4, data: { flags: 64 } });
    expect(shown(postedIn(dd, dd.dmOf(D.rita)).at(-1)!.body)).toContain('The VPN does not connect');
  });

  it('an SLA ping reaches a linked person as a DM, pinging nobody', async () => {
    const alice = await dd.t.person('alice');
    const { code } = await dd.t.desk.identities.issueCode(alice);
    await dd.dispatch('MESSAGE_CREATE', dm(dd.fake, D.alice, dd.dmOf(D.alice), `link ${code}`));
    const before = dd.fake.calls.length;
    expect(
      await dd.t.desk.notices.send(alice, {
        parts: [{ kind: 'text', text: 'IT-7 breaches at 16:00 @here' }],
      }),
    ).toBe(1);
    await dd.settle();
    const ping = postedIn(dd, dd.dmOf(D.alice), before).at(-1)!;
    expect(String(ping.body.content)).toContain('IT-7 breaches at 16:00');
    expect(String(ping.body.content)).not.toContain('@here');
  });
});
