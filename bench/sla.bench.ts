import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getCreateIndexesSQL, getCreateTableSQL } from '@agendajs/postgres-backend';
import { sql } from 'drizzle-orm';
import { webConversation } from '../adapters/web/web.channel.js';
import type { DeskConfig } from '../src/config/desk.schema.js';
import { systemClock } from '../src/ports/clock.port.js';
import { schedulerDatabaseOf, startScheduler } from '../src/scheduler/sla.scheduler.js';
import { type OpenStore, openStore } from '../src/store/store.js';
import { sampleDesk } from './sample-desk.js';
import { fmt, percentile } from './stats.js';

/*
 * SLA timers at scale: TICKETS open tickets with a running first-response clock and a timer job each,
 * BREACHING of them due within the same minute. The rows (tickets, their created events, clocks, ledger
 * and Agenda jobs) are written with bulk SQL, not through the API, to keep the setup fast; the pings
 * then go the real way: Agenda fires, the job recomputes from the events, the ledger and outbox are
 * written, the outbox delivers to the managers' web chat. Lateness = ledger fired_at - due time.
 */

const TICKETS = Number(process.env.BENCH_SLA_TICKETS ?? 100_000);
const BREACHING = Number(process.env.BENCH_SLA_BREACHING ?? 1000);
/** The breaches are spread evenly over this minute, which starts once everything is in place. */
const WINDOW_MS = 60_000;
const LEAD_MS = 15_000;
const HOUR_MS = 3_600_000;

/** The sample desk with a 24/7 calendar and a one-hour first-response goal on laptop problems. */
function benchConfig(sample: DeskConfig): DeskConfig {
  const day = ['00:00-24:00'];
  return {
    ...sample,
    calendars: [
      ...sample.calendars,
      {
        id: 'always',
        name: 'Around the clock',
        timezone: 'UTC',
        hours: { mon: day, tue: day, wed: day, thu: day, fri: day, sat: day, sun: day },
        holidays: [],
      },
    ],
    slaPolicies: [
      ...sample.slaPolicies,
      {
        id: 'bench',
        name: 'Bench',
        calendar: 'always',
        nearBreachAt: 0.75,
        pause: { categories: ['waiting'], statuses: [] },
        metrics: [{ metric: 'first_response', goals: [{ target: '1h' }] }],
      },
    ],
    departments: sample.departments.map((d) => ({
      ...d,
      requestTypes: d.requestTypes.map((t) => (t.id === 'laptop-problem' ? { ...t, slaPolicy: 'bench' } : t)),
    })),
  };
}

/** Writes the bench's tickets, events, clocks, ledger rows and Agenda jobs; returns when the minute starts. */
export async function loadSlaBench(store: OpenStore): Promise<{ windowStart: number; setupSeconds: number }> {
  const { rita } = await benchDesk(store);
  const db = store.database.db;
  const setupStart = performance.now();
  const windowStart = Date.now() + LEAD_MS + Math.ceil(TICKETS / 10_000) * 1500; // leave time for the setup
  const start = new Date(windowStart).toISOString();
  await db.execute(sql`
    INSERT INTO tickets (key, department, request_type, summary, requester_id, status, status_category,
      priority, fields, created_at, updated_at)
    SELECT 'SLA-' || g, 'it', 'laptop-problem', 'Laptop or desktop problem: bench', ${rita.id}, 'open', 'open',
      'medium', '{"device":"Laptop","description":"bench"}'::jsonb, c, c
    FROM generate_series(1, ${TICKETS}) g,
      LATERAL (SELECT CASE WHEN g <= ${BREACHING}
        THEN ${start}::timestamptz + (g - 1) * ${WINDOW_MS / BREACHING} * interval '1 millisecond' - interval '1 hour'
        ELSE now() - interval '10 minutes' END AS c) t`);
  await db.execute(sql`
    INSERT INTO domain_events (ticket_id, type, actor_id, at, payload)
    SELECT id, 'ticket.created', requester_id, created_at, jsonb_build_object('requestType', request_type,
      'department', department, 'requesterId', requester_id, 'priority', priority, 'status', status, 'ticketKey', key)
    FROM tickets WHERE key LIKE 'SLA-%'`);
  // Every clock runs; the breaching ones are past their near breach (pinged already), the others before it.
  await db.execute(sql`
    INSERT INTO sla_clocks (ticket_id, metric, cycle, policy, calendar, goal_ms, elapsed_ms, started_at, paused,
      breached, due_at, near_breach_at, log, updated_at, timer_at)
    SELECT id, 'first_response', 0, 'bench', 'always', ${HOUR_MS}, 0, created_at, false, false,
      created_at + interval '1 hour', created_at + interval '45 minutes', '[]'::jsonb, now(),
      CASE WHEN created_at + interval '45 minutes' > now() THEN created_at + interval '45 minutes'
        ELSE created_at + interval '1 hour' END
    FROM tickets WHERE key LIKE 'SLA-%'`);
  await db.execute(sql`
    INSERT INTO sla_pings (ticket_id, metric, cycle, threshold, fired_at, due_at)
    SELECT ticket_id, metric, cycle, 'near_breach', near_breach_at, near_breach_at FROM sla_clocks
    WHERE near_breach_at <= now()`);
  await db.execute(sql.raw(getCreateTableSQL('agenda_jobs')));
  for (const statement of getCreateIndexesSQL('agenda_jobs')) await db.execute(sql.raw(statement));
  await db.execute(sql`
    INSERT INTO agenda_jobs (name, priority, next_run_at, type, data)
    SELECT 'sla-timer', 0, timer_at, 'normal', jsonb_build_object('ticketId', ticket_id) FROM sla_clocks`);
  await db.execute(sql`ANALYZE`);
  return { windowStart, setupSeconds: (performance.now() - setupStart) / 1000 };
}

