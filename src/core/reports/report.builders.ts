import type { BacklogCount, DayCounts, KbDay, SlaDay, TimeDay } from '../../ports/report-store.port.js';
import type { DeskCatalog } from '../desk.catalog.js';
import {
  formatMs,
  histogramMedian,
  mergeHistograms,
  percent,
  periodOf,
  periodsOf,
  perPeriod,
  total,
} from './report.aggregate.js';
import type { ChartSpec, ReportResult } from './report.types.js';

type Body = Pick<ReportResult, 'columns' | 'rows' | 'summary' | 'chart'>;
type Range = { from: string; to: string; bucket: 'day' | 'week' | 'month' };
const METRICS: Record<string, string> = {
  first_response: 'Time to first response',
  resolution: 'Time to resolution',
};

export function volume(catalog: DeskCatalog, counts: DayCounts[], r: Range): Body {
  const periods = periodsOf(r.from, r.to, r.bucket);
  const byType = new Map<string, Map<string, number>>();
  for (const c of counts) {
    if (c.created === 0) continue;
    const key = `${c.department}\u0000${c.requestType}`;
    const m = byType.get(key) ?? new Map<string, number>();
    const p = periodOf(c.day, r.bucket);
    m.set(p, (m.get(p) ?? 0) + c.created);
    byType.set(key, m);
  }
  const rows: Body['rows'] = [];
  const perDepartment = new Map<string, number[]>();
  for (const [key, m] of [...byType].sort()) {
    const [department, type] = key.split('\u0000') as [string, string];
    const name = catalog.department(department)?.name ?? department;
    for (const p of periods)
      if (m.get(p)) rows.push([p, name, catalog.requestType(type)?.type.name ?? type, m.get(p)!]);
    const line = perDepartment.get(name) ?? periods.map(() => 0);
    periods.forEach((p, i) => {
      line[i]! += m.get(p) ?? 0;
    });
    perDepartment.set(name, line);
  }
  rows.sort((a, b) => String(a[0]).localeCompare(String(b[0])));
  const created = total(rows.map((row) => Number(row[3])));
  return {
    columns: ['Period', 'Department', 'Request type', 'Created'],
    rows,
    summary: [{ label: 'Requests created', value: String(created) }],
    chart: {
      kind: 'stacked-bar',
      categories: periods,
      series: [...perDepartment].map(([name, data]) => ({ name, data })),
      unit: 'requests',
    },
  };
}

export function createdResolved(counts: DayCounts[], r: Range): Body {
  const periods = periodsOf(r.from, r.to, r.bucket);
  const [created, resolved] = perPeriod(periods, r.bucket, counts, (c) => c.day, [
    (c) => c.created,
    (c) => c.resolved,
  ]) as [number[], number[]];
  return {
    columns: ['Period', 'Created', 'Resolved'],
    rows: periods.map((p, i) => [p, created[i]!, resolved[i]!]),
    summary: [
      { label: 'Created', value: String(total(created)) },
      { label: 'Resolved', value: String(total(resolved)) },
    ],
    chart: {
      kind: 'line',
      categories: periods,
      series: [
        { name: 'Created', data: created },
        { name: 'Resolved', data: resolved },
      ],
      unit: 'requests',
    },
  };
}

export function slaMet(sla: SlaDay[]): Body {
  const groups = new Map<string, { metric: string; goalMs: number | null; met: number; breached: number }>();
  for (const s of sla) {
    const key = `${s.metric}:${s.goalMs}`;
    const g = groups.get(key) ?? { metric: s.metric, goalMs: s.goalMs, met: 0, breached: 0 };
    g.met += s.met;
    g.breached += s.breached;
    groups.set(key, g);
  }
  const list = [...groups.values()].sort(
    (a, b) => a.metric.localeCompare(b.metric) || (a.goalMs ?? 0) - (b.goalMs ?? 0),
  );
  const rows = list.map((g) => [
    METRICS[g.metric] ?? g.metric,
    g.goalMs === null ? 'no target' : formatMs(g.goalMs),
    g.met,
    g.breached,
    percent(g.met, g.met + g.breached),
  ]);
  const summary = Object.keys(METRICS).map((m) => {
    const of = list.filter((g) => g.metric === m && g.goalMs !== null);
    const met = of.reduce((a, g) => a + g.met, 0);
    return { label: `${METRICS[m]} met`, value: percent(met, met + of.reduce((a, g) => a + g.breached, 0)) };
  });
  const chart: ChartSpec = {
    kind: 'bar',
    categories: list
      .filter((g) => g.goalMs !== null)
      .map((g) => `${METRICS[g.metric] ?? g.metric} ${formatMs(g.goalMs)}`),
    series: [
      {
        name: 'Met (%)',
        data: list
          .filter((g) => g.goalMs !== null)
          .map((g) => round1((g.met * 100) / Math.max(1, g.met + g.breached))),
      },
    ],
    unit: '% met',
  };
  return { columns: ['Metric', 'Goal', 'Met', 'Breached', 'Met %'], rows, summary, chart };
}

