import { type ChildProcess, fork } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { buildService, ROOT, type Service, startService } from '../test/support/built-service.js';
import { dropDatabase, workerDatabaseUrl } from '../test/support/test-store.js';
import { next } from './child.js';
import type { LoadMark, LoadResult } from './instances.load.js';
import { fmt, percentile } from './stats.js';

const SECONDS = Number(process.env.BENCH_INSTANCES_SECONDS ?? 10);
const IN_FLIGHT = Number(process.env.BENCH_INSTANCES_IN_FLIGHT ?? 32);
const USERS = Number(process.env.BENCH_INSTANCES_USERS ?? 48);
const RUNS = Number(process.env.BENCH_INSTANCES_RUNS ?? 3);
const SECRET = 'bench-instances-signing-secret';
/** Where each run's instance logs are kept (replaced by the next bench). */
const LOGS = join(ROOT, 'test-artifacts/bench-instances-logs');

/** A run's figures, and what was odd in it. */
interface Run extends LoadResult {
  instances: number;
  /** CPU time over the steady window, in ms: the instances', and every process's on the machine. */
  instancesCpuMs: number;
  /** Every PostgreSQL process's (the server's, whichever database). */
  postgresCpuMs: number;
  machineCpuMs: number;
  connections: { ours: number; all: number; max: number };
  /** Transactions in the run's database over the steady window (pg_stat_database). */
  transactions: number;
  /** Warn and error lines the instances logged, and a few of them. */
  logged: number;
  samples: string[];
}

/**
 * Scaling out: turns/s with one built Deskbot instance, then two, on the same PostgreSQL server, each run
 * on a fresh database of its own. The load is Slack's: signed DMs from USERS people (each linked to a
 * person on first contact), IN_FLIGHT at a time in a closed loop (a person's next DM, in a new thread,
 * when the reply to the last arrived), sent to the instances in turn; a turn ends when the bot's reply
 * reaches the fake Slack in the DM's thread. Runs alternate one, two, one, two, ... so a drift of the
 * machine shows in both. The fake Slack and the sender run in a child process (instances.load.ts).
 * Beside turns/s: CPU per turn and in cores over the window (Deskbot, PostgreSQL, the fake Slack and
 * sender, and the rest of the machine: other work there shows run by run), and transactions per turn.
 */
export async function benchInstances(serverUrl: string, label: string): Promise<string[]> {
  try {
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.end();
  } catch (err) {
    return [`${label}: instances skipped (${(err as Error).message})`];
  }
  const dist = await buildService('test-artifacts/bench-instances-dist');
  rmSync(LOGS, { recursive: true, force: true });
  const load = fork(fileURLToPath(new URL('./instances.load.ts', import.meta.url)), {
    execArgv: ['--import', 'tsx'],
    env: {
      ...process.env,
      INSTANCES_LOAD: JSON.stringify({ users: USERS, secret: SECRET, replyTimeoutMs: 30_000 }),
    },
  });
  try {
    const { apiUrl } = await next<{ apiUrl: string }>(load);
    const runs: Run[] = [];
    for (let r = 1; r <= RUNS; r++)
      for (const instances of [1, 2]) runs.push(await once(r, dist, serverUrl, apiUrl, load, instances));
    return report(label, runs);
  } finally {
    if (load.connected) load.send({ stop: true });
    await new Promise<void>((done) =>
      load.exitCode !== null || load.signalCode !== null ? done() : load.once('exit', () => done()),
    );
  }
}

/**
 * One run: a fresh database, `instances` started on it, the load, the instances stopped (their logs
 * kept in LOGS), the database dropped.
 */
