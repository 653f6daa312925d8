import { sql } from 'drizzle-orm';
import type { Person } from '../src/ports/store.port.js';
import type { OpenStore } from '../src/store/store.js';
import { benchQueuePages } from './queues.bench.js';
import { DAYS, generate } from './reports.data.js';
import { sampleDesk } from './sample-desk.js';
import { fmt, measure, percentile } from './stats.js';

/*
 * Reports over two years of history on the server (the data: reports.data.ts): the first rollup as the
 * service makes it (ReportService.rollUp() until it has nothing left), then every report through
 * ReportService.run() (which checks for days to roll up first, as a request does) and the managers'
 * dashboard, against a plain count(*) over the tickets in the same run.
 */

const RUNS = Number(process.env.BENCH_REPORTS_RUNS ?? 30);
const WARMUP = 3;
const DAY_MS = 86_400_000;
const REPORT_IDS = ['volume', 'created-resolved', 'sla', 'response-times', 'csat', 'deflection', 'backlog'];

export async function benchReports(store: OpenStore, url: string, label: string): Promise<string[]> {
  const { desk, config } = await sampleDesk(store);
  const person = async (email: string): Promise<Person> => {
    const p = await store.people.byEmail(email);
    if (!p) throw new Error(`the sample desk has no ${email}`);
    return p;
  };
  const people = new Map<string, string>();
  for (const p of config.people) people.set(p.email, (await person(p.email)).id);
  const out: string[] = [];
  const ms = (n: number) => `${fmt(n, n < 10 ? 2 : 1)} ms`;

  const g = await generate(url, config, people);
  const c = g.counts;
  out.push(
    `${label}: reports, ${fmt(Number(c.tickets))} tickets over ${DAYS} days (${fmt((Number(c.done) / Number(c.tickets)) * 100, 1)}% resolved), ${fmt(Number(c.history))} history rows, ${fmt(Number(c.events))} domain events, ${fmt(Number(c.clocks))} SLA clocks, ${fmt(Number(c.surveys))} surveys, ${fmt(Number(c.kb))} KB events; database ${c.size}`,
    `${label}: reports data generated in ${fmt(g.written, 1)} s of bulk SQL (${g.steps.map(([n, s]) => `${n} ${fmt(s, 1)}`).join(', ')}), then VACUUM ANALYZE ${fmt(g.vacuum, 1)} s`,
  );

  // The first rollup, as a service starting over this history makes it: passes of up to 400 days.
  const t0 = performance.now();
  let passes = 0;
  let days = 0;
  for (;;) {
    const n = await desk.reports.rollUp();
    if (n === 0) break;
    passes++;
    days += n;
  }
  const rollupSeconds = (performance.now() - t0) / 1000;
  out.push(
    `${label}: reports first rollup ${fmt(days)} days in ${passes} passes, ${fmt(rollupSeconds, 1)} s (${ms((rollupSeconds * 1000) / Math.max(1, days))} per day)`,
  );

  const db = store.database.db;
  const baselineOnce = () => db.execute(sql`SELECT count(*) FROM tickets`);
  const sample = async (fn: () => Promise<unknown>) => {
    for (let i = 0; i < WARMUP; i++) await fn();
    return (await measure(RUNS, fn)).latencies;
  };
  const baseline = [...(await sample(baselineOnce))];
  const admin = await person('ada@acme.example');
  const agent = await person('alice@acme.example');
  const manager = await person('maria@acme.example');
  const today = new Date().toISOString().slice(0, 10);
  const fullFrom = new Date(Date.parse(today) - (DAYS - 1) * DAY_MS).toISOString().slice(0, 10);
  const ranges = [
    { name: '30 days', query: {} },
    { name: `${DAYS} days`, query: { from: fullFrom, to: today } },
  ];
  const results: { name: string; lat: number[] }[] = [];
  for (const id of REPORT_IDS)
    for (const range of ranges)
      for (const [who, actor] of [
        ['admin', admin],
        ['IT agent', agent],
      ] as const)
        results.push({
          name: `${id.padEnd(16)} ${who.padEnd(8)} ${range.name.padEnd(8)}`,
          lat: await sample(() => desk.reports.run(actor, id, range.query)),
        });
  results.push({
    name: `${'dashboard'.padEnd(16)} ${'manager'.padEnd(8)} ${'now'.padEnd(8)}`,
    lat: await sample(() => desk.reports.dashboard(manager)),
  });
  // The baseline again after the reports, so a drift in the machine's load shows in both.
  baseline.push(...(await sample(baselineOnce)));
  baseline.sort((a, b) => a - b);
  const base99 = percentile(baseline, 99);
  out.push(
    `${label}: reports baseline SELECT count(*) FROM tickets (${fmt(Number(c.tickets))} rows) p50 ${ms(percentile(baseline, 50))}, p99 ${ms(base99)} (${baseline.length} runs)`,
  );
  for (const r of results) {
    const p99 = percentile(r.lat, 99);
    out.push(
      `${label}: report ${r.name} p50 ${ms(percentile(r.lat, 50)).padStart(9)}, p99 ${ms(p99).padStart(9)}  (${fmt(p99 / base99, 2)}x count(*); ${RUNS} runs)`,
    );
  }
  const worst = results.reduce((a, b) => (percentile(b.lat, 99) > percentile(a.lat, 99) ? b : a));
  out.push(
    `${label}: reports slowest p99 ${ms(percentile(worst.lat, 99))} (${worst.name.replace(/\s+/g, ' ').trim()}) (target p99 < 500 ms)`,
  );
  // The same tickets as the agent console lists them.
  out.push(...(await benchQueuePages(desk, agent, sample, base99, label)));
  return out;
}
