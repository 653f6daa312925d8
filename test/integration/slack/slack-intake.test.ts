import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  directMessage,
  eventCallback,
  interaction,
  viewSubmission,
} from '../../fakes/slack/slack-payloads.js';
import { testBackend } from '../../support/test-store.js';
import { click, element, openRequestInSlack, postedIn, shown } from './slack-flow.js';
import { type SlackDesk, startSlackDesk, U } from './slack-harness.js';

let sd: SlackDesk;

async function count(table: string): Promise<number> {
  const r = (await sd.t.store.database.db.execute(
    sql.raw(`SELECT count(*)::int AS n FROM ${table}`),
  )) as unknown as {
    rows: { n: number }[];
  };
  return Number(r.rows[0]!.n);
}

describe(`Slack: a request from a direct message (${testBackend()})`, () => {
  beforeEach(async () => {
    sd = await startSlackDesk();
  });
  afterEach(async () => {
    await sd.close();
  });

  it('articles, still need help, the form in a modal (errors shown there), send: ticket stored, confirmed in the thread', async () => {
    const dm = directMessage(U.rita, 'My laptop screen keeps flickering after the update');
    expect((await sd.send(eventCallback(dm))).status).toBe(200);
    await sd.t.desk.outbox.drain();
    const first = postedIn(sd, 'DURITA', dm.ts);
    expect(first).toHaveLength(1);
    // Form-encoded, as the Web API client sends them.
    expect(first[0]!.args).toMatchObject({ unfurl_links: 'false', unfurl_media: 'false' });
    expect(first[0]!.args.link_names).toBeUndefined();
    expect(element(first[0]!, 'dsk.open')).toBeDefined();
    await click(sd, U.rita, first[0]!, 'kb.not_solved');
    await sd.t.desk.outbox.drain();
    const types = postedIn(sd, 'DURITA', dm.ts).at(-1)!;
    expect(element(types, 'intake.type')!.el.options.map((o: { value: string }) => o.value)).toContain(
      'laptop-problem',
    );
    await click(sd, U.rita, types, 'intake.type', 'laptop-problem');
    await sd.t.desk.outbox.drain();
    const invitation = postedIn(sd, 'DURITA', dm.ts).at(-1)!;
    expect((await click(sd, U.rita, invitation, 'dsk.form')).status).toBe(200);
    const view = sd.fake.of('views.open').at(-1)!.args.view;
    expect(view.callback_id).toBe('dsk.form');
    expect(view.blocks.map((b: { block_id: string }) => b.block_id)).toEqual([
      'device',
      'description',
      'asset_tag',
    ]);
    // Prefilled from her words.
    expect(view.blocks[0].element.initial_option.value).toBe('Laptop');

    const posts = sd.fake.of('chat.postMessage').length;
    const values = (assetTag: string) => ({
      device: { value: { type: 'static_select', selected_option: { value: 'Laptop' } } },
      description: { value: { type: 'plain_text_input', value: 'It flickers' } },
      asset_tag: { value: { type: 'plain_text_input', value: assetTag } },
    });
    const bad = await sd.send(
      interaction(viewSubmission(U.rita, view, values('ACME-0123456789-0123456789'))),
    );
    expect(bad.status).toBe(200);
    expect(JSON.parse(bad.body)).toEqual({
      response_action: 'errors',
      errors: { asset_tag: expect.stringContaining('at most 20') },
    });
    await sd.t.desk.outbox.drain();
    expect(sd.fake.of('chat.postMessage')).toHaveLength(posts);

    const good = await sd.send(interaction(viewSubmission(U.rita, view, values('ACME-01234'))));
    expect(good).toEqual({ status: 200, body: '' });
    await sd.t.desk.outbox.drain();
    const summary = postedIn(sd, 'DURITA', dm.ts).at(-1)!;
    expect(shown(summary)).toContain('ACME-01234');
    expect(await count('tickets')).toBe(0);
    await click(sd, U.rita, summary, 'intake.confirm');
    await sd.t.desk.outbox.drain();

    const ticket = await sd.t.store.tickets.byKey('IT-1');
    expect(ticket).toMatchObject({
      requestType: 'laptop-problem',
      fields: { device: 'Laptop', asset_tag: 'ACME-01234' },
    });
    const confirmation = postedIn(sd, 'DURITA', dm.ts).at(-1)!;
    expect(shown(confirmation)).toContain('|*IT-1*>');
    expect(shown(confirmation)).toContain('is *Open*: the IT team picks it up.');
    // The card in IT's triage channel.
    const card = sd.fake.of('chat.postMessage').find((c) => c.args.channel === 'C0IT4TRIAGE');
    expect(shown(card!)).toContain('IT-1');
  });

  it('refuses a bad signature, missing headers and a timestamp outside five minutes: 401, nothing stored', async () => {
    const delivery = eventCallback(directMessage(U.rita, 'hello'));
    const now = Math.floor(sd.t.clock.now().getTime() / 1000);
    const answers = [
      await sd.send(delivery, { signature: 'v0=deadbeef' }),
      await sd.send(delivery, { omit: ['signature'] }),
      await sd.send(delivery, { omit: ['timestamp'] }),
      await sd.send(delivery, { omit: ['signature', 'timestamp'] }),
      await sd.send(delivery, { timestamp: String(now - 301) }),
      await sd.send(delivery, { timestamp: String(now + 301) }),
      await sd.send({ ...delivery, body: delivery.body.replace('hello', 'HELLO') }, { signature: undefined }),
    ];
    expect(answers.map((a) => a.status)).toEqual([401, 401, 401, 401, 401, 401, 200]);
    // Only the last (signed as sent) got in.
    expect(await count('inbox')).toBe(1);
    const tampered = eventCallback(directMessage(U.rita, 'other'));
    const ts = String(now);
    const signature = (await import('../../fakes/slack/slack-payloads.js')).sign(
      'test-signing-secret-8f2c',
      ts,
      tampered.body,
    );
    const res = await sd.send(
      { ...tampered, body: tampered.body.replace('other', 'admin') },
      { timestamp: ts, signature },
    );
    expect(res.status).toBe(401);
    expect(await count('inbox')).toBe(1);
  });

  it('refuses a signed payload with a NUL, a lone surrogate or hostile nesting: 400 naming the field, nothing stored', async () => {
    const nul = eventCallback(directMessage(U.rita, 'hello \u0000'));
    const lone = interaction({ type: 'block_actions', user: { id: U.rita }, actions: [{ value: '\ud800' }] });
    const deep = eventCallback({ ...directMessage(U.rita, 'deep'), blocks: '[' });
    deep.body = deep.body.replace('"blocks":"["', `"blocks":${'['.repeat(5000)}${']'.repeat(5000)}`);
    const answers = [await sd.send(nul), await sd.send(lone), await sd.send(deep)];
    expect(answers.map((a) => [a.status, Object.keys(JSON.parse(a.body).error.fields)])).toEqual([
      [400, ['event.text']],
      [400, ['actions[0].value']],
      [400, [`event.blocks${'[0]'.repeat(30)}`]],
    ]);
    expect(await count('inbox')).toBe(0);
    // The next, good delivery goes through as usual.
    expect((await sd.send(eventCallback(directMessage(U.rita, 'hello')))).status).toBe(200);
    expect(await count('inbox')).toBe(1);
  });

  it('answers url_verification with the challenge', async () => {
    const body = JSON.stringify({ type: 'url_verification', challenge: 'c-123', token: 'x' });
    const res = await sd.send({ body, contentType: 'application/json' });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ challenge: 'c-123' });
  });

  it('the same event three times (Slack retries): one ticket, one confirmation', async () => {
    await openRequestInSlack(sd, U.rita);
    // Walk a second request to its summary, then confirm by words, delivered three times.
    const dm = directMessage(U.rita, 'I need a parking permit for my car');
    await sd.send(eventCallback(dm));
    await sd.t.desk.outbox.drain();
    let last = postedIn(sd, 'DURITA', dm.ts).at(-1)!;
    if (element(last, 'kb.not_solved')) {
      await click(sd, U.rita, last, 'kb.not_solved');
      await sd.t.desk.outbox.drain();
      last = postedIn(sd, 'DURITA', dm.ts).at(-1)!;
    }
    await click(sd, U.rita, last, 'intake.type', 'parking-permit');
    await sd.t.desk.outbox.drain();
    await click(sd, U.rita, postedIn(sd, 'DURITA', dm.ts).at(-1)!, 'dsk.form');
    const view = sd.fake.of('views.open').at(-1)!.args.view;
    await sd.send(
      interaction(
        viewSubmission(U.rita, view, {
          licence_plate: { value: { type: 'plain_text_input', value: 'AB12 CDE' } },
          vehicle: { value: { type: 'static_select', selected_option: { value: 'Car' } } },
        }),
      ),
    );
    await sd.t.desk.outbox.drain();
    const before = await count('tickets');
    const send = eventCallback(directMessage(U.rita, 'send', { thread_ts: dm.ts }), 'EvSEND1');
    const answers = [
      await sd.send(send),
      await sd.send(send, { retryNum: 1 }),
      await sd.send(send, { retryNum: 2 }),
    ];
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    await sd.t.desk.outbox.drain();
    expect(await count('tickets')).toBe(before + 1);
    const confirmations = postedIn(sd, 'DURITA', dm.ts).filter((c) => shown(c).includes('picks it up'));
    expect(confirmations).toHaveLength(1);
  });

  it('ignores its own messages and message subtypes: nothing stored, nothing said', async () => {
    const own = { ...directMessage(U.rita, 'echo'), user: 'UBOT', bot_id: 'BBOT' };
    const edited = { ...directMessage(U.rita, 'edited'), subtype: 'message_changed' };
    const botPost = { ...directMessage(U.rita, 'a bot'), subtype: 'bot_message', bot_id: 'BOTHER' };
    for (const e of [own, edited, botPost]) expect((await sd.send(eventCallback(e))).status).toBe(200);
    await sd.t.desk.outbox.drain();
    expect(await count('inbox')).toBe(0);
    expect(sd.fake.of('chat.postMessage')).toHaveLength(0);
  });
});