async function once(
  run: number,
  dist: string,
  serverUrl: string,
  apiUrl: string,
  load: ChildProcess,
  instances: number,
): Promise<Run> {
  const url = await workerDatabaseUrl(serverUrl, `bench_inst_${instances}_${process.pid}`);
  const name = new URL(url).pathname.slice(1);
  const started: Service[] = [];
  let figures: Omit<Run, 'logged' | 'samples'> | undefined;
  try {
    // One after another: the figure is the turns, not the start.
    for (let i = 0; i < instances; i++)
      started.push(
        await startService(dist, {
          DATABASE_URL: url,
          SLACK_BOT_TOKEN: 'xoxb-bench',
          SLACK_SIGNING_SECRET: SECRET,
          SLACK_API_URL: apiUrl,
          // Production's level (the "listening" line startService waits for is at info); requests that
          // went well are logged at debug, so this costs little.
          LOG_LEVEL: 'info',
          WEB_DEMO_IDENTITIES: 'off',
        }),
      );
    const messages = inbox(load);
    load.send({ bases: started.map((s) => s.base), seconds: SECONDS, inFlight: IN_FLIGHT });
    await messages.next<LoadMark>();
    const before = { instances: cpuOf(started), postgres: postgresCpu(), machine: machineCpu() };
    const server = await watchServer(serverUrl, name);
    const transactions = await server.transactions();
    await messages.next<LoadMark>();
    const after = { instances: cpuOf(started), postgres: postgresCpu(), machine: machineCpu() };
    // A busy backend reports its transactions within a second: the count's window is as long, if late.
    const windowTransactions = (await server.transactions()) - transactions;
    const connections = await server.connections();
    await server.close();
    const result = await messages.next<LoadResult>();
    messages.close();
    figures = {
      ...result,
      instances,
      instancesCpuMs: after.instances - before.instances,
      postgresCpuMs: [...after.postgres].reduce(
        (sum, [pid, ms]) => sum + ms - (before.postgres.get(pid) ?? 0),
        0,
      ),
      machineCpuMs: after.machine - before.machine,
      connections,
      transactions: windowTransactions,
    };
  } finally {
    await Promise.all(started.map((s) => s.stop()));
    await dropDatabase(serverUrl, url);
    mkdirSync(LOGS, { recursive: true });
    for (const [i, s] of started.entries())
      writeFileSync(join(LOGS, `run${run}-${instances}-of-${instances}-${i + 1}.log`), s.logs());
  }
  const odd = started.flatMap((s) => oddLines(s.logs()));
  return { ...figures, logged: odd.length, samples: odd.slice(0, 3) };
}

/** The run's database as the server sees it, on a connection of its own to the server's database. */
async function watchServer(serverUrl: string, name: string) {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  return {
    /** Transactions committed or rolled back in the run's database so far (pg_stat_database). */
    async transactions(): Promise<number> {
      const { rows } = await admin.query<{ n: string }>(
        'SELECT xact_commit + xact_rollback AS n FROM pg_stat_database WHERE datname = $1',
        [name],
      );
      return Number(rows[0]?.n ?? 0);
    },
    /** Connections now: the run's database's, all the server's, and the most it allows. */
    async connections(): Promise<Run['connections']> {
      const { rows } = await admin.query<Run['connections']>(
        `SELECT count(*) FILTER (WHERE datname = $1)::int AS ours, count(*)::int AS all,
                current_setting('max_connections')::int AS max
           FROM pg_stat_activity WHERE backend_type = 'client backend'`,
        [name],
      );
      return rows[0]!;
    },
    close: () => admin.end(),
  };
}

/** The load process's messages in order, one run's worth; fails if it exits meanwhile. */
function inbox(child: ChildProcess) {
  const queue: unknown[] = [];
  const waiting: { done: (m: unknown) => void; fail: (err: Error) => void }[] = [];
  const onMessage = (m: unknown) => {
    const w = waiting.shift();
    if (w) w.done(m);
    else queue.push(m);
  };
  const onExit = (code: number | null) => {
    for (const w of waiting.splice(0)) w.fail(new Error(`bench load process: exit ${code}`));
  };
  child.on('message', onMessage);
  child.on('exit', onExit);
  return {
    next<T>(): Promise<T> {
      if (queue.length > 0) return Promise.resolve(queue.shift() as T);
      if (child.exitCode !== null)
        return Promise.reject(new Error(`bench load process: exit ${child.exitCode}`));
      return new Promise<T>((done, fail) => waiting.push({ done: (m) => done(m as T), fail }));
    },
    close() {
      child.off('message', onMessage);
      child.off('exit', onExit);
    },
  };
}

/** A process's name and CPU time (user + system) in ms, from /proc (Linux); undefined when gone. */
function procCpu(pid: number | string | undefined): { name: string; ms: number } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    return { name, ms: (Number(fields[11]) + Number(fields[12])) * 10 }; // utime, stime; USER_HZ is 100
  } catch {
    return undefined;
  }
}

/** The instances' CPU time, in ms. */
function cpuOf(services: Service[]): number {
  return services.reduce((sum, s) => sum + (procCpu(s.child.pid)?.ms ?? 0), 0);
}

/** Each PostgreSQL process's CPU time, in ms, by pid (the server on this machine). */
function postgresCpu(): Map<number, number> {
  const byPid = new Map<number, number>();
  let pids: string[] = [];
  try {
    pids = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {}
  for (const pid of pids) {
    const p = procCpu(pid);
    if (p?.name === 'postgres') byPid.set(Number(pid), p.ms);
  }
  return byPid;
}

/** CPU time every process on the machine spent (all but idle and iowait), in ms, from /proc/stat. */
function machineCpu(): number {
  try {
    const [, ...ticks] = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).map(Number);
    const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = ticks;
    return (user + nice + system + irq + softirq + steal) * 10;
  } catch {
    return 0;
  }
}

