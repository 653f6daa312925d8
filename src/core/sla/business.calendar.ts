import type { DeskConfig } from '../../config/desk.schema.js';
import { DAY_MS, localDaySpans, MINUTE_MS, offsetAt } from './zone.offset.js';

/** A calendar as written in the desk config: zone, weekly hours, holidays. */
export type CalendarConfig = DeskConfig['calendars'][number];

/** A working stretch of time [start, end) in epoch ms. */
export interface WorkingInterval {
  start: number;
  end: number;
}

const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
/** Days cached per calendar before the cache starts afresh (a few years of days). */
const CACHE_LIMIT = 4096;
const NO_TIME: readonly WorkingInterval[] = Object.freeze([]);

/**
 * Working time of one calendar, ready for arithmetic. Hours are wall-clock minutes in the calendar's
 * zone; a day's working intervals are the instants whose local time falls in its ranges, so a DST
 * change day keeps its wall-clock hours (a range in the spring-forward gap simply loses the gap).
 */
export class BusinessCalendar {
  readonly id: string;
  readonly timeZone: string;
  /** Merged [startMinute, endMinute) ranges per weekday, Sunday first. */
  readonly weekly: readonly (readonly [number, number][])[];
  /** False when no weekday has hours, or yearly holidays cover every day: no goal is ever reached. */
  readonly hasWorkingTime: boolean;
  /** Consecutive days without working time after which arithmetic gives up and answers "never". */
  readonly idleDayLimit: number;
  private readonly fixedHolidays: ReadonlySet<string>;
  private readonly yearlyHolidays: ReadonlySet<string>;
  private readonly days = new Map<number, readonly WorkingInterval[]>();
  /** Any offset of the zone: guesses local days to within a day, then exact intervals decide. */
  private readonly typicalOffset: number;

  constructor(config: CalendarConfig) {
    this.id = config.id;
    this.timeZone = config.timezone;
    this.weekly = WEEKDAYS.map((day) => mergeRanges((config.hours[day] ?? []).map(parseRange)));
    this.fixedHolidays = new Set(config.holidays.filter((h) => !h.yearly).map((h) => h.date));
    this.yearlyHolidays = new Set(config.holidays.filter((h) => h.yearly).map((h) => h.date.slice(5)));
    this.hasWorkingTime = this.weekly.some((ranges) => ranges.length > 0) && this.yearlyHolidays.size < 366;
    // Past the last fixed holiday, any uncovered month-day meets a working weekday within ~30 years.
    this.idleDayLimit = this.fixedHolidays.size + 30 * 366;
    this.typicalOffset = offsetAt(this.timeZone, Date.UTC(2020, 0, 1));
  }

  /** The local day (days since 1970-01-01 on the zone's wall calendar) that `t` falls in, give or take one. */
  approxDay(t: number): number {
    return Math.floor((t + this.typicalOffset) / DAY_MS);
  }

  /** Working intervals of local day `day`, sorted and disjoint; empty on holidays and days off. */
  intervalsOf(day: number): readonly WorkingInterval[] {
    let cached = this.days.get(day);
    if (cached === undefined) {
      if (this.days.size >= CACHE_LIMIT) this.days.clear();
      cached = this.computeDay(day);
      this.days.set(day, cached);
    }
    return cached;
  }

  private computeDay(day: number): readonly WorkingInterval[] {
    const ranges = this.weekly[(((day + 4) % 7) + 7) % 7] ?? []; // 1970-01-01 was a Thursday
    if (ranges.length === 0) return NO_TIME;
    const date = new Date(day * DAY_MS).toISOString().slice(0, 10);
    if (this.fixedHolidays.has(date) || this.yearlyHolidays.has(date.slice(5))) return NO_TIME;
    const midnight = day * DAY_MS;
    const out: WorkingInterval[] = [];
    for (const span of localDaySpans(this.timeZone, day)) {
      for (const [from, to] of ranges) {
        const start = Math.max(span.from, midnight + from * MINUTE_MS - span.offset);
        const end = Math.min(span.to, midnight + to * MINUTE_MS - span.offset);
        if (start < end) out.push({ start, end });
      }
    }
    out.sort((a, b) => a.start - b.start);
    return Object.freeze(mergeIntervals(out));
  }
}

