import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Person } from '../../../src/ports/store.port.js';
import { startTestApi, type TestApi } from '../../support/test-api.js';
import { type TestDesk, testDesk } from '../../support/test-desk.js';
import { testBackend } from '../../support/test-store.js';

let t: TestDesk;
let api: TestApi;

// biome-ignore lint/suspicious/noExplicitAny: JSON bodies are read field by field
type Json = any;

async function laptopTicket(requester: Person, description: string) {
  return t.desk.tickets.create(requester, {
    requestType: 'laptop-problem',
    fields: { device: 'Laptop', description },
  });
}

describe(`REST API /api/v1/queues (${testBackend()})`, () => {
  beforeEach(async () => {
    t = await testDesk();
    api = await startTestApi(t);
  });
  afterEach(async () => {
    await api.app.close();
  });

  it("lists the queues of the caller's departments, with counts", async () => {
    const rita = await t.person('rita');
    const alice = await t.person('alice');
    await laptopTicket(rita, 'one');
    const two = await laptopTicket(rita, 'two');
    await t.desk.tickets.update(alice, two.key, { assignee: alice.email });
    await t.desk.tickets.create(rita, {
      requestType: 'office-repair',
      fields: { location: 'Floor 2', issue: 'The light flickers' },
    });

    const res = await api.call('GET', '/api/v1/queues', await api.tokenFor('alice'));
    expect(res.status).toBe(200);
    expect(res.body.queues).toEqual([
      { id: 'it-unassigned', name: 'IT - unassigned', department: 'it', count: 1, more: false },
      { id: 'it-open', name: 'IT - open', department: 'it', count: 2, more: false },
      { id: 'it-waiting', name: 'IT - waiting', department: 'it', count: 0, more: false },
    ]);
    const fred = await api.call('GET', '/api/v1/queues', await api.tokenFor('fred'));
    expect(fred.body.queues.map((q: Json) => [q.id, q.count])).toEqual([['facilities-open', 1]]);
    const ada = await api.call('GET', '/api/v1/queues', await api.tokenFor('ada'));
    expect(ada.body.queues).toHaveLength(t.config.queues.length);
    const requester = await api.call('GET', '/api/v1/queues', await api.tokenFor('rita'));
    expect(requester.body.queues).toEqual([]);
  });

  it("applies a queue's filter to its tickets; assignee 'me' is the caller", async () => {
    const rita = await t.person('rita');
    const alice = await t.person('alice');
    const bob = await t.person('bob');
    const one = await laptopTicket(rita, 'one');
    const two = await laptopTicket(rita, 'two');
    const three = await laptopTicket(rita, 'three');
    await t.desk.tickets.update(alice, two.key, { assignee: alice.email });
    await t.desk.tickets.update(alice, three.key, { assignee: bob.email });
    await t.desk.transitions.take(bob, three.key, { transition: 'ask_customer' });
    const token = await api.tokenFor('alice');

    const unassigned = await api.call('GET', '/api/v1/queues/it-unassigned/tickets', token);
    expect(unassigned.status).toBe(200);
    expect(unassigned.body.queue).toEqual({ id: 'it-unassigned', name: 'IT - unassigned', department: 'it' });
    expect(unassigned.body.tickets.map((x: Json) => x.key)).toEqual([one.key]);
    expect(unassigned.body.tickets[0]).toMatchObject({
      requester: { email: 'rita@acme.example' },
      assignee: null,
    });

    const open = await api.call('GET', '/api/v1/queues/it-open/tickets', token);
    expect(open.body.tickets.map((x: Json) => x.key)).toEqual([two.key, one.key]);
    const waiting = await api.call('GET', '/api/v1/queues/it-waiting/tickets', token);
    expect(waiting.body.tickets.map((x: Json) => x.key)).toEqual([three.key]);

    const paged = await api.call('GET', '/api/v1/queues/it-open/tickets?limit=1', token);
    expect(paged.body.tickets.map((x: Json) => x.key)).toEqual([two.key]);
    const rest = await api.call('GET', paged.body.next, token);
    expect(rest.body.tickets.map((x: Json) => x.key)).toEqual([one.key]);
  });

  it("filters by assignee 'me' as whoever looks", async () => {
    t.config.queues.push({
      id: 'it-mine',
      name: 'IT - mine',
      department: 'it',
      filter: { assignee: 'me', statusCategories: ['open', 'in_progress', 'waiting'] },
    });
    try {
      const rita = await t.person('rita');
      const alice = await t.person('alice');
      const mine = await laptopTicket(rita, 'mine');
      await laptopTicket(rita, 'not mine');
      await t.desk.tickets.update(alice, mine.key, { assignee: alice.email });
      const forAlice = await api.call('GET', '/api/v1/queues/it-mine/tickets', await api.tokenFor('alice'));
      expect(forAlice.body.tickets.map((x: Json) => x.key)).toEqual([mine.key]);
      const forBob = await api.call('GET', '/api/v1/queues/it-mine/tickets', await api.tokenFor('bob'));
      expect(forBob.body.tickets).toEqual([]);
    } finally {
      t.config.queues.pop();
    }
  });

  it('answers 404 for a queue of another department or an unknown one, 401 without a token', async () => {
    const alice = await api.tokenFor('alice');
    expect((await api.call('GET', '/api/v1/queues/hr-open/tickets', alice)).status).toBe(404);
    expect((await api.call('GET', '/api/v1/queues/nope/tickets', alice)).status).toBe(404);
    expect((await api.call('GET', '/api/v1/queues/it-open/tickets', await api.tokenFor('rita'))).status).toBe(
      404,
    );
    expect((await api.call('GET', '/api/v1/queues')).status).toBe(401);
  });
});