/** The log lines at warn or above (pino levels 40+), and anything on stderr that is not a log line. */
function oddLines(logs: string): string[] {
  return logs.split('\n').filter((line) => {
    if (!line.trim()) return false;
    if (!line.startsWith('{')) return true;
    try {
      return ((JSON.parse(line) as { level?: number }).level ?? 0) >= 40;
    } catch {
      return true;
    }
  });
}

const word = (instances: number) => (instances === 1 ? 'one' : 'two');
/** CPU time of every other process on the machine (other work there shows in the figures); sampling jitter aside. */
const restMs = (r: Run) => Math.max(0, r.machineCpuMs - r.instancesCpuMs - r.cpuMs - r.postgresCpuMs);

function report(label: string, runs: Run[]): string[] {
  const of = (n: number) => runs.filter((r) => r.instances === n);
  const rate = (r: Run) => r.turns / r.seconds;
  const range = (xs: number[], digits = 0) =>
    `${fmt(Math.min(...xs), digits)}-${fmt(Math.max(...xs), digits)}`;
  const one = of(1);
  const two = of(2);
  // Each two-instance run against the one-instance run just before it.
  const ratios = two.map((r, i) => rate(r) / rate(one[i]!));
  const tail = (n: number) => {
    const all = of(n)
      .flatMap((r) => r.latencies)
      .sort((a, b) => a - b);
    return `${fmt(percentile(all, 50))}/${fmt(percentile(all, 99))}`;
  };
  const lines = [
    `${label} instances: one ${range(one.map(rate))} turns/s, two ${range(two.map(rate))} turns/s ` +
      `(two/one ${range(ratios, 2)}x), ${RUNS} runs of ${SECONDS} s, ${IN_FLIGHT} in flight, ${USERS} Slack users; ` +
      `p50/p99 event→reply one ${tail(1)} ms, two ${tail(2)} ms`,
    `${label} instances, per turn: ${[1, 2]
      .map((n) => {
        const per = (x: (r: Run) => number, digits: number) =>
          range(
            of(n).map((r) => x(r) / r.turns),
            digits,
          );
        return (
          `${word(n)} Deskbot CPU ${per((r) => r.instancesCpuMs, 2)} ms, PostgreSQL CPU ${per((r) => r.postgresCpuMs, 2)} ms, ` +
          `${per((r) => r.transactions, 1)} transactions`
        );
      })
      .join('; ')}`,
    `${label} instances, CPU over the window in cores (of ${availableParallelism()}): ${[1, 2]
      .map((n) => {
        const cores = (ms: (r: Run) => number) =>
          range(
            of(n).map((r) => ms(r) / (r.seconds * 1000)),
            2,
          );
        return (
          `${word(n)} Deskbot ${cores((r) => r.instancesCpuMs)}, PostgreSQL ${cores((r) => r.postgresCpuMs)}, ` +
          `fake Slack + sender ${cores((r) => r.cpuMs)}, the rest ${cores(restMs)}`
        );
      })
      .join('; ')}`,
    `${label} instances, run by run (the rest's cores): ${runs
      .map((r) => `${word(r.instances)} ${fmt(rate(r))} (${fmt(restMs(r) / (r.seconds * 1000), 2)})`)
      .join(', ')} turns/s; ` +
      `server connections as each window ended: ${runs.map((r) => r.connections.ours).join(', ')} ours, ` +
      `${range(runs.map((r) => r.connections.all))} in all, of max_connections ${runs[0]!.connections.max}`,
  ];
  const problems: string[] = [];
  for (const n of [1, 2]) {
    const refused: Record<string, number> = {};
    for (const r of of(n))
      for (const [status, count] of Object.entries(r.refused))
        refused[status] = (refused[status] ?? 0) + count;
    const statuses = Object.entries(refused).map(
      ([s, c]) => `${c}× ${s === '0' ? 'no connection' : `HTTP ${s}`}`,
    );
    const missing = of(n).reduce((sum, r) => sum + r.missing, 0);
    const extra = of(n).reduce((sum, r) => sum + r.extraReplies, 0);
    const logged = of(n).reduce((sum, r) => sum + r.logged, 0);
    const said = [
      ...statuses,
      ...(missing ? [`${missing} replies missing`] : []),
      ...(extra ? [`${extra} further replies in answered threads`] : []),
      ...(logged ? [`${logged} warn/error log lines, e.g. ${of(n).flatMap((r) => r.samples)[0]}`] : []),
    ];
    if (said.length > 0) problems.push(`${word(n)}: ${said.join(', ')}`);
  }
  if (problems.length > 0) lines.push(`${label} instances, odd: ${problems.join('; ')}`);
  return lines;
}
