import { beforeEach, describe, expect, it } from 'vitest';
import { createDesk } from '../../../src/core/desk.js';
import { TIMER_HORIZON_MS } from '../../../src/core/sla/sla.service.js';
import type { Person } from '../../../src/ports/store.port.js';
import { RecordingTimers } from '../../support/recording-timers.js';
import { type TestDesk, testDesk } from '../../support/test-desk.js';
import { testBackend } from '../../support/test-store.js';

const MIN = 60_000;
let t: TestDesk;
let rita: Person;

async function createTickets(n: number) {
  return Promise.all(
    Array.from({ length: n }, (_, i) =>
      t.desk.tickets.create(rita, {
        requestType: 'laptop-problem',
        fields: { device: 'Laptop', description: `Blue screen ${i}` },
      }),
    ),
  );
}

describe(`SLA recomputes in batches, timers within the horizon (${testBackend()})`, () => {
  beforeEach(async () => {
    t = await testDesk();
    rita = await t.person('rita');
  });

  it('the outbox recomputes many tickets’ clocks together: one write per claimed batch, every ticket measured', async () => {
    const writes: number[] = [];
    const save = t.store.sla.saveClocks.bind(t.store.sla);
    t.store.sla.saveClocks = (byTicket) => {
      writes.push(byTicket.size);
      return save(byTicket);
    };
    const tickets = await createTickets(60);
    await t.desk.outbox.drain();
    // The dispatcher claims 50 rows at a time: 60 tickets are two writes, not sixty.
    expect(writes).toEqual([50, 10]);
    const stored = await t.store.sla.clocksOf(tickets.map((x) => x.id));
    for (const ticket of tickets)
      expect(stored.get(ticket.id)!.map((c) => c.metric)).toEqual(['first_response', 'resolution']);
  });

  it('a batch that fails is retried whole, and nothing is lost', async () => {
    const save = t.store.sla.saveClocks.bind(t.store.sla);
    let failures = 1;
    t.store.sla.saveClocks = (byTicket) => {
      if (failures-- > 0) return Promise.reject(new Error('connection lost'));
      return save(byTicket);
    };
    const tickets = await createTickets(5);
    await t.desk.outbox.drain();
    expect((await t.store.sla.clocksOf(tickets.map((x) => x.id))).get(tickets[0]!.id)).toEqual([]);
    t.clock.advance(2000); // past the first retry's backoff (1 s ± 20%)
    await t.desk.outbox.drain();
    const stored = await t.store.sla.clocksOf(tickets.map((x) => x.id));
    expect(tickets.map((x) => stored.get(x.id)!.length)).toEqual([2, 2, 2, 2, 2]);
  });

  it('two instances sweeping at once arm each near threshold once; none beyond the horizon', async () => {
    const tickets = await createTickets(10);
    await t.desk.outbox.drain();
    const [a, b] = [new RecordingTimers(), new RecordingTimers()];
    const other = createDesk(t.store, t.config, t.clock);
    t.desk.sla.useTimers(a);
    other.sla.useTimers(b);
    // First response is due at 14:00 (4 h, medium), its near breach at 13:00: 3 h off, outside the horizon.
    await Promise.all([t.desk.sla.sweep(), other.sla.sweep()]);
    expect([...a.set, ...b.set]).toEqual([]);
    t.clock.advance(3 * 60 * MIN - TIMER_HORIZON_MS + MIN); // 12:56: within the horizon
    await Promise.all([t.desk.sla.sweep(), other.sla.sweep()]);
    const armed = [...a.set, ...b.set];
    expect(armed.map((x) => x.at)).toEqual(Array(10).fill('2026-11-25T13:00:00.000Z'));
    expect(new Set(armed.map((x) => x.ticketId))).toEqual(new Set(tickets.map((x) => x.id)));
    await Promise.all([t.desk.sla.sweep(), other.sla.sweep()]);
    expect([...a.set, ...b.set]).toHaveLength(10);
  });
});
