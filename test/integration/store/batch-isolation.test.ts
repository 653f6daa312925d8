import { beforeEach, describe, expect, it } from 'vitest';
import { newChange } from '../../../src/core/tickets/ticket.change.js';
import type { NewTicket } from '../../../src/ports/store.port.js';
import type { OpenStore } from '../../../src/store/store.js';
import { testBackend, testStore } from '../../support/test-store.js';

/**
 * Writes made at the same time are group-committed: one poisoned item (text PostgreSQL refuses, or
 * JSON nested deeper than it parses) must fail alone, never the batch it landed in.
 */
const at = new Date('2026-11-25T10:00:00Z');
let store: OpenStore;
let requesterId: string;

function ticket(description: unknown): NewTicket {
  return {
    keyPrefix: 'IT',
    department: 'it',
    requestType: 'laptop-problem',
    summary: 'Laptop will not boot',
    requesterId,
    assigneeId: null,
    status: 'open',
    statusCategory: 'open',
    priority: 'medium',
    fields: { device: 'Laptop', description },
    resolution: null,
  };
}

function nested(depth: number): unknown {
  let v: unknown = 'x';
  for (let i = 0; i < depth; i++) v = { v };
  return v;
}

const POISONS: [string, unknown][] = [
  ['a NUL character', 'before\u0000after'],
  ['a lone surrogate', 'half \ud800 a pair'],
  ['JSON nested 8,000 deep', nested(8000)],
];

describe(`group commit isolates a poisoned item (${testBackend()})`, () => {
  beforeEach(async () => {
    store = await testStore();
    await store.people.sync([{ email: 'rita@acme.example', name: 'Rita', timezone: 'UTC', roles: [] }]);
    requesterId = (await store.people.byEmail('rita@acme.example'))!.id;
  });

  for (const [what, poison] of POISONS) {
    it(`20 creates beside one carrying ${what}: 20 stored, 1 refused`, async () => {
      const good = Array.from({ length: 20 }, (_, i) =>
        store.tickets.create(ticket(`good ${i}`), newChange(requesterId, at)),
      );
      const bad = store.tickets.create(ticket(poison), newChange(requesterId, at));
      const results = await Promise.allSettled([...good, bad]);
      expect(results.slice(0, 20).map((r) => r.status)).toEqual(Array(20).fill('fulfilled'));
      expect(results[20]!.status).toBe('rejected');
      const keys = results.slice(0, 20).map((r) => (r.status === 'fulfilled' ? r.value.key : ''));
      expect(new Set(keys).size).toBe(20);
    });
  }

  it('20 creates beside one the database refuses inside the batch (no such requester): only it fails, and nothing of it stays', async () => {
    const good = Array.from({ length: 20 }, (_, i) =>
      store.tickets.create(ticket(`good ${i}`), newChange(requesterId, at)),
    );
    const orphan = store.tickets.create({ ...ticket('orphan'), requesterId: 'nobody' }, newChange(null, at));
    const results = await Promise.allSettled([...good, orphan]);
    expect(results.map((r) => r.status)).toEqual([...Array(20).fill('fulfilled'), 'rejected']);
    const keys = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value.key] : []));
    // Gap-free keys: the refused one's number was rolled back with it.
    expect(keys.sort((a, b) => Number(a.slice(3)) - Number(b.slice(3)))).toEqual(
      Array.from({ length: 20 }, (_, i) => `IT-${i + 1}`),
    );
  });

  it('20 turns begun beside one with a poisoned payload: 20 recorded, 1 refused', async () => {
    const begin = (n: number, text: string) =>
      store.conversations.beginTurn(
        { platform: 'web', deliveryId: `d${n}`, payload: { text } },
        at,
        `web:c${n}`,
        { personId: requesterId },
      );
    const results = await Promise.allSettled([
      ...Array.from({ length: 20 }, (_, i) => begin(i, `hello ${i}`)),
      begin(99, 'bad\u0000'),
    ]);
    expect(results.slice(0, 20).every((r) => r.status === 'fulfilled' && !r.value.duplicate)).toBe(true);
    expect(results[20]!.status).toBe('rejected');
  });

  it('20 KB events beside one whose query has a NUL: 20 recorded, 1 refused', async () => {
    const event = (query: string) => ({
      type: 'search_no_results' as const,
      slugs: [],
      query,
      personId: requesterId,
      conversationId: null,
      at,
    });
    const results = await Promise.allSettled([
      ...Array.from({ length: 20 }, (_, i) => store.kb.record(event(`wifi ${i}`))),
      store.kb.record(event('wifi\u0000')),
    ]);
    expect(results.map((r) => r.status)).toEqual([...Array(20).fill('fulfilled'), 'rejected']);
    expect(await store.kb.events('search_no_results')).toHaveLength(20);
  });
});
