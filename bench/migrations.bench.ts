import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { RetentionService } from '../src/core/housekeeping/retention.service.js';
import { systemClock } from '../src/ports/clock.port.js';
import { openStore } from '../src/store/store.js';
import { dropDatabase, workerDatabaseUrl } from '../test/support/test-store.js';

/** How many rows tickets, inbox and outbox hold when the migrations run. */
const ROWS = Number(process.env.BENCH_MIGRATION_ROWS ?? 1_000_000);
const MIGRATIONS = join(dirname(fileURLToPath(import.meta.url)), '../src/store/migrations');
/** The migrations timed, each as a rolling upgrade applies it while old instances write. */
const TIMED = [
  { file: '0017_ticket_search.sql', write: `UPDATE tickets SET priority = 'high' WHERE key = 'IT-5'` },
  {
    file: '0018_turn_order.sql',
    write: `INSERT INTO inbox (platform, delivery_id, payload, received_at) VALUES ('slack', 'late', '{}', now())`,
  },
  {
    file: '0019_inbox_attempts.sql',
    write: `INSERT INTO inbox (platform, delivery_id, payload, received_at) VALUES ('slack', 'later', '{}', now())`,
  },
];

/**
 * A rolling upgrade's migrations on a server database with ROWS tickets, inbox and outbox rows:
 * migrated up to just before the first timed migration, filled with set-based SQL, then each timed
 * migration in one transaction (as drizzle's migrator runs it) while an old instance's write waits.
 */
export async function benchMigrations(serverUrl: string, label: string): Promise<string[]> {
  let url: string;
  try {
    url = await workerDatabaseUrl(serverUrl, `bench_migrations_${process.pid}`);
  } catch (err) {
    return [`${label}: migrations skipped (${(err as Error).message})`];
  }
  const pool = new pg.Pool({ connectionString: url });
  const folder = mkdtempSync(join(tmpdir(), 'deskbot-migrations-'));
  const lines: string[] = [];
  try {
    await migrateBefore(pool, folder, TIMED[0]!.file);
    const t0 = performance.now();
    await fill(pool);
    lines.push(`${label} migrations: ${ROWS} rows each in tickets, inbox and outbox (${ms(t0)} to write)`);
    for (const { file, write } of TIMED) {
      const statements = readFileSync(join(MIGRATIONS, file), 'utf8').split('--> statement-breakpoint');
      const client = await pool.connect();
      const start = performance.now();
      await client.query('BEGIN');
      // An old instance writes shortly after the migration began: how long does it wait?
      const waited = new Promise<number>((done) =>
        setTimeout(async () => {
          const w0 = performance.now();
          await pool.query(write);
          done(performance.now() - w0);
        }, 50),
      );
      for (const statement of statements) await client.query(statement);
      await client.query('COMMIT');
      const took = performance.now() - start;
      client.release();
      lines.push(
        `  ${file}: ${(took / 1000).toFixed(1)} s in all; an old instance's write waited ${((await waited) / 1000).toFixed(1)} s`,
      );
    }
    await markApplied(pool);
    lines.push(await firstRetentionSweep(url, pool));
  } finally {
    await pool.end();
    await dropDatabase(serverUrl, url);
    rmSync(folder, { recursive: true, force: true });
  }
  return lines;
}

/**
 * The first retention sweep after the upgrade, over the filled rows (spread over 60 days: most are past
 * their week), while an instance goes on recording deliveries: how long, and how long a write waited.
 */
async function firstRetentionSweep(url: string, pool: pg.Pool): Promise<string> {
  const store = await openStore({ url });
  const waits: number[] = [];
  let sweeping = true;
  const writer = (async () => {
    for (let n = 0; sweeping; n++) {
      const w0 = performance.now();
      await pool.query(
        `INSERT INTO inbox (platform, delivery_id, payload, received_at) VALUES ('slack', $1, '{}', now())`,
        [`during-${n}`],
      );
      waits.push(performance.now() - w0);
      await new Promise((r) => setTimeout(r, 10));
    }
  })();
  try {
    const start = performance.now();
    const removed = await new RetentionService(store, systemClock).sweep();
    const took = performance.now() - start;
    sweeping = false;
    await writer;
    waits.sort((a, b) => a - b);
    const p99 = waits[Math.floor(waits.length * 0.99)] ?? 0;
    return `  retention's first sweep: removed ${removed.inbox} inbox and ${removed.outbox} outbox rows in ${(took / 1000).toFixed(1)} s; a delivery written meanwhile waited ${p99.toFixed(1)} ms (p99 of ${waits.length}), ${waits.at(-1)!.toFixed(1)} ms at most`;
  } finally {
    sweeping = false;
    await store.close();
  }
}

/** Records the timed migrations as drizzle's migrator would, so a store opened next finds nothing to do. */
async function markApplied(pool: pg.Pool): Promise<void> {
  const journal = JSON.parse(readFileSync(join(MIGRATIONS, 'meta/_journal.json'), 'utf8')) as {
    entries: { tag: string; when: number }[];
  };
  for (const e of journal.entries.filter((x) => TIMED.some((t) => t.file === `${x.tag}.sql`)))
    await pool.query('INSERT INTO drizzle.__drizzle_migrations (hash, created_at) VALUES ($1, $2)', [
      e.tag,
      e.when,
    ]);
}

/** Applies the migrations before `first`, from a copy of the folder whose journal ends there. */
async function migrateBefore(pool: pg.Pool, folder: string, first: string): Promise<void> {
  cpSync(MIGRATIONS, folder, { recursive: true });
  const journalFile = join(folder, 'meta/_journal.json');
  const journal = JSON.parse(readFileSync(journalFile, 'utf8')) as { entries: { tag: string }[] };
  const cut = journal.entries.findIndex((e) => `${e.tag}.sql` === first);
  journal.entries = journal.entries.slice(0, cut);
  writeFileSync(journalFile, JSON.stringify(journal));
  await migrate(drizzle({ client: pool }), { migrationsFolder: folder });
}

async function fill(pool: pg.Pool): Promise<void> {
  await pool.query(`INSERT INTO persons (id, email, name) VALUES ('p1', 'p1@acme.example', 'P')`);
  await pool.query(`INSERT INTO tickets (key, department, request_type, summary, requester_id, status,
      status_category, priority, fields, created_at, updated_at)
    SELECT 'IT-' || g, 'it', 'laptop-problem', 'Laptop screen flickers after the update ' || g, 'p1', 'open',
      'open', 'medium', jsonb_build_object('device', 'Laptop', 'description', 'It flickers when I open the lid, ' || g),
      now(), now()
    FROM generate_series(1, ${ROWS}) g`);
  await pool.query(`INSERT INTO inbox (platform, delivery_id, payload, received_at, processed_at)
    SELECT 'slack', 'Ev' || g, jsonb_build_object('conversation', jsonb_build_object('id', 'slack:T1:D1:' || g),
      'text', 'hello ' || g), now() - make_interval(days => g % 60), now() - make_interval(days => g % 60)
    FROM generate_series(1, ${ROWS}) g`);
  await pool.query(`INSERT INTO outbox (topic, payload, created_at, state, attempts, next_attempt_at, delivered_at)
    SELECT 'message', jsonb_build_object('conversationId', 'slack:T1:D1:' || g, 'message', '{"parts":[]}'::jsonb),
      now() - make_interval(days => g % 60), 'delivered', 1, now(), now()
    FROM generate_series(1, ${ROWS}) g`);
  await pool.query('VACUUM ANALYZE');
}

const ms = (since: number) => `${((performance.now() - since) / 1000).toFixed(1)} s`;
