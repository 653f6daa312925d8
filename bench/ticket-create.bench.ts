import { sql } from 'drizzle-orm';
import { loadDeskConfig } from '../src/config/desk.loader.js';
import { createDesk } from '../src/core/desk.js';
import { systemClock } from '../src/ports/clock.port.js';
import type { OpenStore } from '../src/store/store.js';
import { fmt, measure, percentile } from './stats.js';

const N = Number(process.env.BENCH_TICKETS ?? 3000);
const WARMUP = 300;

/**
 * Tickets created per second through the core (field validation, workflow initial status, key
 * allocation, history, event and outbox rows) against plain single-row INSERTs into the same store,
 * measured one after another in the same run. Both run sequentially: one request at a time.
 */
export async function benchTicketCreate(store: OpenStore, label: string): Promise<string[]> {
  const loaded = await loadDeskConfig('config/desk.yaml');
  if (!loaded.ok) throw new Error('sample desk does not load');
  const desk = createDesk(store, loaded.config, systemClock);
  await desk.people.syncFromConfig(loaded.config);
  const rita = (await store.people.byEmail('rita@acme.example'))!;
  const db = store.database.db;
  await db.execute(sql`CREATE TABLE IF NOT EXISTS bench_plain (
    id bigserial PRIMARY KEY, key text NOT NULL, payload jsonb NOT NULL, created_at timestamptz NOT NULL)`);

  const plainInsert = (i: number) =>
    db.execute(sql`INSERT INTO bench_plain (key, payload, created_at)
      VALUES (${`B-${i}`}, ${JSON.stringify({ device: 'Laptop', description: `Screen flickers ${i}` })}::jsonb, now())`);
  // The same ticket row the core writes, as one plain INSERT: no validation, key counter, history, events or outbox.
  const plainTicket = (i: number) =>
    db.execute(sql`INSERT INTO tickets (key, department, request_type, summary, requester_id, status, status_category,
        priority, fields, created_at, updated_at)
      VALUES (${`PLAIN-${i}`}, 'it', 'laptop-problem', 'Laptop or desktop problem: Laptop', ${rita.id}, 'open', 'open',
        'medium', ${JSON.stringify({ device: 'Laptop', description: `Screen flickers ${i}`, asset_tag: 'LT-0042' })}::jsonb,
        now(), now())`);
  const coreCreate = (i: number) =>
    desk.tickets.create(rita, {
      requestType: 'laptop-problem',
      fields: {
        device: 'Laptop',
        description: `Screen flickers after lunch, attempt ${i}`,
        asset_tag: 'LT-0042',
      },
    });

  await measure(WARMUP, plainInsert);
  await measure(WARMUP, (i) => plainTicket(i + 10 * N));
  await measure(WARMUP, coreCreate);
  // Interleave two rounds so drift in the machine's load touches both sides alike.
  const plain = [await measure(N / 2, plainInsert), await measure(N / 2, (i) => plainInsert(i + N))];
  const row = [await measure(N / 2, plainTicket), await measure(N / 2, (i) => plainTicket(i + N))];
  const core = [await measure(N / 2, coreCreate), await measure(N / 2, coreCreate)];
  const plainRate = (plain[0]!.perSecond + plain[1]!.perSecond) / 2;
  const rowRate = (row[0]!.perSecond + row[1]!.perSecond) / 2;
  const coreRate = (core[0]!.perSecond + core[1]!.perSecond) / 2;
  const lat = [...core[0]!.latencies, ...core[1]!.latencies].sort((a, b) => a - b);
  return [
    `${label}: plain single-row INSERT   ${fmt(plainRate)} rows/s  (4-column table)`,
    `${label}: plain ticket-row INSERT   ${fmt(rowRate)} rows/s  (the tickets table, same row)`,
    `${label}: core ticket create        ${fmt(coreRate)} tickets/s  (p50 ${fmt(percentile(lat, 50), 2)} ms, p99 ${fmt(percentile(lat, 99), 2)} ms)`,
    `${label}: core / plain ticket row   ${fmt((coreRate / rowRate) * 100, 1)}%  (target >= 50%)`,
    `${label}: core / plain 4-column row ${fmt((coreRate / plainRate) * 100, 1)}%`,
  ];
}
