import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addWorkingMs,
  createBusinessCalendar,
  nextWorkingInstant,
  workingMsBetween,
} from '../../../src/core/sla/business.calendar.js';
import { everyDay, h, LONDON, NEW_YORK } from './sla.fixtures.js';

const DAY = 86_400_000;
/** Working calendars, including zones with 30-minute DST (Lord Howe), changes at midnight (Santiago) and a skipped day (Apia 2011). */
const calendars = [
  createBusinessCalendar(LONDON),
  createBusinessCalendar(NEW_YORK),
  everyDay('Europe/London', ['01:00-03:00', '09:00-17:30']),
  everyDay('Australia/Lord_Howe', ['01:00-03:00', '02:30-02:45', '09:00-17:00']),
  everyDay('America/Santiago', ['00:00-02:00', '22:00-24:00']),
  everyDay('Pacific/Apia', ['00:00-24:00']),
  everyDay('Asia/Kolkata', ['09:00-18:00'], [{ date: '2026-01-26', name: 'Republic Day', yearly: true }]),
];
/** Instants near DST changes of those zones, where arithmetic is most likely to go wrong. */
const changes = [
  '2026-03-29T01:00Z',
  '2026-10-25T01:00Z',
  '2026-03-08T07:00Z',
  '2026-11-01T06:00Z',
  '2026-04-04T15:00Z',
  '2026-10-03T15:30Z',
  '2026-04-05T03:00Z',
  '2026-09-06T04:00Z',
  '2011-12-30T10:00Z',
].map((s) => Date.parse(s));

const instant = fc.oneof(
  fc.integer({ min: Date.UTC(2010, 0, 1), max: Date.UTC(2030, 0, 1) }),
  fc.tuple(fc.constantFrom(...changes), fc.integer({ min: -3 * DAY, max: 3 * DAY })).map(([t, d]) => t + d),
);
const calendar = fc.constantFrom(...calendars);
const businessMs = fc.integer({ min: 0, max: h(60) });

describe('business calendar properties', () => {
  it('workingMsBetween(a, addWorkingMs(a, x)) === x, and one ms earlier is x - 1', () => {
    fc.assert(
      fc.property(calendar, instant, businessMs, (cal, a, x) => {
        const end = addWorkingMs(cal, new Date(a), x);
        expect(end).not.toBeNull();
        const t = end!.getTime();
        expect(workingMsBetween(cal, new Date(a), end!)).toBe(x);
        if (x > 0) expect(workingMsBetween(cal, new Date(a), new Date(t - 1))).toBe(x - 1);
      }),
      { numRuns: 500 },
    );
  });

  it('is additive: (a, c) = (a, b) + (b, c)', () => {
    fc.assert(
      fc.property(
        calendar,
        instant,
        fc.integer({ min: 0, max: 20 * DAY }),
        fc.integer({ min: 0, max: 20 * DAY }),
        (cal, a, d1, d2) => {
          const [b, c] = [new Date(a + d1), new Date(a + d1 + d2)];
          const whole = workingMsBetween(cal, new Date(a), c);
          expect(whole).toBe(workingMsBetween(cal, new Date(a), b) + workingMsBetween(cal, b, c));
          expect(whole).toBeLessThanOrEqual(d1 + d2);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('nextWorkingInstant is the first working millisecond at or after the instant', () => {
    fc.assert(
      fc.property(calendar, instant, (cal, a) => {
        const next = nextWorkingInstant(cal, new Date(a))!;
        expect(next.getTime()).toBeGreaterThanOrEqual(a);
        expect(workingMsBetween(cal, new Date(a), next)).toBe(0);
        expect(workingMsBetween(cal, next, new Date(next.getTime() + 1))).toBe(1);
      }),
      { numRuns: 300 },
    );
  });
});
