import { beforeEach, describe, expect, it } from 'vitest';
import { createDesk } from '../../../src/core/index.js';
import { ACTIONS, type OutboundMessage } from '../../../src/ports/message.types.js';
import { LoopbackChannel } from '../../support/loopback.adapter.js';
import { type TestDesk, testDesk } from '../../support/test-desk.js';
import { testBackend } from '../../support/test-store.js';

/**
 * The whole journey through a channel adapter that speaks only the ports: a requester's words to a
 * ticket (articles, a form), the agents' card (a refused click, allowed ones, updated in place), a
 * public reply relayed, an internal note kept on the desk's side, and a retried delivery changing
 * nothing. Nothing here knows Slack: a new platform needs only this much.
 */
let t: TestDesk;
let loop: LoopbackChannel;

const parts = (messages: OutboundMessage[] | undefined) => (messages ?? []).flatMap((m) => m.parts);
const words = (messages: OutboundMessage[] | undefined) =>
  parts(messages)
    .map((p) => (p.kind === 'text' ? p.text : ''))
    .join('\n');
const last = (r: Awaited<ReturnType<LoopbackChannel['say']>>) => (r.outcome === 'answered' ? r.replies : []);

describe(`a platform in one small adapter: the whole journey (${testBackend()})`, () => {
  beforeEach(async () => {
    t = await testDesk();
    // IT's cards go to the loopback channel's room too.
    const config = {
      ...t.config,
      departments: t.config.departments.map((d) =>
        d.id === 'it' ? { ...d, triage: { ...d.triage, loopback: 'it-room' } } : d,
      ),
    };
    t.desk = createDesk(t.store, config, t.clock);
    await t.desk.kb.importSeed(
      (await import('../../../src/config/kb-seed.loader.js').then((m) => m.loadKbSeed('config/kb'))).articles,
    );
    await t.desk.kb.start();
    loop = new LoopbackChannel(
      t.desk,
      new Map([
        ['L-RITA', { isPerson: true, email: 'rita@acme.example', name: 'Rita', timezone: 'UTC' }],
        ['L-ALICE', { isPerson: true, email: 'alice@acme.example', name: 'Alice', timezone: 'UTC' }],
      ]),
    );
    t.desk.attach(loop);
  });

  it('words → articles → a form → a ticket; card clicks checked per person; reply relayed, note kept; retries change nothing', async () => {
    let r = await loop.say('L-RITA', 'My laptop screen flickers after the update', 'e1');
    if (parts(last(r)).some((p) => p.kind === 'articles'))
      r = await loop.say('L-RITA', { action: ACTIONS.notSolved }, 'e2');
    r = await loop.say('L-RITA', { action: ACTIONS.chooseType, value: 'laptop-problem' }, 'e3');
    const form = parts(last(r)).find((p) => p.kind === 'form');
    expect(form?.kind === 'form' && form.form.fields.length).toBe(3); // within the channel's 5 inputs
    r = await loop.say(
      'L-RITA',
      { action: ACTIONS.submitForm, values: { device: 'Laptop', description: 'It flickers' } },
      'e4',
    );
    r = await loop.say('L-RITA', { action: ACTIONS.confirm }, 'e5');
    expect(words(last(r))).toContain('is **Open**: the IT team picks it up.');
    // The same delivery again (a platform retry): nothing changes, no second ticket.
    expect(await loop.say('L-RITA', { action: ACTIONS.confirm }, 'e5')).toEqual({ outcome: 'duplicate' });
    const key = (await t.desk.tickets.list(await t.person('rita'), { limit: 5 })).map((x) => x.key);
    expect(key).toEqual(['IT-1']);

    await t.desk.outbox.drain();
    const [cardId, card] = [...loop.cardsShown.entries()][0]!;
    expect(card).toMatchObject({
      channel: 'it-room',
      card: { key: 'IT-1', status: { name: 'Open' }, assignee: null },
    });

    // Rita clicks the agents' card: refused, told only to her; Alice's clicks work.
    expect(await loop.click('L-RITA', 'IT-1', { kind: 'assign' })).toBe('refused');
    expect(loop.told).toEqual([expect.stringMatching(/^L-RITA: .*Nothing changed on IT-1\.$/)]);
    expect(await loop.click('L-ALICE', 'IT-1', { kind: 'assign' })).toBe('done');
    expect(await loop.click('L-ALICE', 'IT-1', { kind: 'move', transition: 'start_progress' })).toBe('done');
    await t.desk.outbox.drain();
    expect(loop.cardsShown.get(cardId)).toMatchObject({
      updates: 2,
      card: { assignee: { name: 'Alice Agent' }, status: { name: 'In progress' } },
    });
    expect(loop.cardsShown.size).toBe(1); // updated in place, never posted twice

    // In the agents' room: a note stays there; `reply:` reaches Rita's conversation.
    await loop.inRoom('L-ALICE', 'IT-1', 'Looks like the GPU driver', 'e6');
    await loop.inRoom('L-ALICE', 'IT-1', 'reply: Please update the display driver', 'e7');
    await loop.inRoom('L-ALICE', 'IT-1', 'reply: Please update the display driver', 'e7');
    await t.desk.outbox.drain();
    const rita = words(loop.delivered.get('loopback:dm-L-RITA'));
    expect(rita).toContain('Please update the display driver');
    expect(rita).not.toContain('GPU');
    const alice = await t.person('alice');
    const comments = await t.desk.tickets.comments(alice, 'IT-1');
    expect(comments.map((c) => [c.body, c.internal])).toEqual([
      ['Looks like the GPU driver', true],
      ['Please update the display driver', false],
    ]);
    // Rita answers in her request's thread: a comment, shown to the agents under the card.
    await loop.say('L-RITA', 'Updated it, still flickers', 'e8');
    await t.desk.outbox.drain();
    expect(loop.cardsShown.get(cardId)!.replies).toEqual(['Rita Requester: Updated it, still flickers']);
  });
});
