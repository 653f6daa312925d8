import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDesk } from '../../../src/core/desk.js';
import { startTestApi, type TestApi } from '../../support/test-api.js';
import { type TestDesk, testDesk } from '../../support/test-desk.js';
import { testBackend } from '../../support/test-store.js';

let t: TestDesk;
let api: TestApi;
let rita: string;
let sam: string;
let alice: string;

const laptop = (description = 'Blue screen at login') => ({
  requestType: 'laptop-problem',
  fields: { device: 'Laptop', description },
});

/** POST with an Idempotency-Key, as a client retrying after a lost answer would send it. */
async function post(path: string, token: string, body: unknown, key?: string) {
  const headers: Record<string, string> = {
    authorization: `Bearer ${token}`,
    'content-type': 'application/json',
  };
  if (key !== undefined) headers['idempotency-key'] = key;
  const res = await fetch(`${api.base}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
  return { status: res.status, body: await res.json(), headers: res.headers };
}

async function count(table: string): Promise<number> {
  const r = (await t.store.database.db.execute(
    sql.raw(`SELECT count(*)::int AS n FROM ${table}`),
  )) as unknown as {
    rows: { n: number }[];
  };
  return Number(r.rows[0]!.n);
}

describe(`Idempotency-Key on POST (${testBackend()})`, () => {
  beforeEach(async () => {
    t = await testDesk();
    api = await startTestApi(t);
    rita = await api.tokenFor('rita');
    sam = await api.tokenFor('sam');
    alice = await api.tokenFor('alice');
  });
  afterEach(async () => {
    await api.app.close();
  });

  it('the same key and body give the same answer and one ticket; another body is 422; keys are per person', async () => {
    const first = await post('/api/v1/tickets', rita, laptop(), 'create-1');
    const again = await post('/api/v1/tickets', rita, laptop(), 'create-1');
    expect([first.status, again.status]).toEqual([201, 201]);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('location')).toBe('/api/v1/tickets/IT-1');
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    // The same body with its keys in another order is the same request.
    const reordered = await post(
      '/api/v1/tickets',
      rita,
      { fields: laptop().fields, requestType: 'laptop-problem' },
      'create-1',
    );
    expect(reordered.body.key).toBe('IT-1');
    const other = await post('/api/v1/tickets', rita, laptop('Another problem'), 'create-1');
    expect(other.status).toBe(422);
    expect(other.body.error.code).toBe('idempotency_key_reused');
    // Sam's key of the same name is his own.
    expect((await post('/api/v1/tickets', sam, laptop(), 'create-1')).body.key).toBe('IT-2');
    // Without a key, a retry is a new request.
    expect((await post('/api/v1/tickets', rita, laptop())).body.key).toBe('IT-3');
    expect(await count('tickets')).toBe(3);
  });

  it('comments and transitions: a retried key adds nothing and answers as the first time', async () => {
    const key = (await post('/api/v1/tickets', rita, laptop())).body.key;
    const comment = { body: 'Looking into it' };
    const c1 = await post(`/api/v1/tickets/${key}/comments`, alice, comment, 'c-1');
    const c2 = await post(`/api/v1/tickets/${key}/comments`, alice, comment, 'c-1');
    expect([c1.status, c2.status]).toEqual([201, 201]);
    expect(c2.body).toEqual(c1.body);
    expect(await count('comments')).toBe(1);
    const move = { transition: 'start_progress' };
    const t1 = await post(`/api/v1/tickets/${key}/transitions`, alice, move, 't-1');
    const t2 = await post(`/api/v1/tickets/${key}/transitions`, alice, move, 't-1');
    // Without the key the second would be 409: "Start progress" cannot be taken from In progress.
    expect([t1.status, t2.status]).toEqual([200, 200]);
    expect(t2.body).toEqual(t1.body);
    expect((await post(`/api/v1/tickets/${key}/transitions`, alice, move)).status).toBe(409);
    const history = await api.call('GET', `/api/v1/tickets/${key}/history`, alice);
    expect(history.body.history.filter((h: { field: string }) => h.field === 'status')).toHaveLength(1);
  });

  it('concurrent retries with one key make one ticket, and all get its answer', async () => {
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => post('/api/v1/tickets', rita, laptop(), 'burst-key')),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(201));
    expect(new Set(answers.map((a) => a.body.key))).toEqual(new Set(['IT-1']));
    expect(await count('tickets')).toBe(1);
  });

  it('survives a restart and a crash before the answer was kept; a key expires after 24 hours', async () => {
    const first = await post('/api/v1/tickets', rita, laptop(), 'k-restart');
    // The process died between the commit and keeping the answer: only the change's own row is there.
    await t.store.database.db.execute(sql`UPDATE idempotency_keys SET status_code = NULL, response = NULL`);
    await api.app.close();
    t.desk = createDesk(t.store, t.config, t.clock);
    api = await startTestApi(t);
    const again = await post('/api/v1/tickets', rita, laptop(), 'k-restart');
    expect(again.status).toBe(201);
    expect(again.body.key).toBe(first.body.key);
    expect(again.headers.get('location')).toBe(`/api/v1/tickets/${first.body.key}`);
    expect(await count('tickets')).toBe(1);
    t.clock.advance(24 * 60 * 60 * 1000 + 1);
    const later = await post('/api/v1/tickets', rita, laptop(), 'k-restart');
    expect(later.body.key).toBe('IT-2');
    expect(await count('idempotency_keys')).toBe(1);
  });

  it('a malformed key is 400 naming the header, and nothing is made', async () => {
    for (const bad of ['', 'has space', 'x'.repeat(256)]) {
      const res = await post('/api/v1/tickets', rita, laptop(), bad);
      expect(res.status).toBe(400);
      expect(res.body.error.fields).toEqual({
        'Idempotency-Key': 'must be 1 to 255 printable characters without spaces',
      });
    }
    expect(await count('tickets')).toBe(0);
  });
});