/** Builds the arithmetic-ready calendar from its config entry. */
export function createBusinessCalendar(config: CalendarConfig): BusinessCalendar {
  return new BusinessCalendar(config);
}

/** A 24/7 calendar in UTC: business time equals elapsed time. */
export function alwaysOpenCalendar(): BusinessCalendar {
  const day = ['00:00-24:00'];
  return new BusinessCalendar({
    id: 'always',
    name: 'Around the clock',
    timezone: 'UTC',
    hours: { mon: day, tue: day, wed: day, thu: day, fri: day, sat: day, sun: day },
    holidays: [],
  });
}

function parseRange(text: string): [number, number] {
  const match = /^(\d\d):(\d\d)-(\d\d):(\d\d)$/.exec(text);
  if (!match) throw new RangeError(`working hours "${text}" must be HH:MM-HH:MM`);
  const [, h1, m1, h2, m2] = match.map(Number) as [number, number, number, number, number];
  const range: [number, number] = [h1 * 60 + m1, h2 * 60 + m2];
  // Overnight hours are two ranges on two days; a silent wrap would hide a typo.
  if (range[1] <= range[0] || range[1] > 1440) {
    throw new RangeError(`working hours "${text}" must end after they start, by 24:00 at the latest`);
  }
  return range;
}

function mergeRanges(ranges: [number, number][]): [number, number][] {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const out: [number, number][] = [];
  for (const range of sorted) {
    const last = out[out.length - 1];
    if (last && range[0] <= last[1]) last[1] = Math.max(last[1], range[1]);
    else out.push([range[0], range[1]]);
  }
  return out;
}

function mergeIntervals(sorted: WorkingInterval[]): WorkingInterval[] {
  const out: WorkingInterval[] = [];
  for (const iv of sorted) {
    const last = out[out.length - 1];
    if (last && iv.start <= last.end) last.end = Math.max(last.end, iv.end);
    else out.push({ ...iv });
  }
  return out;
}

/** Business milliseconds in [from, to): the calendar's working time between the two instants (0 if to <= from). */
export function workingMsBetween(cal: BusinessCalendar, from: Date, to: Date): number {
  const a = instant(from);
  const b = instant(to);
  if (b <= a) return 0;
  let total = 0;
  const lastDay = cal.approxDay(b) + 2;
  for (let day = cal.approxDay(a) - 2; day <= lastDay; day++) {
    for (const iv of cal.intervalsOf(day)) {
      const start = Math.max(iv.start, a);
      const end = Math.min(iv.end, b);
      if (start < end) total += end - start;
    }
  }
  return total;
}

/**
 * The earliest instant by which `ms` business milliseconds (a whole number) have passed after `from`;
 * counting starts at the next working moment, and 0 ms gives `from` itself. Null when the calendar
 * never works again (no working hours at all): the goal is unreachable, never a loop.
 */
export function addWorkingMs(cal: BusinessCalendar, from: Date, ms: number): Date | null {
  if (!Number.isFinite(ms) || ms < 0)
    throw new RangeError(`business time must be a finite ms >= 0, got ${ms}`);
  const t = instant(from);
  if (ms === 0) return new Date(t);
  let remaining = ms;
  for (const iv of intervalsFrom(cal, t)) {
    const length = iv.end - iv.start;
    if (length >= remaining) return new Date(iv.start + remaining);
    remaining -= length;
  }
  return null;
}

/** `at` if it is working time, else the start of the next working interval; null if there is none. */
export function nextWorkingInstant(cal: BusinessCalendar, at: Date): Date | null {
  for (const iv of intervalsFrom(cal, instant(at))) return new Date(iv.start);
  return null;
}

/** Working intervals from `t` on, clipped to start at `t`, day by day; ends after too many idle days. */
function* intervalsFrom(cal: BusinessCalendar, t: number): Generator<WorkingInterval> {
  if (!cal.hasWorkingTime) return;
  let idle = 0;
  for (let day = cal.approxDay(t) - 2; idle <= cal.idleDayLimit; day++) {
    const intervals = cal.intervalsOf(day);
    idle = intervals.length === 0 ? idle + 1 : 0;
    for (const iv of intervals) {
      if (iv.end > t) yield { start: Math.max(iv.start, t), end: iv.end };
    }
  }
}

function instant(date: Date): number {
  const t = date.getTime();
  if (Number.isNaN(t)) throw new RangeError('invalid date');
  return t;
}
