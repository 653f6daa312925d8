import { beforeEach, describe, expect, it } from 'vitest';
import { ForbiddenError, NotFoundError, ValidationError } from '../../../src/core/errors.js';
import type { Person, TicketRecord } from '../../../src/ports/store.port.js';
import { type TestDesk, testDesk } from '../../support/test-desk.js';
import { testBackend } from '../../support/test-store.js';

let t: TestDesk;
let rita: Person;
let sam: Person;
let alice: Person;
let bob: Person;
let hana: Person;
let ada: Person;
let ticket: TicketRecord;

describe(`who sees and changes what (${testBackend()})`, () => {
  beforeEach(async () => {
    t = await testDesk();
    rita = await t.person('rita');
    sam = await t.person('sam');
    alice = await t.person('alice');
    bob = await t.person('bob');
    hana = await t.person('hana');
    ada = await t.person('ada');
    ticket = await t.desk.tickets.create(rita, {
      requestType: 'password-reset',
      fields: { system: 'VPN', username: 'rita.r' },
    });
  });

  it('a requester sees only their own tickets; another requester gets "not found"', async () => {
    const samTicket = await t.desk.tickets.create(sam, {
      requestType: 'parking-permit',
      fields: { licence_plate: 'SAM 1', vehicle: 'Bicycle' },
    });
    expect((await t.desk.tickets.list(rita, { limit: 50 })).map((x) => x.key)).toEqual([ticket.key]);
    expect((await t.desk.tickets.list(sam, { limit: 50 })).map((x) => x.key)).toEqual([samTicket.key]);
    // A filter cannot widen the scope.
    expect(await t.desk.tickets.list(sam, { limit: 50, requesterId: rita.id })).toEqual([]);
    await expect(t.desk.tickets.get(sam, ticket.key)).rejects.toThrow(NotFoundError);
    await expect(t.desk.tickets.get(sam, 'IT-999')).rejects.toThrow('No ticket IT-999 that you can see');
    await expect(t.desk.tickets.comments(sam, ticket.key)).rejects.toThrow(NotFoundError);
    await expect(t.desk.tickets.addComment(sam, ticket.key, { body: 'me too' })).rejects.toThrow(
      NotFoundError,
    );
  });

  it('agents see their departments’ tickets; admins see all', async () => {
    expect((await t.desk.tickets.list(alice, { limit: 50 })).map((x) => x.key)).toEqual([ticket.key]);
    expect(await t.desk.tickets.list(hana, { limit: 50 })).toEqual([]);
    await expect(t.desk.tickets.get(hana, ticket.key)).rejects.toThrow(NotFoundError);
    expect((await t.desk.tickets.get(ada, ticket.key)).key).toBe(ticket.key);
  });

  it('a shared ticket is readable by the person it was shared with', async () => {
    await t.store.tickets.share(ticket.id, sam.id);
    expect((await t.desk.tickets.get(sam, ticket.key)).key).toBe(ticket.key);
    expect((await t.desk.tickets.list(sam, { limit: 50 })).map((x) => x.key)).toEqual([ticket.key]);
  });

  it('internal notes never reach the requester', async () => {
    await t.desk.tickets.addComment(alice, ticket.key, { body: 'Looks like an AD lockout.', internal: true });
    const reply = await t.desk.tickets.addComment(alice, ticket.key, {
      body: 'I have unlocked your account.',
    });
    await t.desk.tickets.addComment(rita, ticket.key, { body: 'Thanks, it works!' });
    expect(reply).toMatchObject({
      body: 'I have unlocked your account.',
      internal: false,
      authorId: alice.id,
    });
    expect((await t.desk.tickets.comments(rita, ticket.key)).map((c) => c.body)).toEqual([
      'I have unlocked your account.',
      'Thanks, it works!',
    ]);
    expect((await t.desk.tickets.comments(bob, ticket.key)).map((c) => c.internal)).toEqual([
      true,
      false,
      false,
    ]);
    await expect(
      t.desk.tickets.addComment(rita, ticket.key, { body: 'secret', internal: true }),
    ).rejects.toThrow(ForbiddenError);
    await expect(t.desk.tickets.history(rita, ticket.key)).rejects.toThrow(ForbiddenError);
    await expect(t.desk.tickets.addComment(rita, ticket.key, { body: '   ' })).rejects.toThrow(
      ValidationError,
    );
  });

  it('agents of the department assign (to agents of it) and set priority; requesters cannot', async () => {
    await expect(t.desk.tickets.update(rita, ticket.key, { priority: 'highest' })).rejects.toThrow(
      ForbiddenError,
    );
    await expect(
      t.desk.tickets.update(alice, ticket.key, { assignee: 'hana@acme.example' }),
    ).rejects.toMatchObject({
      fields: { assignee: 'hana@acme.example is not an agent of it' },
    });
    const updated = await t.desk.tickets.update(alice, ticket.key, {
      assignee: 'bob@acme.example',
      priority: 'highest',
    });
    expect(updated).toMatchObject({ assigneeId: bob.id, priority: 'highest', version: 2 });
    const unassigned = await t.desk.tickets.update(bob, ticket.key, { assignee: null, version: 2 });
    expect(unassigned.assigneeId).toBeNull();
    await expect(t.desk.tickets.update(bob, ticket.key, { priority: 'low', version: 2 })).rejects.toThrow(
      `${ticket.key} was changed by someone else`,
    );
    const history = await t.desk.tickets.history(alice, ticket.key);
    expect(history.slice(1).map((h) => [h.field, h.before, h.after])).toEqual([
      ['priority', 'high', 'highest'],
      ['assignee', null, bob.id],
      ['assignee', bob.id, null],
    ]);
  });

  it('people: agents see the directory, a requester only themselves', async () => {
    expect((await t.desk.people.list(alice)).map((p) => p.email)).toContain('rita@acme.example');
    await expect(t.desk.people.list(rita)).rejects.toThrow(ForbiddenError);
    expect((await t.desk.people.get(rita, 'me')).email).toBe('rita@acme.example');
    await expect(t.desk.people.get(rita, alice.id)).rejects.toThrow(NotFoundError);
  });

  it('links chat identities from several platforms to one person', async () => {
    await t.desk.people.linkIdentity(rita.id, 'slack', 'T1', 'U123');
    await t.desk.people.linkIdentity(rita.id, 'discord', 'G9', '8812');
    expect((await t.desk.people.byIdentity('slack', 'T1', 'U123'))?.email).toBe('rita@acme.example');
    expect((await t.desk.people.byIdentity('discord', 'G9', '8812'))?.id).toBe(rita.id);
    expect(await t.desk.people.byIdentity('slack', 'T2', 'U123')).toBeNull();
  });
});
