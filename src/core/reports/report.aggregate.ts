import { bucketMs } from '../../ports/report-store.port.js';

const DAY_MS = 86_400_000;

/** Day for ranges up to 45 days, week (from Monday) up to a year, month beyond. */
export function bucketFor(from: string, to: string): 'day' | 'week' | 'month' {
  const days = (Date.parse(to) - Date.parse(from)) / DAY_MS + 1;
  return days <= 45 ? 'day' : days <= 366 ? 'week' : 'month';
}

/** The period a day falls in: the day itself, its week's Monday, or its month (YYYY-MM). */
export function periodOf(day: string, bucket: 'day' | 'week' | 'month'): string {
  if (bucket === 'day') return day;
  if (bucket === 'month') return day.slice(0, 7);
  const t = Date.parse(`${day}T00:00:00Z`);
  const weekday = (new Date(t).getUTCDay() + 6) % 7;
  return new Date(t - weekday * DAY_MS).toISOString().slice(0, 10);
}

/** Every period of the range in order, so a chart shows the quiet ones too. */
export function periodsOf(from: string, to: string, bucket: 'day' | 'week' | 'month'): string[] {
  const out: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += DAY_MS) {
    const p = periodOf(new Date(t).toISOString().slice(0, 10), bucket);
    if (out.at(-1) !== p) out.push(p);
  }
  return out;
}

/**
 * Day rows summed into the range's periods: one series per value picked from a row, aligned with
 * `periods`. Rows outside the range are left out; periods are found by a map, not a search per row.
 */
export function perPeriod<T>(
  periods: string[],
  bucket: 'day' | 'week' | 'month',
  rows: T[],
  day: (row: T) => string,
  values: ((row: T) => number)[],
): number[][] {
  const at = new Map(periods.map((p, i) => [p, i]));
  const series = values.map(() => periods.map(() => 0));
  for (const row of rows) {
    const i = at.get(periodOf(day(row), bucket));
    if (i === undefined) continue;
    values.forEach((value, v) => {
      series[v]![i]! += value(row);
    });
  }
  return series;
}

export function total(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0);
}

/** Merges log-bucket histograms. */
export function mergeHistograms(histograms: Record<string, number>[]): Map<number, number> {
  const merged = new Map<number, number>();
  for (const h of histograms)
    for (const [b, n] of Object.entries(h)) merged.set(Number(b), (merged.get(Number(b)) ?? 0) + Number(n));
  return merged;
}

/** The median of a merged histogram, as its bucket's middle (within 5%); null when empty. */
export function histogramMedian(h: Map<number, number>): number | null {
  const total = [...h.values()].reduce((a, b) => a + b, 0);
  if (total === 0) return null;
  let seen = 0;
  for (const b of [...h.keys()].sort((x, y) => x - y)) {
    seen += h.get(b)!;
    if (seen * 2 >= total) return bucketMs(b);
  }
  return null;
}

/** Business time as people read it: minutes under an hour (45m), else hours with one decimal (3.5h). */
export function formatMs(ms: number | null): string {
  if (ms === null) return '—';
  if (ms < 3_600_000) return `${Math.round(ms / 60_000)}m`;
  return `${(ms / 3_600_000).toFixed(1)}h`;
}

/** 0.953 as "95.3%"; no data as "—". */
export function percent(part: number, whole: number): string {
  return whole === 0 ? '—' : `${((part * 100) / whole).toFixed(1)}%`;
}
