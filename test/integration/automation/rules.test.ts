import { beforeEach, describe, expect, it } from 'vitest';
import type { DeskConfig } from '../../../src/config/desk.schema.js';
import type { TicketRecord } from '../../../src/ports/store.port.js';
import { type TestDesk, testDesk } from '../../support/test-desk.js';
import { testBackend } from '../../support/test-store.js';

const HOUR = 3_600_000;
const laptop = {
  requestType: 'laptop-problem',
  fields: { device: 'Laptop', description: 'It will not boot' },
};

async function ticket(t: TestDesk, key: string): Promise<TicketRecord> {
  return (await t.store.tickets.byKey(key))!;
}

/** Rules written by the history of what they did: the rule's name on every line. */
async function ruleLines(t: TestDesk, key: string) {
  return (await t.store.tickets.history((await ticket(t, key)).id)).filter((h) => h.rule !== null);
}

describe(`automation rules (${testBackend()})`, () => {
  let t: TestDesk;
  beforeEach(async () => {
    t = await testDesk({ automations: true });
  });

  it('assigns new requests round-robin among the department agents, as the rule, in history', async () => {
    const rita = await t.person('rita');
    for (let i = 0; i < 4; i++) await t.desk.tickets.create(rita, laptop);
    await t.desk.outbox.drain();
    // Tickets are handled in parallel; in the order the assignments were written, they go round.
    const written: { id: number; email: string }[] = [];
    for (const key of ['IT-1', 'IT-2', 'IT-3', 'IT-4']) {
      const [line] = await ruleLines(t, key);
      written.push({ id: line!.id, email: (await t.store.people.byId(String(line!.after)))!.email });
    }
    expect(written.sort((a, b) => a.id - b.id).map((w) => w.email)).toEqual([
      'alice@acme.example',
      'bob@acme.example',
      'maria@acme.example',
      'alice@acme.example',
    ]);
    const lines = await ruleLines(t, 'IT-1');
    expect(lines).toMatchObject([
      { field: 'assignee', rule: 'Assign new requests round-robin', actorId: null },
    ]);
  });

  it('reminds the requester after 2 working days waiting and resolves after 5, at those instants', async () => {
    const rita = await t.person('rita');
    const alice = await t.person('alice');
    // Wednesday 25 November 2026, 10:00 London: 7.5 working hours left that day (09:00-17:30).
    await t.desk.tickets.create(rita, laptop);
    await t.desk.outbox.drain();
    await t.desk.transitions.take(alice, 'IT-1', { transition: 'start_progress' });
    await t.desk.transitions.take(alice, 'IT-1', { transition: 'ask_customer' });
    await t.desk.outbox.drain();

    // 2 working days = 17 h: Wed 7.5 + Thu 8.5 + Fri 1 h, so Friday 27th at 10:00.
    t.clock.advance(48 * HOUR - 60_000);
    expect(await t.desk.automation.sweep()).toBe(0);
    t.clock.advance(60_000);
    expect(await t.desk.automation.sweep()).toBe(1);
    await t.desk.outbox.drain();
    const comments = await t.store.tickets.comments((await ticket(t, 'IT-1')).id, false);
    expect(comments.at(-1)?.body).toMatch(/still waiting for your reply on IT-1/);
    expect(comments.at(-1)?.authorId).toBeNull();
    // The sweep again finds nothing to do: the reminder is sent once.
    expect(await t.desk.automation.sweep()).toBe(0);

    // 5 working days = 42.5 h: Wed 7.5, Thu, Fri, Mon, Tue 8.5 each, then Wed 1 h: Wednesday 2 Dec 10:00.
    t.clock.advance(5 * 24 * HOUR - 60_000);
    expect(await t.desk.automation.sweep()).toBe(0);
    t.clock.advance(60_000);
    expect(await t.desk.automation.sweep()).toBe(1);
    await t.desk.outbox.drain();
    const resolved = await ticket(t, 'IT-1');
    expect(resolved).toMatchObject({ status: 'resolved', resolution: 'Done' });
    const names = (await ruleLines(t, 'IT-1')).map((h) => `${h.rule}: ${h.field}`);
    expect(names).toEqual(
      expect.arrayContaining([
        'Remind the requester after 2 working days: comment',
        'Resolve after 5 working days without a reply: status',
        'Resolve after 5 working days without a reply: internal_comment',
        // Resolving fired the survey rule in turn (a chain of two).
        'Ask the requester how we did: survey',
      ]),
    );
  });

  it('a requester who replies while waiting takes the request back to the team, and its timers lapse', async () => {
    const rita = await t.person('rita');
    const alice = await t.person('alice');
    await t.desk.tickets.create(rita, laptop);
    await t.desk.transitions.take(alice, 'IT-1', { transition: 'start_progress' });
    await t.desk.transitions.take(alice, 'IT-1', { transition: 'ask_customer' });
    await t.desk.outbox.drain();
    t.clock.advance(HOUR);
    await t.desk.tickets.addComment(rita, 'IT-1', { body: 'Here is the error code: 0x7B' });
    await t.desk.outbox.drain();
    expect((await ticket(t, 'IT-1')).status).toBe('in_progress');
    t.clock.advance(10 * 24 * HOUR);
    expect(await t.desk.automation.sweep()).toBe(0);
    expect((await ticket(t, 'IT-1')).status).toBe('in_progress');
  });

  it('a retried automation row acts once', async () => {
    const rita = await t.person('rita');
    await t.desk.tickets.create(rita, laptop);
    const [row] = await t.store.outbox
      .claim(100, t.clock.now(), 60_000)
      .then((rows) => rows.filter((r) => r.topic === 'automation'));
    expect(await t.desk.automation.handle(row!)).toBe('delivered');
    expect(await t.desk.automation.handle(row!)).toEqual({ skipped: 'no rule matched' });
    expect((await ruleLines(t, 'IT-1')).length).toBe(1);
  });
});

