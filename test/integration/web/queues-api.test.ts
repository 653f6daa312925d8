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
      // The built-in views span the departments the caller works.
      { id: 'all', name: 'All tickets', department: null, count: 2, more: false },
      { id: 'resolved', name: 'Resolved', department: null, count: 0, more: false },
    ]);
    const fred = await api.call('GET', '/api/v1/queues', await api.tokenFor('fred'));
    expect(fred.body.queues.map((q: Json) => [q.id, q.count])).toEqual([
      ['facilities-open', 1],
      ['all', 1],
      ['resolved', 0],
    ]);
    const ada = await api.call('GET', '/api/v1/queues', await api.tokenFor('ada'));
    expect(ada.body.queues).toHaveLength(t.config.queues.length + 2);
    expect(ada.body.queues.find((q: Json) => q.id === 'all').count).toBe(3);
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

  it('filters by status, priority, assignee and SLA state, searches key, words and requester, sorts and pages', async () => {
    const rita = await t.person('rita');
    const sam = await t.person('sam');
    const alice = await t.person('alice');
    const vpn = await laptopTicket(rita, 'VPN drops every hour');
    const screen = await laptopTicket(sam, 'Screen flickers');
    const dock = await laptopTicket(rita, 'Dock not charging');
    await t.desk.tickets.update(alice, screen.key, { priority: 'highest', assignee: alice.email });
    await t.desk.tickets.update(alice, dock.key, { priority: 'lowest' });
    await t.desk.tickets.update(alice, vpn.key, { assignee: alice.email });
    await t.desk.transitions.take(alice, vpn.key, { transition: 'resolve', fields: { resolution: 'Done' } });
    await t.desk.outbox.drain(); // SLA clocks are stored as the outbox works off the changes
    const token = await api.tokenFor('alice');
    const keys = async (query: string) => {
      const res = await api.call('GET', `/api/v1/queues/${query}`, token);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return res.body.tickets.map((x: Json) => x.key);
    };

    expect(await keys('all/tickets')).toEqual([dock.key, screen.key, vpn.key]);
    expect(await keys('resolved/tickets')).toEqual([vpn.key]);
    expect(await keys('all/tickets?statusCategory=done')).toEqual([vpn.key]);
    expect(await keys('all/tickets?priority=highest,lowest')).toEqual([dock.key, screen.key]);
    expect(await keys('all/tickets?assignee=me')).toEqual([screen.key, vpn.key]);
    expect(await keys('all/tickets?assignee=unassigned&statusCategory=open')).toEqual([dock.key]);
    // A filter the queue's own rules out gives nothing, not the agent's filter alone.
    expect(await keys('it-open/tickets?statusCategory=done')).toEqual([]);
    expect(await keys('it-unassigned/tickets?assignee=me')).toEqual([]);

    // Search: a key, words of the summary (all of them, any case), part of the requester's name or email.
    expect(await keys(`all/tickets?q=${screen.key.toLowerCase()}`)).toEqual([screen.key]);
    expect(await keys('all/tickets?q=SCREEN%20flick')).toEqual([screen.key]);
    expect(await keys('all/tickets?q=sam%40acme')).toEqual([screen.key]);
    expect(await keys('all/tickets?q=rita%20dock')).toEqual([dock.key]);
    expect(await keys('all/tickets?q=100%25')).toEqual([]); // % and _ are letters here, not wildcards

    // Order: priority highest first, then by due SLA, then oldest first.
    expect(await keys('all/tickets?sort=priority')).toEqual([screen.key, vpn.key, dock.key]);
    expect(await keys('all/tickets?sort=created&order=asc')).toEqual([vpn.key, screen.key, dock.key]);
    // The soonest running deadline first: the highest priority has the shortest goals; the resolved
    // ticket has no running clock and goes after every ticket that has one, in either order.
    expect((await keys('all/tickets?sort=due&order=asc'))[0]).toBe(screen.key);
    expect((await keys('all/tickets?sort=due&order=desc')).indexOf(vpn.key)).toBeGreaterThan(0);

    // SLA: every open ticket runs clocks; after the first response goal has passed, they are breached.
    expect(await keys('all/tickets?sla=on_track')).toEqual([dock.key, screen.key]);
    expect(await keys('all/tickets?sla=none')).toEqual([vpn.key]);
    const row = (await api.call('GET', '/api/v1/queues/all/tickets?q=dock', token)).body.tickets[0];
    expect(row.sla).toContainEqual(
      expect.objectContaining({
        metric: 'first_response',
        name: 'Time to first response',
        state: 'on_track',
      }),
    );
    await t.clock.advance(30 * 86_400_000);
    expect(await keys('all/tickets?sla=breached')).toEqual([screen.key]);
    // The sample's lowest priority has no goals: its clocks run without a deadline.
    expect(await keys('all/tickets?sla=on_track,at_risk')).toEqual([dock.key]);

    // Pages: the total, the page count, and a next link that keeps the filters and the order.
    const first = await api.call('GET', '/api/v1/queues/all/tickets?sort=priority&limit=2', token);
    expect(first.body).toMatchObject({ total: 3, more: false, page: 1, pages: 2 });
    expect(first.body.next).toBe('/api/v1/queues/all/tickets?sort=priority&limit=2&page=2');
    const second = await api.call('GET', first.body.next, token);
    expect(second.body.tickets.map((x: Json) => x.key)).toEqual([dock.key]);
    expect(second.body.next).toBeNull();
  });

  it('refuses a bad filter by name: an unknown SLA state or sort, a NUL byte, a page past the end', async () => {
    const token = await api.tokenFor('alice');
    const bad = await api.call('GET', '/api/v1/queues/all/tickets?sla=late', token);
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('sla');
    expect((await api.call('GET', '/api/v1/queues/all/tickets?sort=colour', token)).status).toBe(400);
    expect((await api.call('GET', '/api/v1/queues/all/tickets?q=a%00b', token)).status).toBe(400);
    const past = await api.call('GET', '/api/v1/queues/all/tickets?page=50', token);
    expect(past.body).toMatchObject({ tickets: [], total: 0, next: null });
  });
});
