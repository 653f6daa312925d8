import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDesk, type Desk } from '../../../src/core/desk.js';
import type { TicketRecord } from '../../../src/ports/store.port.js';
import {
  type SlaScheduler,
  schedulerDatabaseOf,
  startScheduler,
} from '../../../src/scheduler/sla.scheduler.js';
import type { OpenStore } from '../../../src/store/store.js';
import { secondStore } from '../../support/second-instance.js';
import { type TestDesk, testDesk } from '../../support/test-desk.js';
import { testBackend } from '../../support/test-store.js';

const MIN = 60_000;
let t: TestDesk;
const running: SlaScheduler[] = [];
const closing: (() => Promise<void>)[] = [];

async function scheduler(
  desk: Desk,
  store: OpenStore,
  name: string,
  processEvery = 200,
  sweepLockLifetime?: number,
): Promise<SlaScheduler> {
  const s = await startScheduler({
    sla: desk.sla,
    clock: t.clock,
    database: schedulerDatabaseOf(store.database),
    name,
    processEvery,
    sweepEvery: 500,
    sweepLockLifetime,
    onError: (err) => console.error(name, err),
  });
  running.push(s);
  return s;
}

async function count(query: ReturnType<typeof sql>): Promise<number> {
  const r = (await t.store.database.db.execute(query)) as unknown as { rows: { n: unknown }[] };
  return Number(r.rows[0]?.n ?? 0);
}

/** Waits for a condition on the store (Agenda runs on the wall clock); fails after `ms`. */
async function until(check: () => Promise<boolean>, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function urgentTicket(desk: Desk): Promise<TicketRecord> {
  const rita = await t.person('rita');
  const alice = await t.person('alice');
  const ticket = await desk.tickets.create(rita, {
    requestType: 'laptop-problem',
    fields: { device: 'Laptop', description: 'Smoke' },
  });
  await desk.tickets.update(alice, ticket.key, { priority: 'highest', assignee: alice.id });
  return ticket;
}

describe(`the SLA scheduler on Agenda (${testBackend()})`, () => {
  beforeEach(async () => {
    t = await testDesk();
    await t.store.database.db.execute(
      sql.raw(
        `DO $$ BEGIN IF to_regclass('agenda_jobs') IS NOT NULL THEN DELETE FROM agenda_jobs; END IF; END $$`,
      ),
    );
  });
  afterEach(async () => {
    for (const s of running.splice(0)) await s.drain(5000);
    for (const close of closing.splice(0)) await close();
  });

  it('a timer job fires through Agenda, recomputes at the desk’s clock and pings', async () => {
    const s = await scheduler(t.desk, t.store, 'one');
    const ticket = await urgentTicket(t.desk);
    await t.desk.outbox.drain(); // thresholds at 10:45 and 13:00 (desk time): no timer job yet
    expect(await count(sql`SELECT count(*) AS n FROM agenda_jobs WHERE name = 'sla-timer'`)).toBe(0);
    t.clock.advance(41 * MIN); // 10:41: the sweep sets a job for 10:45, four minutes off on the wall clock
    await t.desk.sla.sweep();
    expect(await count(sql`SELECT count(*) AS n FROM agenda_jobs WHERE name = 'sla-timer'`)).toBe(1);
    expect(await s.ready()).toBe(true);
    t.clock.advance(5 * MIN); // the desk's clock is past the near breach; a timer due now on the wall clock
    await s.at(t.clock.now(), ticket.id);
    await until(async () => (await t.store.sla.pings(ticket.id)).length === 1);
    expect((await t.store.sla.pings(ticket.id))[0]).toMatchObject({
      metric: 'first_response',
      threshold: 'near_breach',
    });
  });

  it('two instances on one database: each threshold pings once, however many timers and sweeps fire', async () => {
    // A second instance: its own store connection on the server, its own desk and Agenda.
    const { store: store2, close } = await secondStore(t);
    closing.push(close);
    const desk2 = createDesk(store2, t.config, t.clock);
    for (const d of [t.desk, desk2]) d.outbox.registerTopic('pagerduty', async () => 'delivered');
    const [a, b] = [await scheduler(t.desk, t.store, 'a'), await scheduler(desk2, store2, 'b')];
    const tickets: TicketRecord[] = [];
    for (let i = 0; i < 12; i++) tickets.push(await urgentTicket(i % 2 ? t.desk : desk2));
    t.clock.advance(61 * MIN); // every first response is breached
    // Both instances set a timer for every ticket (as after a restart), and both sweep.
    await Promise.all(tickets.flatMap((tk) => [a.at(t.clock.now(), tk.id), b.at(t.clock.now(), tk.id)]));
    await until(
      async () => (await count(sql`SELECT count(*) AS n FROM sla_pings WHERE threshold = 'breached'`)) === 12,
    );
    await new Promise((r) => setTimeout(r, 1500)); // more sweeps and late duplicates have their chance
    expect(await count(sql`SELECT count(*) AS n FROM sla_pings WHERE threshold = 'breached'`)).toBe(12);
    expect(
      await count(
        sql`SELECT count(DISTINCT payload->>'dedupKey') AS n FROM outbox WHERE topic = 'pagerduty'`,
      ),
    ).toBe(12);
    expect(await count(sql`SELECT count(*) AS n FROM outbox WHERE topic = 'pagerduty'`)).toBe(12);
    // One breach notice per ticket to the IT manager, none twice.
    expect(
      await count(
        sql`SELECT count(*) AS n FROM outbox WHERE topic = 'notify' AND payload->>'threshold' = 'breached'`,
      ),
    ).toBe(12);
  });

  it('the sweep an instance locked as it was killed runs again once its short lock ends, and pings what is due', async () => {
    const s = await scheduler(t.desk, t.store, 'alive', 200, 1000);
    expect(await s.ready()).toBe(true);
    const ticket = await urgentTicket(t.desk);
    await t.desk.outbox.drain(); // its clocks
    t.clock.advance(61 * MIN); // the first response is breached
    // Killed just after locking the sweep and the ticket's timers ahead of their time.
    await t.store.database.db.execute(
      sql`UPDATE agenda_jobs SET locked_at = now(), next_run_at = now(), last_modified_by = 'killed' WHERE name IN ('sla-sweep', 'sla-timer')`,
    );
    await until(
      async () => (await t.store.sla.pings(ticket.id)).some((p) => p.threshold === 'breached'),
      10_000,
    );
  });

  // Several instances need the server (PGlite is one process).
  it.skipIf(testBackend() === 'pglite')(
    'a timer one instance locked ahead of its time runs on the other when the first stops, not minutes later',
    async () => {
      const { store: store2, close } = await secondStore(t);
      closing.push(close);
      const desk2 = createDesk(store2, t.config, t.clock);
      // A scans every 3 s and so locks what is due within 3 s; B scans often.
      const a = await scheduler(t.desk, t.store, 'a', 3000);
      const ticket = await urgentTicket(t.desk);
      await a.at(new Date(t.clock.now().getTime() + 1500), ticket.id);
      const timers = sql`SELECT count(*) AS n FROM agenda_jobs WHERE name = 'sla-timer'`;
      await until(
        async () =>
          (await count(
            sql`SELECT count(*) AS n FROM agenda_jobs WHERE name = 'sla-timer' AND locked_at IS NOT NULL AND last_modified_by = 'a'`,
          )) === 1,
      );
      await a.drain(5000); // SIGTERM before the job's time
      await scheduler(desk2, store2, 'b');
      // B runs it at its time (the job is removed when done), well before the 2-minute lock would end.
      await until(async () => (await count(timers)) === 0, 10_000);
    },
  );
});