describe(`automation loop protection (${testBackend()})`, () => {
  const echo = (id: string): DeskConfig['automations'][number] => ({
    id,
    name: `Echo ${id}`,
    enabled: true,
    when: { event: 'comment.added', by: 'anyone', visibility: 'any' },
    if: { assignee: 'any' },
    // biome-ignore lint/suspicious/noThenProperty: the rule's own key; an array is never thenable
    then: [{ comment: `echo from ${id}`, internal: true }],
  });

  it('a rule never fires on its own change', async () => {
    const t = await testDesk({ automations: [echo('a')] });
    const alice = await t.person('alice');
    await t.desk.tickets.create(await t.person('rita'), laptop);
    await t.desk.tickets.addComment(alice, 'IT-1', { body: 'Looking', internal: true });
    await t.desk.outbox.drain();
    const bodies = (await t.store.tickets.comments((await ticket(t, 'IT-1')).id, true)).map((c) => c.body);
    expect(bodies).toEqual(['Looking', 'echo from a']);
  });

  it('two rules answering each other stop at the chain limit of 10, and the outbox drains', async () => {
    const t = await testDesk({ automations: [echo('a'), echo('b')] });
    const alice = await t.person('alice');
    await t.desk.tickets.create(await t.person('rita'), laptop);
    await t.desk.tickets.addComment(alice, 'IT-1', { body: 'Looking', internal: true });
    await t.desk.outbox.drain();
    const bodies = (await t.store.tickets.comments((await ticket(t, 'IT-1')).id, true)).map((c) => c.body);
    // Each depth from 1 to 10 has one echo of each rule (each answering the other's).
    expect(bodies.length).toBe(1 + 2 * 10);
    expect(await t.store.outbox.claim(10, new Date(t.clock.now().getTime() + 3_600_000), 1000)).toEqual([]);
  });
});

describe(`a rule's notice to the agents' channel (${testBackend()})`, () => {
  it('posts under the triage card on each platform that shows cards, signed with the rule', async () => {
    const t = await testDesk({
      automations: [
        {
          id: 'shout-highest',
          name: 'Shout about highest',
          enabled: true,
          when: { event: 'ticket.created' },
          if: { assignee: 'any', priorities: ['high'] },
          // biome-ignore lint/suspicious/noThenProperty: the rule's own key; an array is never thenable
          then: [{ notify: ['triage', 'managers'], text: '{{key}} needs someone now', via: ['chat'] }],
        },
      ],
    });
    const replies: { channel: string; author: string; body: string }[] = [];
    t.desk.triage.registerPort({
      platform: 'slack',
      post: async () => ({ workspace: 'T1', messageId: '1.0' }),
      update: async () => 'updated',
      reply: async (channel, _id, words) => {
        replies.push({ channel, ...words });
      },
    });
    const rita = await t.person('rita');
    await t.desk.tickets.create(rita, {
      requestType: 'password-reset',
      fields: { system: 'VPN', username: 'rita' },
    });
    await t.desk.tickets.create(rita, laptop); // medium: the rule does not fire
    await t.desk.outbox.drain();
    expect(replies).toEqual([
      { channel: 'C0IT4TRIAGE', author: 'Shout about highest', body: 'IT-1 needs someone now' },
    ]);
    const [line] = await ruleLines(t, 'IT-1');
    expect(line).toMatchObject({ field: 'notified', after: ['maria@acme.example', 'triage'] });
  });
});
