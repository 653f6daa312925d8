import { sql } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { ConflictError, ForbiddenError, ValidationError } from '../../../src/core/errors.js';
import type { Person, TicketRecord } from '../../../src/ports/store.port.js';
import { type TestDesk, testDesk } from '../../support/test-desk.js';
import { testBackend } from '../../support/test-store.js';

let t: TestDesk;
let rita: Person;
let alice: Person;
let bob: Person;
let maria: Person;
let hana: Person;

async function laptopTicket(): Promise<TicketRecord> {
  return t.desk.tickets.create(rita, {
    requestType: 'laptop-problem',
    fields: { device: 'Laptop', description: 'It will not boot after the update.' },
  });
}

const ids = async (who: Person, key: string) =>
  (await t.desk.transitions.available(who, key)).map((x) => x.id);

async function outbox(): Promise<{ topic: string; payload: Record<string, unknown> }[]> {
  const r = (await t.store.database.db.execute(
    sql`SELECT topic, payload FROM outbox ORDER BY id`,
  )) as unknown as {
    rows: { topic: string; payload: Record<string, unknown> }[];
  };
  return r.rows;
}

describe(`workflow transitions (${testBackend()})`, () => {
  beforeEach(async () => {
    t = await testDesk();
    rita = await t.person('rita');
    alice = await t.person('alice');
    bob = await t.person('bob');
    maria = await t.person('maria');
    hana = await t.person('hana');
  });

  it('offers each person exactly the transitions their role allows', async () => {
    const ticket = await laptopTicket();
    expect(await ids(rita, ticket.key)).toEqual(['cancel']);
    expect(await ids(alice, ticket.key)).toEqual(['start_progress']);
    // Maria is an IT manager: she may also wait for the customer and resolve.
    expect(await ids(maria, ticket.key)).toEqual(['start_progress', 'ask_customer', 'resolve']);
    // An HR agent cannot even see an IT ticket.
    await expect(t.desk.transitions.available(hana, ticket.key)).rejects.toThrow(/No ticket IT-1/);
  });

  it('runs post-functions: start progress assigns the agent who took it', async () => {
    const ticket = await laptopTicket();
    const started = await t.desk.transitions.take(alice, ticket.key, { transition: 'start_progress' });
    expect(started).toMatchObject({
      status: 'in_progress',
      statusCategory: 'in_progress',
      assigneeId: alice.id,
      version: 2,
    });
    expect(await ids(alice, ticket.key)).toEqual(['ask_customer', 'resolve']);
    expect(await ids(bob, ticket.key)).toEqual([]);
    const history = await t.desk.tickets.history(alice, ticket.key);
    expect(history.map((h) => [h.field, h.before, h.after])).toEqual([
      ['created', null, { status: 'open', priority: 'medium' }],
      ['status', 'open', 'in_progress'],
      ['assignee', null, alice.id],
    ]);
    expect(history.every((h) => h.at.getTime() === t.clock.now().getTime())).toBe(true);
  });

  it('refuses a transition the person may not take, and changes nothing', async () => {
    const ticket = await laptopTicket();
    await expect(t.desk.transitions.take(rita, ticket.key, { transition: 'start_progress' })).rejects.toThrow(
      ForbiddenError,
    );
    await expect(
      t.desk.transitions.take(bob, ticket.key, { transition: 'resolve', fields: { resolution: 'Done' } }),
    ).rejects.toThrow('Only assignee or manager may take "Resolve"');
    const after = await t.desk.tickets.get(alice, ticket.key);
    expect(after).toEqual(ticket);
    expect((await t.desk.tickets.history(alice, ticket.key)).length).toBe(1);
  });

  it('refuses a transition that does not leave the current status', async () => {
    const ticket = await laptopTicket();
    await expect(t.desk.transitions.take(alice, ticket.key, { transition: 'reopen' })).rejects.toThrow(
      ConflictError,
    );
    await expect(t.desk.transitions.take(alice, ticket.key, { transition: 'fly' })).rejects.toThrow(
      'Support has no transition "fly"',
    );
  });

  it('validates: resolving needs a resolution from the configured list', async () => {
    const ticket = await laptopTicket();
    await t.desk.transitions.take(alice, ticket.key, { transition: 'start_progress' });
    await expect(t.desk.transitions.take(alice, ticket.key, { transition: 'resolve' })).rejects.toMatchObject(
      {
        fields: { resolution: 'Choose a resolution before resolving.' },
      },
    );
    await expect(
      t.desk.transitions.take(alice, ticket.key, {
        transition: 'resolve',
        fields: { resolution: 'Fixed it myself' },
      }),
    ).rejects.toThrow(ValidationError);
    await expect(
      t.desk.transitions.take(alice, ticket.key, { transition: 'resolve', fields: { device: 'Monitor' } }),
    ).rejects.toMatchObject({ fields: { device: 'is not a field of this request type' } });
    const resolved = await t.desk.transitions.take(alice, ticket.key, {
      transition: 'resolve',
      fields: { resolution: 'done' },
      comment: { body: 'Reinstalled the update; it boots now.' },
    });
    expect(resolved).toMatchObject({ status: 'resolved', statusCategory: 'done', resolution: 'Done' });
    const comments = await t.desk.tickets.comments(rita, ticket.key);
    expect(comments.map((c) => c.body)).toEqual(['Reinstalled the update; it boots now.']);
  });

  it('reopen clears the resolution; cancel sets it and adds an internal note the requester never sees', async () => {
    const ticket = await laptopTicket();
    await t.desk.transitions.take(maria, ticket.key, {
      transition: 'resolve',
      fields: { resolution: 'Duplicate' },
    });
    const reopened = await t.desk.transitions.take(rita, ticket.key, { transition: 'reopen' });
    expect(reopened).toMatchObject({ status: 'open', resolution: null });
    const cancelled = await t.desk.transitions.take(rita, ticket.key, { transition: 'cancel' });
    expect(cancelled).toMatchObject({ status: 'closed', resolution: 'Withdrawn' });
    expect((await t.desk.tickets.comments(rita, ticket.key)).map((c) => c.body)).toEqual([]);
    expect((await t.desk.tickets.comments(alice, ticket.key)).map((c) => [c.body, c.internal])).toEqual([
      ['The requester cancelled this request.', true],
    ]);
  });

  it('approval workflow: with no line manager, only a manager of the department approves', async () => {
    const ticket = await t.desk.tickets.create(rita, {
      requestType: 'access-request',
      fields: { system: 'VPN', justification: 'Working from home on Fridays.' },
    });
    expect(await ids(alice, ticket.key)).toEqual([]);
    expect(await ids(rita, ticket.key)).toEqual(['withdraw']);
    expect(await ids(maria, ticket.key)).toEqual(['approve', 'decline']);
    await expect(t.desk.transitions.take(alice, ticket.key, { transition: 'approve' })).rejects.toThrow(
      ForbiddenError,
    );
    const approved = await t.desk.transitions.take(maria, ticket.key, { transition: 'approve' });
    expect(approved.status).toBe('in_progress');
  });

  it('writes the events and outbox rows of a transition with it: relay to the requester, notify post-function', async () => {
    const ticket = await laptopTicket();
    await t.desk.transitions.take(maria, ticket.key, {
      transition: 'resolve',
      fields: { resolution: 'Done' },
    });
    const all = await outbox();
    // Each change also asks for an SLA recompute (topic 'sla'), in the same transaction.
    expect(all.filter((r) => r.topic === 'sla')).toHaveLength(2);
    const rows = all.filter((r) => r.topic !== 'sla');
    // No channel posts triage cards on this desk (Slack is off), so no 'triage' rows are written.
    expect(rows.map((r) => [r.topic, r.payload.type])).toEqual([
      ['relay', 'status'],
      ['notify', 'transitioned'],
    ]);
    expect(rows[0]!.payload).toMatchObject({
      from: 'Open',
      to: 'Resolved',
      requesterId: rita.id,
      ticketKey: 'IT-1',
    });
    expect(rows[1]!.payload).toMatchObject({ personIds: [rita.id], status: 'Resolved' });
  });

  it('writes a triage card row per platform that shows cards, once one does', async () => {
    const cards = (platform: string) => ({
      platform,
      post: async () => ({ workspace: '', messageId: 'm1' }),
      update: async () => 'updated' as const,
      reply: async () => {},
    });
    t.desk.triage.registerPort(cards('slack'));
    t.desk.triage.registerPort(cards('teams'));
    const ticket = await laptopTicket();
    await t.desk.transitions.take(maria, ticket.key, { transition: 'start_progress' });
    const triage = (await outbox()).filter((r) => r.topic.startsWith('triage'));
    expect(triage.map((r) => [r.topic, r.payload.type])).toEqual([
      ['triage.slack', 'ticket.created'],
      ['triage.teams', 'ticket.created'],
      ['triage.slack', 'ticket.updated'],
      ['triage.teams', 'ticket.updated'],
    ]);
  });

  it('serialises racing transitions: two agents start progress at once, one wins, the other is refused', async () => {
    const ticket = await laptopTicket();
    const results = await Promise.allSettled([
      t.desk.transitions.take(alice, ticket.key, { transition: 'start_progress' }),
      t.desk.transitions.take(bob, ticket.key, { transition: 'start_progress' }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(rejected.reason).toBeInstanceOf(ConflictError);
    const history = await t.desk.tickets.history(alice, ticket.key);
    expect(history.filter((h) => h.field === 'status')).toHaveLength(1);
  });

  it('answers 409 for a stale version the caller sent', async () => {
    const ticket = await laptopTicket();
    await t.desk.tickets.update(alice, ticket.key, { priority: 'high' });
    await expect(
      t.desk.transitions.take(alice, ticket.key, { transition: 'start_progress', version: ticket.version }),
    ).rejects.toThrow(/changed by someone else/);
  });
});
