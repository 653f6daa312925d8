import { sql } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { newChange } from '../../../src/core/tickets/ticket.change.js';
import type { NewTicket, TicketRecord } from '../../../src/ports/store.port.js';
import type { OpenStore } from '../../../src/store/store.js';
import { testBackend, testStore } from '../../support/test-store.js';

const at = new Date('2026-11-25T10:00:00Z');
let store: OpenStore;
let requesterId: string;

function ticket(prefix = 'IT'): NewTicket {
  return {
    keyPrefix: prefix,
    department: prefix === 'IT' ? 'it' : 'hr',
    requestType: 'laptop-problem',
    summary: 'Laptop will not boot',
    requesterId,
    assigneeId: null,
    status: 'open',
    statusCategory: 'open',
    priority: 'medium',
    fields: { device: 'Laptop' },
    resolution: null,
  };
}

function change() {
  const c = newChange(requesterId, at);
  c.history.push({ field: 'created', before: null, after: { status: 'open' } });
  c.events.push({ type: 'ticket.created', payload: { by: requesterId } });
  c.outbox.push({ topic: 'triage', payload: { type: 'ticket.created' } });
  return c;
}

async function count(table: string): Promise<number> {
  const r = (await store.database.db.execute(
    sql.raw(`SELECT count(*)::int AS n FROM ${table}`),
  )) as unknown as {
    rows: { n: number }[];
  };
  return Number(r.rows[0]!.n);
}

describe(`ticket store (${testBackend()})`, () => {
  beforeEach(async () => {
    store = await testStore();
    await store.people.sync([{ email: 'rita@acme.example', name: 'Rita', timezone: 'UTC', roles: [] }]);
    requesterId = (await store.people.byEmail('rita@acme.example'))!.id;
  });

  it('allocates keys per prefix, starting at 1', async () => {
    const a = await store.tickets.create(ticket('IT'), change());
    const b = await store.tickets.create(ticket('HR'), change());
    const c = await store.tickets.create(ticket('IT'), change());
    expect([a.key, b.key, c.key]).toEqual(['IT-1', 'HR-1', 'IT-2']);
    expect(a.version).toBe(1);
    expect(a.fields).toEqual({ device: 'Laptop' });
  });

  it('gives 100 concurrent creates IT-1..IT-100 with no gaps or duplicates', async () => {
    const created = await Promise.all(
      Array.from({ length: 100 }, () => store.tickets.create(ticket(), change())),
    );
    const numbers = created.map((t) => Number(t.key.split('-')[1])).sort((x, y) => x - y);
    expect(numbers).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
  });

  it('writes history, events and outbox rows with the ticket, carrying its key', async () => {
    const t = await store.tickets.create(ticket(), change());
    expect(await count('ticket_history')).toBe(1);
    expect(await count('domain_events')).toBe(1);
    const rows = (await store.database.db.execute(sql`SELECT topic, payload FROM outbox`)) as unknown as {
      rows: { topic: string; payload: Record<string, unknown> }[];
    };
    expect(rows.rows).toEqual([{ topic: 'triage', payload: { type: 'ticket.created', ticketKey: t.key } }]);
  });

  it('writes nothing at all when the ticket insert fails, and the key is not used up', async () => {
    const bad = { ...ticket(), requesterId: 'nobody' }; // violates the requester foreign key
    await expect(store.tickets.create(bad, change())).rejects.toThrow();
    expect(await count('tickets')).toBe(0);
    expect(await count('ticket_history')).toBe(0);
    expect(await count('outbox')).toBe(0);
    expect((await store.tickets.create(ticket(), change())).key).toBe('IT-1');
  });

  it('updates only at the expected version and bumps it; a stale version changes nothing', async () => {
    const t = await store.tickets.create(ticket(), change());
    const c1 = newChange(requesterId, at);
    c1.history.push({ field: 'priority', before: 'medium', after: 'high' });
    const saved = await store.tickets.update(t.id, 1, { priority: 'high' }, c1);
    expect(saved?.ticket.version).toBe(2);
    expect(saved?.ticket.priority).toBe('high');
    const stale = await store.tickets.update(t.id, 1, { priority: 'low' }, c1);
    expect(stale).toBeNull();
    expect((await store.tickets.byKey(t.key))?.priority).toBe('high');
    expect(await count('ticket_history')).toBe(2);
  });

  it('returns the comments a change adds, with their ids', async () => {
    const t = await store.tickets.create(ticket(), change());
    const c = newChange(requesterId, at);
    c.comments.push({ authorId: requesterId, body: 'Any news?', internal: false });
    c.comments.push({ authorId: null, body: 'note', internal: true });
    const saved = await store.tickets.update(t.id, null, {}, c);
    expect(saved?.comments.map((x) => [x.body, x.internal])).toEqual([
      ['Any news?', false],
      ['note', true],
    ]);
    expect(saved?.ticket.version).toBe(1);
    expect((await store.tickets.comments(t.id, false)).map((x) => x.body)).toEqual(['Any news?']);
    expect(await store.tickets.comments(t.id, true)).toHaveLength(2);
  });

  it('lists only what the scope allows', async () => {
    await store.people.sync([{ email: 'sam@acme.example', name: 'Sam', timezone: 'UTC', roles: [] }]);
    const sam = (await store.people.byEmail('sam@acme.example'))!;
    const mine = await store.tickets.create(ticket('IT'), change());
    const hr = await store.tickets.create(ticket('HR'), change());
    const keys = (ts: TicketRecord[]) => ts.map((t) => t.key);
    expect(
      keys(await store.tickets.list({ limit: 10 }, { all: false, personId: sam.id, departments: [] })),
    ).toEqual([]);
    expect(
      keys(await store.tickets.list({ limit: 10 }, { all: false, personId: sam.id, departments: ['hr'] })),
    ).toEqual([hr.key]);
    await store.tickets.share(mine.id, sam.id);
    expect(
      keys(await store.tickets.list({ limit: 10 }, { all: false, personId: sam.id, departments: [] })),
    ).toEqual([mine.key]);
    expect(keys(await store.tickets.list({ limit: 10 }, { all: true }))).toEqual([hr.key, mine.key]);
    expect(keys(await store.tickets.list({ limit: 10, department: ['it'] }, { all: true }))).toEqual([
      mine.key,
    ]);
  });
});