export function responseTimes(times: TimeDay[]): Body {
  const rows: Body['rows'] = [];
  const medians: (number | null)[] = [];
  const means: (number | null)[] = [];
  for (const m of Object.keys(METRICS)) {
    const of = times.filter((s) => s.metric === m);
    const count = of.reduce((a, s) => a + s.count, 0);
    const median = histogramMedian(mergeHistograms(of.map((s) => s.histogram)));
    const mean = count === 0 ? null : of.reduce((a, s) => a + s.sumMs, 0) / count;
    rows.push([METRICS[m]!, count, formatMs(median), formatMs(mean)]);
    medians.push(median);
    means.push(mean);
  }
  // Minutes when every figure is under two hours, so short times do not draw as empty bars.
  const most = Math.max(0, ...medians.map((x) => x ?? 0), ...means.map((x) => x ?? 0));
  const [unit, per] = most < 2 * 3_600_000 ? ['business minutes', 60_000] : ['business hours', 3_600_000];
  const scale = (xs: (number | null)[]) => xs.map((x) => (x === null ? 0 : round1(x / per)));
  return {
    columns: ['Metric', 'Requests', 'Median (business time)', 'Mean (business time)'],
    rows,
    summary: rows.map((r) => ({ label: `${r[0]} (median)`, value: String(r[2]) })),
    chart: {
      kind: 'bar',
      categories: Object.values(METRICS),
      series: [
        { name: 'Median', data: scale(medians) },
        { name: 'Mean', data: scale(means) },
      ],
      unit,
    },
  };
}

export function csat(counts: DayCounts[]): Body {
  const dist = [0, 0, 0, 0, 0];
  for (const c of counts)
    c.csat.forEach((n, i) => {
      dist[i]! += Number(n);
    });
  const answered = dist.reduce((a, b) => a + b, 0);
  const average = answered === 0 ? '—' : (dist.reduce((a, n, i) => a + n * (i + 1), 0) / answered).toFixed(2);
  return {
    columns: ['Rating', 'Answers', 'Share'],
    rows: dist.map((n, i) => [i + 1, n, percent(n, answered)]),
    summary: [
      { label: 'Average rating', value: average },
      { label: 'Surveys answered', value: String(answered) },
    ],
    chart: {
      kind: 'bar',
      categories: ['1', '2', '3', '4', '5'],
      series: [{ name: 'Answers', data: dist }],
      unit: 'answers',
    },
  };
}

export function deflection(kb: KbDay[], searches: { query: string; count: number }[], r: Range): Body {
  const periods = periodsOf(r.from, r.to, r.bucket);
  const [solved, notSolved, shownBy, noResultsBy] = perPeriod(periods, r.bucket, kb, (d) => d.day, [
    (d) => d.solved,
    (d) => d.notSolved,
    (d) => d.shown,
    (d) => d.noResults,
  ]) as [number[], number[], number[], number[]];
  const [s, n, shown, noResults] = [total(solved), total(notSolved), total(shownBy), total(noResultsBy)];
  return {
    columns: ['Search that found nothing', 'Times asked'],
    rows: searches.map((q) => [q.query, q.count]),
    summary: [
      { label: 'Deflection rate (solved by an article)', value: percent(s, s + n) },
      { label: 'Suggestions shown', value: String(shown) },
      { label: 'Searches that found nothing', value: String(noResults) },
    ],
    chart: {
      kind: 'stacked-bar',
      categories: periods,
      series: [
        { name: 'Solved by an article', data: solved },
        { name: 'Still needed help', data: notSolved },
      ],
      unit: 'answers',
    },
  };
}

const AGES: [string, number][] = [
  ['under 1 day', 1],
  ['1-3 days', 3],
  ['3-7 days', 7],
  ['7-30 days', 30],
  ['over 30 days', Infinity],
];

export function backlog(catalog: DeskCatalog, counts: BacklogCount[]): Body {
  const statuses = new Map<string, number[]>();
  for (const c of counts) {
    const name = statusName(catalog, c.status);
    const line = statuses.get(name) ?? AGES.map(() => 0);
    line[AGES.findIndex(([, max]) => c.ageDays < max)]! += c.count;
    statuses.set(name, line);
  }
  const rows: Body['rows'] = [...statuses].flatMap(([status, line]) =>
    AGES.map(([age], i) => [status, age, line[i]!]).filter((r) => r[2] !== 0),
  );
  const total = counts.reduce((a, c) => a + c.count, 0);
  return {
    columns: ['Status', 'Age', 'Requests'],
    rows,
    summary: [{ label: 'Open requests', value: String(total) }],
    chart: {
      kind: 'stacked-bar',
      categories: AGES.map(([a]) => a),
      series: [...statuses].map(([name, data]) => ({ name, data })),
      unit: 'requests',
    },
  };
}

function statusName(catalog: DeskCatalog, id: string): string {
  for (const w of catalog.config.workflows) {
    const s = w.statuses.find((x) => x.id === id);
    if (s) return s.name;
  }
  return id;
}

function round1(n: number): number {
  return Math.round(n * 10) / 10;
}
