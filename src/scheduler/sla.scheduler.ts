import { hostname } from 'node:os';
import { PostgresBackend } from '@agendajs/postgres-backend';
import type { PGlite } from '@electric-sql/pglite';
import { Agenda } from 'agenda';
import pg from 'pg';
import type { SlaService } from '../core/sla/sla.service.js';
import type { Clock } from '../ports/clock.port.js';
import type { SlaTimers } from '../ports/sla-timer.port.js';
import type { Database } from '../store/database.js';
import { openPgliteBridge, type PgliteBridge } from './pglite.bridge.js';
import { runSlaSweep, runSlaTimer, SLA_SWEEP_JOB, SLA_TIMER_JOB, type SlaTimerData } from './sla.jobs.js';

/** Where Agenda keeps its jobs: the PostgreSQL server, or the embedded PGlite through a local socket. */
export type SchedulerDatabase = { url: string } | { pglite: PGlite };

/** Agenda's database for the store's: the same PGlite instance, or the same server. */
export function schedulerDatabaseOf(database: Database): SchedulerDatabase {
  const client = (database.db as unknown as { $client: unknown }).$client;
  if (database.kind === 'pglite') return { pglite: client as PGlite };
  return { url: (client as { options: { connectionString: string } }).options.connectionString };
}

export interface SchedulerOptions {
  sla: SlaService;
  /**
   * Other recurring work on the same Agenda (automation rules' sweep, report rollups): each runs on one
   * instance at a time, every `everyMs`.
   */
  /** Jobs run every `everyMs`; a frequent sweep's lock is short (SWEEP_LOCK_LIFETIME_MS). */
  recurring?: { job: string; everyMs: number; run: () => Promise<unknown>; lockLifetimeMs?: number }[];
  /** The desk's clock: timers are set in its time and converted to the wall clock Agenda runs on. */
  clock: Clock;
  database: SchedulerDatabase;
  /** Names this instance in Agenda's lock columns. */
  name?: string;
  /** How often Agenda looks for jobs due soon (ms); jobs are then run on their own timers. */
  processEvery?: number;
  /** How often the sweep looks for thresholds a crash left behind (ms). */
  sweepEvery?: number;
  /** How long the sweep's lock holds an instance that died running it (ms; tests shorten it). */
  sweepLockLifetime?: number;
  onError?: (err: unknown) => void;
}

/** The SLA scheduler: timers for the SLA service, readiness for /readyz, and drain on SIGTERM. */
export interface SlaScheduler extends SlaTimers {
  ready(): Promise<boolean>;
  /** Waits for running jobs and stops (never stop(), which hands running jobs to peers to run again). */
  drain(timeoutMs?: number): Promise<void>;
}

/** A crashed worker's timer is picked again after this; the sweep usually finds its ping sooner. */
const LOCK_LIFETIME_MS = 2 * 60_000;
/**
 * A sweep that runs every few seconds is short, and is what finds the work a killed instance left: one
 * it locked ahead of its time (just before a SIGKILL) must not wait out LOCK_LIFETIME_MS. Sweeps are
 * idempotent, so a peer running one again is harmless.
 */
export const SWEEP_LOCK_LIFETIME_MS = 20_000;

