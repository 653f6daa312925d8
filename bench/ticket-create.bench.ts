import { sql } from 'drizzle-orm';
import type { OpenStore } from '../src/store/store.js';
import { sampleDesk } from './sample-desk.js';
import { fmt, measure, percentile } from './stats.js';

const N = Number(process.env.BENCH_TICKETS ?? 3000);
const WARMUP = 300;

/**
 * Tickets created per second through the core (field validation, workflow initial status, key
 * allocation, history, event and outbox rows) against plain single-row INSERTs into the same store
 * (to the driver, and through drizzle), measured one after another in the same run. All run
 * sequentially: one request at a time.
 */
export async function benchTicketCreate(store: OpenStore, label: string): Promise<string[]> {
  const { desk, rita } = await sampleDesk(store);
  const db = store.database.db;
  await db.execute(sql`CREATE TABLE IF NOT EXISTS bench_plain (
    id bigserial PRIMARY KEY, key text NOT NULL, payload jsonb NOT NULL, created_at timestamptz NOT NULL)`);

  // Each plain INSERT two ways: straight to the driver (database.raw, as the core's own writes go: the
  // fastest plain INSERT there is) and through drizzle, as the app writes other SQL.
  const raw = store.database.raw;
  const fourColumns = (i: number) => [
    `B-${i}`,
    JSON.stringify({ device: 'Laptop', description: `Screen flickers ${i}` }),
  ];
  const plainInsert = (i: number) =>
    raw('INSERT INTO bench_plain (key, payload, created_at) VALUES ($1, $2::jsonb, now())', fourColumns(i));
  const plainInsertDrizzle = (i: number) => {
    const [key, payload] = fourColumns(i + 100 * N);
    return db.execute(
      sql`INSERT INTO bench_plain (key, payload, created_at) VALUES (${key}, ${payload}::jsonb, now())`,
    );
  };
  // The same ticket row the core writes, as one plain INSERT: no validation, key counter, history, events or outbox.
  const ticketRow = (i: number) => [
    `PLAIN-${i}`,
    rita.id,
    JSON.stringify({ device: 'Laptop', description: `Screen flickers ${i}`, asset_tag: 'LT-0042' }),
  ];
  const plainTicket = (i: number) =>
    raw(
      `INSERT INTO tickets (key, department, request_type, summary, requester_id, status, status_category,
        priority, fields, created_at, updated_at)
      VALUES ($1, 'it', 'laptop-problem', 'Laptop or desktop problem: Laptop', $2, 'open', 'open', 'medium',
        $3::jsonb, now(), now())`,
      ticketRow(i),
    );
  const plainTicketDrizzle = (i: number) => {
    const [key, requester, fields] = ticketRow(i + 100 * N);
    return db.execute(sql`INSERT INTO tickets (key, department, request_type, summary, requester_id, status,
        status_category, priority, fields, created_at, updated_at)
      VALUES (${key}, 'it', 'laptop-problem', 'Laptop or desktop problem: Laptop', ${requester}, 'open', 'open',
        'medium', ${fields}::jsonb, now(), now())`);
  };
  const coreCreate = (i: number) =>
    desk.tickets.create(rita, {
      requestType: 'laptop-problem',
      fields: {
        device: 'Laptop',
        description: `Screen flickers after lunch, attempt ${i}`,
        asset_tag: 'LT-0042',
      },
    });

  await measure(WARMUP, (i) => plainInsert(i + 10 * N));
  await measure(WARMUP, (i) => plainTicket(i + 10 * N));
  await measure(WARMUP, coreCreate);
  // Two rounds of each, one after the other, so drift in the machine's load touches all sides alike.
  const rate = async (fn: (i: number) => Promise<unknown>) => {
    const a = await measure(N / 2, fn);
    const b = await measure(N / 2, (i) => fn(i + N));
    return { perSecond: (a.perSecond + b.perSecond) / 2, latencies: [...a.latencies, ...b.latencies] };
  };
  const plain = await rate(plainInsert);
  const plainDrizzle = await rate(plainInsertDrizzle);
  const row = await rate(plainTicket);
  const rowDrizzle = await rate(plainTicketDrizzle);
  const core = await rate(coreCreate);
  const lat = core.latencies.sort((a, b) => a - b);
  const pct = (base: { perSecond: number }) => `${fmt((core.perSecond / base.perSecond) * 100, 1)}%`;
  return [
    `${label}: plain single-row INSERT   ${fmt(plain.perSecond)} rows/s to the driver, ${fmt(plainDrizzle.perSecond)} through drizzle  (4-column table)`,
    `${label}: plain ticket-row INSERT   ${fmt(row.perSecond)} rows/s to the driver, ${fmt(rowDrizzle.perSecond)} through drizzle  (the tickets table, same row)`,
    `${label}: core ticket create        ${fmt(core.perSecond)} tickets/s  (p50 ${fmt(percentile(lat, 50), 2)} ms, p99 ${fmt(percentile(lat, 99), 2)} ms)`,
    `${label}: core / plain ticket row   ${pct(row)} of the driver's, ${pct(rowDrizzle)} of drizzle's  (target >= 50%)`,
    `${label}: core / plain 4-column row ${pct(plain)} of the driver's, ${pct(plainDrizzle)} of drizzle's`,
  ];
}