function benchDesk(store: OpenStore) {
  return sampleDesk(store, { adjust: benchConfig });
}

/**
 * The server run: loads through this process's store, then measures in a process of its own (as a
 * service runs), so the figure is not this bench process's memory from the parts before it.
 */
export async function benchSlaServer(store: OpenStore, url: string, label: string): Promise<string[]> {
  const { windowStart, setupSeconds } = await loadSlaBench(store);
  try {
    const out = await child(['run', url, String(windowStart), String(setupSeconds), label]);
    return out.trim().split('\n');
  } catch (err) {
    return [`${label}: SLA timers failed (${(err as Error).message})`];
  }
}

/** Starts the scheduler and the outbox over the loaded store and measures until every breach pinged. */
export async function runSlaBench(
  store: OpenStore,
  label: string,
  windowStart: number,
  setupSeconds: number,
): Promise<string[]> {
  const { desk } = await benchDesk(store);
  desk.notices.registerRoute('web', async (p) => webConversation(p.id));
  desk.outbox.registerChannel({ platform: 'web', deliver: async () => ({}) });
  const db = store.database.db;
  const baseRss = process.memoryUsage().rss;
  let peakRss = baseRss;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 100);
  const scheduler = await startScheduler({
    sla: desk.sla,
    clock: systemClock,
    database: schedulerDatabaseOf(store.database),
  });
  desk.outbox.start();
  const deadline = windowStart + WINDOW_MS + 60_000;
  let done = 0;
  while (Date.now() < deadline) {
    const r = (await db.execute(
      sql`SELECT count(*)::int AS n FROM sla_pings WHERE threshold = 'breached'`,
    )) as unknown as { rows: { n: number }[] };
    done = Number(r.rows[0]!.n);
    if (done >= BREACHING) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  await scheduler.drain();
  await desk.outbox.stop();
  clearInterval(sampler);
  const r = (await db.execute(sql`
    SELECT EXTRACT(EPOCH FROM (fired_at - due_at)) * 1000 AS late FROM sla_pings WHERE threshold = 'breached'`)) as unknown as {
    rows: { late: unknown }[];
  };
  const late = r.rows.map((x) => Number(x.late)).sort((a, b) => a - b);
  const s = (ms: number) => `${fmt(ms / 1000, 3)} s`;
  return [
    `${label}: SLA timers, ${fmt(TICKETS)} running clocks, ${fmt(BREACHING)} breaching in one minute (bulk SQL setup ${fmt(setupSeconds, 1)} s)`,
    `${label}: breach pings ${fmt(done)}/${fmt(BREACHING)}, late after due p50 ${s(percentile(late, 50))}, p99 ${s(percentile(late, 99))}, max ${s(late[late.length - 1] ?? Number.NaN)} (target p99 < 1 s)`,
    `${label}: process memory peak rss ${fmt(peakRss / 2 ** 20)} MB (target < 500 MB; ${fmt(baseRss / 2 ** 20)} MB with the store open, before the scheduler started)`,
  ];
}

/**
 * The embedded run as a service meets it: one process loads the data (PGlite's initdb and the bulk
 * SQL leave that process ~450 MB larger for good), then the measured process opens the data directory,
 * as a service does after a restart, and runs the scheduler and the outbox.
 */
export async function benchSlaEmbedded(): Promise<string[]> {
  const dataDir = await mkdtemp(join(tmpdir(), 'deskbot-bench-sla-'));
  try {
    const loaded = JSON.parse((await child(['load', dataDir])).trim()) as {
      windowStart: number;
      setupSeconds: number;
    };
    const out = await child(['run', dataDir, String(loaded.windowStart), String(loaded.setupSeconds)]);
    return out.trim().split('\n');
  } catch (err) {
    return [`PGlite    : SLA timers failed (${(err as Error).message})`];
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

async function child(args: string[]): Promise<string> {
  const proc = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  proc.stdout.on('data', (c) => {
    out += c;
  });
  const code = await new Promise<number | null>((done) => proc.on('close', done));
  if (code !== 0) throw new Error(`${args[0]} exited with ${code}`);
  return out;
}

// The child processes: load (embedded), run (a data directory, or a server's URL).
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [, , step, where, windowStart, setupSeconds, label] = process.argv;
  const store = await openStore(where!.startsWith('postgres') ? { url: where! } : { dataDir: where! });
  const out =
    step === 'load'
      ? JSON.stringify(await loadSlaBench(store))
      : (await runSlaBench(store, label ?? 'PGlite    ', Number(windowStart), Number(setupSeconds))).join(
          '\n',
        );
  await store.close();
  process.stdout.write(`${out}\n`);
  process.exit(0);
}