export async function startScheduler(o: SchedulerOptions): Promise<SlaScheduler> {
  let bridge: PgliteBridge | null = null;
  let url: string;
  if ('pglite' in o.database) {
    bridge = await openPgliteBridge(o.database.pglite);
    url = bridge.url;
  } else url = o.database.url;
  // Agenda makes its tables (from the backend's construction on) and the recurring jobs, neither
  // atomically: instances starting at once (a rolling upgrade) would collide on the catalog, or make
  // a recurring job twice. One instance at a time, then.
  const starting = await startLock(bridge ? null : url);
  // Unique among instances (containers all run as pid 1): a stop unlocks the jobs under this name.
  const name = o.name ?? `deskbot-${hostname()}-${process.pid}`;
  const backend = new PostgresBackend({
    poolConfig: { connectionString: url, max: bridge ? 3 : 5 },
    // NOTIFY through the socket would reach whichever client's query is running: poll on PGlite.
    disableNotifications: bridge !== null,
  });
  const agenda = new Agenda({
    backend,
    name,
    processEvery: o.processEvery ?? 5000,
    maxConcurrency: 20,
    defaultLockLifetime: LOCK_LIFETIME_MS,
    removeOnComplete: true,
  });
  agenda.on('error', (err) => o.onError?.(err));
  agenda.on('fail', (err) => o.onError?.(err));
  agenda.define<SlaTimerData>(SLA_TIMER_JOB, (job) => runSlaTimer(o.sla, job.attrs.data), {
    concurrency: 10,
  });
  agenda.define(
    SLA_SWEEP_JOB,
    async () => {
      await runSlaSweep(o.sla);
    },
    { concurrency: 1, lockLifetime: o.sweepLockLifetime ?? SWEEP_LOCK_LIFETIME_MS },
  );
  for (const r of o.recurring ?? []) {
    agenda.define(
      r.job,
      async () => {
        await r.run();
      },
      { concurrency: 1, lockLifetime: r.lockLifetimeMs ?? LOCK_LIFETIME_MS },
    );
  }
  await agenda.start();
  await agenda.every(o.sweepEvery ?? 30_000, SLA_SWEEP_JOB);
  for (const r of o.recurring ?? []) await agenda.every(r.everyMs, r.job);
  await starting.release();
  let draining = false;

  const scheduler: SlaScheduler = {
    async at(when, ticketId) {
      // Agenda runs on the wall clock: keep the distance from the desk's now.
      const runAt = new Date(Date.now() + Math.max(0, when.getTime() - o.clock.now().getTime()));
      await agenda.create<SlaTimerData>(SLA_TIMER_JOB, { ticketId }).schedule(runAt).save();
    },
    async ready() {
      if (draining) return false;
      // No timeout here: /readyz tells a slow answer (busy) from a stuck one (src/http/readiness.ts).
      await agenda.db.getQueueSize();
      return true;
    },
    async drain(timeoutMs = 10_000) {
      if (draining) return;
      draining = true;
      o.sla.useTimers(null);
      if (await drainAgenda(agenda, timeoutMs)) await unlockOwn(agenda, name);
      await backend.disconnect();
      await bridge?.close();
    },
  };
  o.sla.useTimers(scheduler);
  return scheduler;
}

/**
 * agenda.drain(), ended as soon as no job runs: Agenda 6.2 can miss its own last 'complete' (the job
 * leaves the running list after the event) and would wait out the whole timeout. True when no job runs.
 */
async function drainAgenda(agenda: Agenda, timeoutMs: number): Promise<boolean> {
  const done = new AbortController();
  const timer = setTimeout(() => done.abort(), timeoutMs);
  let idle = false;
  const poll = setInterval(() => {
    agenda
      .getRunningStats()
      .then((s) => {
        idle = s.runningJobs === 0;
        if (idle) done.abort();
      })
      .catch(() => done.abort());
  }, 50);
  try {
    const result = await agenda.drain({ signal: done.signal, closeConnection: false });
    return idle || result.running === 0;
  } finally {
    clearTimeout(timer);
    clearInterval(poll);
  }
}

/**
 * Jobs this instance locked ahead of their time (Agenda locks what is due within `processEvery`) and
 * will not run now: unlocked, so a peer runs them when due, not after the lock's lifetime. drain()
 * leaves them locked; stop() would too once drain() ran. Called only when none of ours runs.
 */
async function unlockOwn(agenda: Agenda, name: string): Promise<void> {
  const jobs = agenda.db as unknown as { pool: pg.Pool; tableName: string };
  await jobs.pool
    .query(
      `UPDATE "${jobs.tableName}" SET locked_at = NULL WHERE last_modified_by = $1 AND locked_at IS NOT NULL`,
      [name],
    )
    .catch(() => {}); // best effort: the lock's lifetime frees them anyway
}

/** An advisory lock on a connection of its own, on the server (null: PGlite, one process). */
async function startLock(url: string | null): Promise<{ release(): Promise<void> }> {
  if (!url) return { release: async () => {} };
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => {});
  await client.connect();
  await client.query("SELECT pg_advisory_lock(hashtext('deskbot_agenda_start'))");
  // The lock goes with the connection, also if start-up fails before the release.
  return { release: () => client.end().catch(() => {}) };
}
