import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../../support/test-api.js';
import { type TestDesk, testDesk } from '../../support/test-desk.js';
import { testBackend } from '../../support/test-store.js';

let t: TestDesk;
let api: TestApi;
let rita: string;
let sam: string;
let alice: string;
let maria: string;

const laptop = {
  requestType: 'laptop-problem',
  fields: { device: 'Laptop', description: 'Blue screen at login' },
};

describe(`REST API /api/v1 tickets (${testBackend()})`, () => {
  beforeEach(async () => {
    t = await testDesk();
    api = await startTestApi(t, 64 * 1024);
    rita = await api.tokenFor('rita');
    sam = await api.tokenFor('sam');
    alice = await api.tokenFor('alice');
    maria = await api.tokenFor('maria');
  });
  afterEach(async () => {
    await api.app.close();
  });

  it('needs a valid Bearer token: 401 otherwise', async () => {
    const none = await api.call('GET', '/api/v1/tickets');
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer realm="deskbot"');
    expect(none.body.error.code).toBe('unauthorized');
    expect((await api.call('GET', '/api/v1/tickets', 'dsk_not-a-real-token')).status).toBe(401);
    expect((await api.call('GET', '/api/v1/tickets', rita)).status).toBe(200);
  });

  it('creates a ticket (201 + Location) and reads it with names beside ids', async () => {
    const created = await api.call('POST', '/api/v1/tickets', rita, laptop);
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe('/api/v1/tickets/IT-1');
    expect(created.body).toMatchObject({
      key: 'IT-1',
      summary: 'Laptop or desktop problem: Laptop',
      department: { id: 'it', name: 'IT' },
      requestType: { id: 'laptop-problem', name: 'Laptop or desktop problem' },
      status: { id: 'open', name: 'Open', category: 'open' },
      priority: 'medium',
      requester: { name: 'Rita Requester', email: 'rita@acme.example' },
      assignee: null,
      fields: { device: 'Laptop', description: 'Blue screen at login' },
      version: 1,
    });
    const read = await api.call('GET', '/api/v1/tickets/it-1', rita);
    expect(read.status).toBe(200);
    expect(read.body.key).toBe('IT-1');
  });

  it('answers 400 with a message per field, and stores nothing', async () => {
    const bad = await api.call('POST', '/api/v1/tickets', rita, {
      requestType: 'leave-request',
      fields: { leave_type: 'Sabbatical', start_date: '2026-13-01' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toEqual({
      code: 'invalid',
      message: expect.stringContaining('Leave request:'),
      fields: {
        leave_type: 'must be one of: Annual leave, Sick leave, Parental leave, Unpaid leave',
        start_date: 'must be a real date as YYYY-MM-DD',
        end_date: 'is required',
      },
    });
    const shape = await api.call('POST', '/api/v1/tickets', rita, { fields: [] });
    expect(shape.status).toBe(400);
    expect(Object.keys(shape.body.error.fields)).toEqual(['requestType', 'fields']);
    const json = await api.call('POST', '/api/v1/tickets', rita, '{"requestType":');
    expect(json.status).toBe(400);
    expect((await api.call('GET', '/api/v1/tickets', maria)).body.tickets).toEqual([]);
  });

  it("gives 404 for another person's ticket, never revealing that it exists", async () => {
    await api.call('POST', '/api/v1/tickets', rita, laptop);
    const other = await api.call('GET', '/api/v1/tickets/IT-1', sam);
    const missing = await api.call('GET', '/api/v1/tickets/IT-77', sam);
    expect(other.status).toBe(404);
    expect(missing.status).toBe(404);
    expect(other.body.error.code).toBe(missing.body.error.code);
    expect((await api.call('GET', '/api/v1/tickets/IT-1/comments', sam)).status).toBe(404);
    expect((await api.call('POST', '/api/v1/tickets/IT-1/comments', sam, { body: 'hi' })).status).toBe(404);
    expect((await api.call('GET', '/api/v1/tickets/IT-1/transitions', sam)).status).toBe(404);
    expect(
      (await api.call('POST', '/api/v1/tickets/IT-1/transitions', sam, { transition: 'cancel' })).status,
    ).toBe(404);
    expect((await api.call('GET', '/api/v1/tickets', sam)).body.tickets).toEqual([]);
  });

  it('lists what the caller may take now, and 403 for an agent transition taken by the requester; nothing changes', async () => {
    await api.call('POST', '/api/v1/tickets', rita, laptop);
    const forRita = await api.call('GET', '/api/v1/tickets/IT-1/transitions', rita);
    expect(forRita.body.transitions.map((x: { id: string }) => x.id)).toEqual(['cancel']);
    const forMaria = await api.call('GET', '/api/v1/tickets/IT-1/transitions', maria);
    expect(forMaria.body.transitions.find((x: { id: string }) => x.id === 'resolve')).toEqual({
      id: 'resolve',
      name: 'Resolve',
      to: { id: 'resolved', name: 'Resolved', category: 'done' },
      fields: [
        {
          id: 'resolution',
          label: 'Resolution',
          type: 'select',
          required: true,
          options: ['Done', "Won't do", 'Duplicate', 'Cannot reproduce', 'Declined', 'Withdrawn'],
        },
      ],
    });
    const before = await api.call('GET', '/api/v1/tickets/IT-1', alice);
    const forbidden = await api.call('POST', '/api/v1/tickets/IT-1/transitions', rita, {
      transition: 'start_progress',
    });
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.error).toEqual({
      code: 'forbidden',
      message: 'Only agent may take "Start progress"',
    });
    expect((await api.call('GET', '/api/v1/tickets/IT-1', alice)).body).toEqual(before.body);
    expect((await api.call('GET', '/api/v1/tickets/IT-1/history', alice)).body.history).toHaveLength(1);
  });

  it('takes a transition with its fields; a missing resolution is a 400 naming the field', async () => {
    await api.call('POST', '/api/v1/tickets', rita, laptop);
    const started = await api.call('POST', '/api/v1/tickets/IT-1/transitions', alice, {
      transition: 'start_progress',
    });
    expect(started.status).toBe(200);
    expect(started.body).toMatchObject({
      status: { id: 'in_progress' },
      assignee: { email: 'alice@acme.example' },
      version: 2,
    });
    const noResolution = await api.call('POST', '/api/v1/tickets/IT-1/transitions', alice, {
      transition: 'resolve',
    });
    expect(noResolution.status).toBe(400);
    expect(noResolution.body.error.fields).toEqual({ resolution: 'Choose a resolution before resolving.' });
    const resolved = await api.call('POST', '/api/v1/tickets/IT-1/transitions', alice, {
      transition: 'resolve',
      fields: { resolution: 'Done' },
      version: 2,
    });
    expect(resolved.body).toMatchObject({
      status: { id: 'resolved', category: 'done' },
      resolution: 'Done',
      version: 3,
    });
    const wrongPlace = await api.call('POST', '/api/v1/tickets/IT-1/transitions', alice, {
      transition: 'start_progress',
    });
    expect(wrongPlace.status).toBe(409);
  });

  it('updates priority and assignee; a stale version is 409 and changes nothing', async () => {
    await api.call('POST', '/api/v1/tickets', rita, laptop);
    const first = await api.call('PATCH', '/api/v1/tickets/IT-1', alice, { priority: 'high', version: 1 });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ priority: 'high', version: 2 });
    const stale = await api.call('PATCH', '/api/v1/tickets/IT-1', maria, {
      assignee: 'maria@acme.example',
      version: 1,
    });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('conflict');
    const after = await api.call('GET', '/api/v1/tickets/IT-1', alice);
    expect(after.body).toMatchObject({ priority: 'high', assignee: null, version: 2 });
    const byRequester = await api.call('PATCH', '/api/v1/tickets/IT-1', rita, { priority: 'highest' });
    expect(byRequester.status).toBe(403);
    const badPriority = await api.call('PATCH', '/api/v1/tickets/IT-1', alice, { priority: 'urgent!!' });
    expect(badPriority.status).toBe(400);
    expect(badPriority.body.error.fields).toHaveProperty('priority');
  });

  it('comments: public ones reach the requester, internal notes only agents; requesters cannot post notes', async () => {
    await api.call('POST', '/api/v1/tickets', rita, laptop);
    const note = await api.call('POST', '/api/v1/tickets/IT-1/comments', alice, {
      body: 'Probably the GPU driver',
      internal: true,
    });
    expect(note.status).toBe(201);
    expect(note.body).toMatchObject({
      body: 'Probably the GPU driver',
      internal: true,
      author: { email: 'alice@acme.example' },
    });
    await api.call('POST', '/api/v1/tickets/IT-1/comments', alice, { body: 'Could you try safe mode?' });
    const ritaView = await api.call('GET', '/api/v1/tickets/IT-1/comments', rita);
    expect(ritaView.body.comments.map((c: { body: string }) => c.body)).toEqual(['Could you try safe mode?']);
    expect(JSON.stringify(ritaView.body)).not.toContain('GPU');
    const agentView = await api.call('GET', '/api/v1/tickets/IT-1/comments', alice);
    expect(agentView.body.comments).toHaveLength(2);
    const sneaky = await api.call('POST', '/api/v1/tickets/IT-1/comments', rita, {
      body: 'hidden?',
      internal: true,
    });
    expect(sneaky.status).toBe(403);
    expect((await api.call('GET', '/api/v1/tickets/IT-1/comments', alice)).body.comments).toHaveLength(2);
    const empty = await api.call('POST', '/api/v1/tickets/IT-1/comments', rita, { body: '' });
    expect(empty.status).toBe(400);
    expect(empty.body.error.fields).toEqual({ body: 'must not be empty' });
  });

  it('filters lists and pages through them', async () => {
    for (let i = 0; i < 3; i++) await api.call('POST', '/api/v1/tickets', rita, laptop);
    await api.call('POST', '/api/v1/tickets', rita, {
      requestType: 'payroll-question',
      fields: { question: 'Tax code?' },
    });
    await api.call('POST', '/api/v1/tickets/IT-2/transitions', alice, { transition: 'start_progress' });
    const keys = (r: { body: { tickets: { key: string }[] } }) => r.body.tickets.map((x) => x.key);
    expect(keys(await api.call('GET', '/api/v1/tickets', rita))).toEqual(['HR-1', 'IT-3', 'IT-2', 'IT-1']);
    expect(keys(await api.call('GET', '/api/v1/tickets?department=it&statusCategory=open', alice))).toEqual([
      'IT-3',
      'IT-1',
    ]);
    expect(keys(await api.call('GET', '/api/v1/tickets?assignee=me', alice))).toEqual(['IT-2']);
    expect(keys(await api.call('GET', '/api/v1/tickets?assignee=unassigned', alice))).toEqual([
      'IT-3',
      'IT-1',
    ]);
    const page1 = await api.call('GET', '/api/v1/tickets?limit=2', rita);
    expect(keys(page1)).toEqual(['HR-1', 'IT-3']);
    const page2 = await api.call('GET', page1.body.next, rita);
    expect(keys(page2)).toEqual(['IT-2', 'IT-1']);
    // The next page keeps the filters, the search and the order.
    const it1 = await api.call('GET', '/api/v1/tickets?department=it&sort=created&order=asc&limit=1', rita);
    expect(keys(it1)).toEqual(['IT-1']);
    expect(it1.body.next).toBe('/api/v1/tickets?department=it&sort=created&order=asc&limit=1&page=2');
    expect(keys(await api.call('GET', it1.body.next, rita))).toEqual(['IT-2']);
    const itNewest = await api.call('GET', '/api/v1/tickets?department=it&limit=1', rita);
    expect(keys(await api.call('GET', itNewest.body.next, rita))).toEqual(['IT-2']);
    expect(keys(await api.call('GET', '/api/v1/tickets?q=tax%20code', rita))).toEqual(['HR-1']);
    const badFilter = await api.call('GET', '/api/v1/tickets?statusCategory=sleeping', alice);
    expect(badFilter.status).toBe(400);
    expect(badFilter.body.error.fields).toHaveProperty('statusCategory');
  });

  it('answers 413 for an oversized body and stores nothing', async () => {
    const huge = { ...laptop, fields: { ...laptop.fields, description: 'x'.repeat(70 * 1024) } };
    const res = await api.call('POST', '/api/v1/tickets', rita, huge);
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('too_large');
    expect((await api.call('GET', '/api/v1/tickets', rita)).body.tickets).toEqual([]);
  });

  it('people: me, the directory for agents, 403 for requesters', async () => {
    const me = await api.call('GET', '/api/v1/people/me', rita);
    expect(me.body).toMatchObject({ email: 'rita@acme.example', name: 'Rita Requester', roles: [] });
    expect((await api.call('GET', '/api/v1/people', rita)).status).toBe(403);
    const directory = await api.call('GET', '/api/v1/people', maria);
    const mariaEntry = directory.body.people.find((p: { email: string }) => p.email === 'maria@acme.example');
    expect(mariaEntry.roles).toEqual(expect.arrayContaining([{ role: 'manager', department: 'it' }]));
  });

  it('health and readiness answer without a token', async () => {
    expect((await api.call('GET', '/healthz')).body).toEqual({ status: 'ok' });
    expect((await api.call('GET', '/readyz')).body).toEqual({ status: 'ready', checks: { store: true } });
    expect((await api.call('GET', '/nope')).status).toBe(404);
  });
});
