import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { type OpenStore, openStore } from '../src/store/store.js';
import { workerDatabaseUrl } from '../test/support/test-store.js';
import { sampleDesk } from './sample-desk.js';
import { fmt, percentile } from './stats.js';

const CLIENTS = Number(process.env.BENCH_API_CLIENTS ?? 100);
const PER_CLIENT = Number(process.env.BENCH_API_PER_CLIENT ?? 5);
const ROUNDS = 3;

type Target = { kind: 'pglite' } | { kind: 'postgres'; serverUrl: string };

/**
 * End-to-end ticket creation as a client sees it: the service as users run it (`src/main.ts` in a
 * process of its own, with its SLA scheduler and outbox dispatcher), CLIENTS clients each creating
 * PER_CLIENT tickets one after another through POST /api/v1/tickets, three rounds. Beside it, in the
 * same run and on the same store, the core's own create rate at the same concurrency. On the server,
 * transactions per created ticket come from pg_stat_database, counted until the outbox has drained
 * (SLA clocks and their timers included). /readyz is polled throughout.
 */
export async function benchApiCreate(target: Target, label: string): Promise<string[]> {
  const dataDir = await mkdtemp(join(tmpdir(), 'deskbot-bench-api-'));
  const url = target.kind === 'postgres' ? await workerDatabaseUrl(target.serverUrl, 'bench_api') : undefined;
  const open = () => openStore(url ? { url } : { dataDir });
  try {
    // The core alone first (the embedded store takes one process at a time), and a token for the clients.
    const store = await open();
    const { desk } = await sampleDesk(store);
    const token = (await desk.people.createToken('rita@acme.example', 'bench')).token;
    const core = await coreRate(store);
    await store.close();

    const service = await startService(url ? { DATABASE_URL: url } : { DATA_DIR: dataDir });
    const counter = url ? new TransactionCounter(url) : undefined;
    try {
      await burst(service.base, token, CLIENTS, PER_CLIENT); // warm-up: plans, JIT, connections
      await settle(counter);
      const rounds: Burst[] = [];
      for (let r = 0; r < ROUNDS; r++) {
        const before = await counter?.count();
        const result = await burst(service.base, token, CLIENTS, PER_CLIENT);
        await settle(counter);
        const after = await counter?.count();
        rounds.push({
          ...result,
          transactions: before !== undefined && after !== undefined ? after - before : undefined,
        });
      }
      return report(label, core, rounds);
    } finally {
      await counter?.close();
      await service.stop();
    }
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

/**
 * Lets the outbox work off a burst (SLA clocks) before the next: on the server until it has drained; the
 * embedded store is the service's alone, so there a pause long enough for it (~0.3 s per 500 tickets).
 */
async function settle(counter: TransactionCounter | undefined): Promise<void> {
  if (counter) await counter.drained();
  else await new Promise((r) => setTimeout(r, 3000));
}

interface Burst {
  perSecond: number;
  latencies: number[];
  failed: number;
  readyPolls: number;
  notReady: number;
  transactions?: number;
}

/**
 * The core's create rate, in process: one caller at a time (the `ticket` part's figure, the baseline the
 * hardening issue named) and at the API's concurrency (CLIENTS callers, PER_CLIENT creates each).
 */
async function coreRate(store: OpenStore): Promise<{ sequential: number; concurrent: number }> {
  const { desk, rita } = await sampleDesk(store);
  const create = (i: number) =>
    desk.tickets.create(rita, {
      requestType: 'laptop-problem',
      fields: { device: 'Laptop', description: `Screen flickers, core ${i}` },
    });
  const run = async (callers: number) => {
    const each = (CLIENTS * PER_CLIENT) / callers;
    const start = performance.now();
    await Promise.all(
      Array.from({ length: callers }, async (_, c) => {
        for (let i = 0; i < each; i++) await create(c * each + i);
      }),
    );
    return (CLIENTS * PER_CLIENT) / ((performance.now() - start) / 1000);
  };
  const median = async (callers: number) => {
    await run(callers); // warm-up
    const rates: number[] = [];
    for (let r = 0; r < ROUNDS; r++) rates.push(await run(callers));
    return rates.sort((a, b) => a - b)[1]!;
  };
  return { sequential: await median(1), concurrent: await median(CLIENTS) };
}

async function burst(
  base: string,
  token: string,
  clients: number,
  perClient: number,
): Promise<Omit<Burst, 'transactions'>> {
  const latencies: number[] = [];
  let failed = 0;
  let readyPolls = 0;
  let notReady = 0;
  let running = true;
  const polling = (async () => {
    while (running) {
      const res = await fetch(`${base}/readyz`).catch(() => null);
      readyPolls++;
      if (res?.status !== 200) notReady++;
      await res?.arrayBuffer();
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  const start = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async (_, c) => {
      for (let i = 0; i < perClient; i++) {
        const t0 = performance.now();
        const body = JSON.stringify({
          requestType: 'laptop-problem',
          fields: { device: 'Laptop', description: `Screen flickers, client ${c} ticket ${i}` },
        });
        const status = await post(base, '/api/v1/tickets', token, body).catch(() => 0);
        latencies.push(performance.now() - t0);
        if (status !== 201) failed++;
      }
    }),
  );
  const perSecond = (clients * perClient) / ((performance.now() - start) / 1000);
  running = false;
  await polling;
  return { perSecond, latencies: latencies.sort((a, b) => a - b), failed, readyPolls, notReady };
}

/**
 * The clients speak node:http with keep-alive: fetch costs the client ~3× the CPU per request, which on
 * two cores is taken from the service being measured.
 */
const agent = new http.Agent({ keepAlive: true, maxSockets: 1000 });

function post(base: string, path: string, token: string, body: string): Promise<number> {
  const { hostname, port } = new URL(base);
  return new Promise((done, fail) => {
    const req = http.request(
      {
        host: hostname,
        port,
        path,
        method: 'POST',
        agent,
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => done(res.statusCode ?? 0));
      },
    );
    req.on('error', fail);
    req.end(body);
  });
}

function report(label: string, core: { sequential: number; concurrent: number }, rounds: Burst[]): string[] {
  const n = CLIENTS * PER_CLIENT;
  const range = (xs: number[], digits = 0) =>
    `${fmt(Math.min(...xs), digits)}–${fmt(Math.max(...xs), digits)}`;
  const rates = rounds.map((r) => r.perSecond);
  const p50 = rounds.map((r) => percentile(r.latencies, 50));
  const p99 = rounds.map((r) => percentile(r.latencies, 99));
  const ratio = (base: number) =>
    range(
      rounds.map((r) => (r.perSecond / base) * 100),
      1,
    );
  const lines = [
    `${label}: API create, ${CLIENTS} clients × ${PER_CLIENT} (${ROUNDS} rounds)  ${range(rates)} tickets/s, p50 ${range(p50, 1)} ms, p99 ${range(p99, 1)} ms  (target p99 < 250 ms)`,
    `${label}: core create, in process  ${fmt(core.sequential)} tickets/s one at a time, ${fmt(core.concurrent)} at ${CLIENTS} callers; API / core ${ratio(core.sequential)}% and ${ratio(core.concurrent)}%  (target >= 50%)`,
    `${label}: API create failures ${rounds.reduce((s, r) => s + r.failed, 0)} of ${n * ROUNDS}; /readyz not 200 in ${rounds.reduce((s, r) => s + r.notReady, 0)} of ${rounds.reduce((s, r) => s + r.readyPolls, 0)} polls`,
  ];
  const tx = rounds.flatMap((r) => (r.transactions === undefined ? [] : [r.transactions / n]));
  if (tx.length > 0)
    lines.push(
      `${label}: transactions per created ticket ${range(tx, 1)} (pg_stat_database, until the outbox drained)`,
    );
  return lines;
}

/** Transactions committed or rolled back in one database, and whether its outbox has drained. */
class TransactionCounter {
  private readonly client: pg.Client;
  private connected: Promise<unknown>;
  private readonly name: string;

  constructor(url: string) {
    this.name = new URL(url).pathname.slice(1);
    // Counted from the server's own database, so these statements do not count themselves.
    const admin = new URL(url);
    admin.pathname = '/postgres';
    this.client = new pg.Client({ connectionString: admin.toString() });
    this.connected = this.client.connect();
    this.work = new pg.Client({ connectionString: url });
    this.workConnected = this.work.connect();
  }

  private readonly work: pg.Client;
  private readonly workConnected: Promise<unknown>;

  async count(): Promise<number> {
    await this.connected;
    // Statistics reach pg_stat_database when a backend reports (at most every second when busy).
    await new Promise((r) => setTimeout(r, 1100));
    await this.client.query('SELECT pg_stat_clear_snapshot()');
    const r = await this.client.query<{ n: string }>(
      'SELECT xact_commit + xact_rollback AS n FROM pg_stat_database WHERE datname = $1',
      [this.name],
    );
    return Number(r.rows[0]!.n);
  }

  /** Waits until every outbox row is delivered or finished, and no SLA work is pending. */
  async drained(): Promise<void> {
    await this.workConnected;
    for (;;) {
      const r = await this.work.query<{ n: string }>(
        `SELECT count(*) AS n FROM outbox WHERE state = 'pending'`,
      );
      if (Number(r.rows[0]!.n) === 0) return;
      await new Promise((res) => setTimeout(res, 200));
    }
  }

  async close(): Promise<void> {
    await Promise.all([this.client.end(), this.work.end()]);
  }
}

/** `src/main.ts` as a process of its own (tsx, no build step), on port 0; resolves once it listens. */
async function startService(env: Record<string, string>) {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      WEB_DEMO_IDENTITIES: 'off',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let logs = '';
  const exited = new Promise<void>((done) => child.on('close', () => done()));
  const port = await new Promise<number>((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`the service did not start:\n${logs}`)), 60_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      logs += chunk.toString();
      const m = /is listening on http:\/\/localhost:(\d+)/.exec(logs);
      if (m) {
        clearTimeout(timer);
        done(Number(m[1]));
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => {
      logs += chunk.toString();
    });
    void exited.then(() => fail(new Error(`the service exited:\n${logs}`)));
  });
  return {
    base: `http://127.0.0.1:${port}`,
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}
