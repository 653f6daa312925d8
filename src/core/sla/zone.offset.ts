/** Wall-clock arithmetic in an IANA time zone with plain Intl: UTC offsets and the instants a local day spans. */

export const MINUTE_MS = 60_000;
export const DAY_MS = 86_400_000;
/** Samples this far apart find every offset change; real zones never change twice within 12 h. */
const SAMPLE_MS = 12 * 3_600_000;

/** A stretch of instants [from, to) in which the zone keeps one UTC offset (local = utc + offset). */
export interface OffsetSpan {
  from: number;
  to: number;
  offset: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    // h23: some ICU builds print midnight as "24" with hour12: false.
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The zone's UTC offset in ms at instant `t` (positive east of Greenwich). */
export function offsetAt(timeZone: string, t: number): number {
  const fields = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  for (const part of formatterFor(timeZone).formatToParts(t)) {
    if (part.type in fields) fields[part.type as keyof typeof fields] = Number(part.value);
  }
  const local = Date.UTC(
    fields.year,
    fields.month - 1,
    fields.day,
    fields.hour,
    fields.minute,
    fields.second,
  );
  // Intl prints whole seconds, so compare with the instant truncated to its second.
  return local - (t - (((t % 1000) + 1000) % 1000));
}

/** The first instant in (lo, hi] whose offset differs from the offset at lo (one change assumed). */
function transitionBetween(timeZone: string, lo: number, hi: number, before: number): number {
  let a = lo;
  let b = hi;
  while (b - a > 1) {
    const mid = Math.floor((a + b) / 2);
    if (offsetAt(timeZone, mid) === before) a = mid;
    else b = mid;
  }
  return b;
}

/** The offset spans covering [lo, hi), found by sampling and bisecting at each change. */
export function offsetSpans(timeZone: string, lo: number, hi: number): OffsetSpan[] {
  const spans: OffsetSpan[] = [];
  let from = lo;
  let offset = offsetAt(timeZone, lo);
  for (let t = lo; t < hi; ) {
    const next = Math.min(t + SAMPLE_MS, hi);
    const after = offsetAt(timeZone, next);
    if (after !== offset) {
      const change = transitionBetween(timeZone, t, next, offset);
      spans.push({ from, to: change, offset });
      from = change;
      offset = after;
    }
    t = next;
  }
  spans.push({ from, to: hi, offset });
  return spans;
}

/**
 * The instants whose local date is `day` (days since 1970-01-01 on the zone's wall calendar), as
 * spans of one offset each: one span on most days, two on a DST change day.
 */
export function localDaySpans(timeZone: string, day: number): OffsetSpan[] {
  const midnight = day * DAY_MS;
  // Offsets lie within -12 h..+14 h, so the day's instants lie well inside [midnight - 1 d, midnight + 2 d).
  const out: OffsetSpan[] = [];
  for (const span of offsetSpans(timeZone, midnight - DAY_MS, midnight + 2 * DAY_MS)) {
    const from = Math.max(span.from, midnight - span.offset);
    const to = Math.min(span.to, midnight + DAY_MS - span.offset);
    if (from < to) out.push({ from, to, offset: span.offset });
  }
  return out;
}
