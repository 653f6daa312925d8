import { describe, expect, it } from 'vitest';
import {
  addWorkingMs,
  alwaysOpenCalendar,
  createBusinessCalendar,
  nextWorkingInstant,
  workingMsBetween,
} from '../../../src/core/sla/business.calendar.js';
import { at, everyDay, h, LONDON, NEW_YORK } from './sla.fixtures.js';

const london = createBusinessCalendar(LONDON);
const newYork = createBusinessCalendar(NEW_YORK);
const between = (cal: typeof london, from: string, to: string) => workingMsBetween(cal, at(from), at(to));
const add = (cal: typeof london, from: string, ms: number) => addWorkingMs(cal, at(from), ms)?.toISOString();

describe('working hours are wall-clock hours across DST changes', () => {
  const londonDaily = everyDay('Europe/London', ['09:00-17:30']);
  const newYorkDaily = everyDay('America/New_York', ['09:00-17:00']);

  it.each([
    ['London, day before spring forward', londonDaily, '2026-03-28T00:00Z', '2026-03-29T00:00Z', h(8.5)],
    ['London, spring forward (2026-03-29)', londonDaily, '2026-03-29T00:00Z', '2026-03-30T00:00Z', h(8.5)],
    ['London, day before fall back', londonDaily, '2026-10-24T00:00Z', '2026-10-25T00:00Z', h(8.5)],
    ['London, fall back (2026-10-25)', londonDaily, '2026-10-25T00:00Z', '2026-10-26T00:00Z', h(8.5)],
    ['New York, spring forward (2026-03-08)', newYorkDaily, '2026-03-08T05:00Z', '2026-03-09T04:00Z', h(8)],
    ['New York, fall back (2026-11-01)', newYorkDaily, '2026-11-01T04:00Z', '2026-11-02T05:00Z', h(8)],
  ])('%s', (_, cal, from, to, expected) => {
    expect(between(cal, from, to)).toBe(expected);
  });

  it('starts the day at local 09:00 on both sides of the change', () => {
    expect(nextWorkingInstant(londonDaily, at('2026-03-28T00:00Z'))?.toISOString()).toBe(
      '2026-03-28T09:00:00.000Z',
    );
    expect(nextWorkingInstant(londonDaily, at('2026-03-29T00:00Z'))?.toISOString()).toBe(
      '2026-03-29T08:00:00.000Z',
    );
    expect(nextWorkingInstant(newYorkDaily, at('2026-11-01T00:00Z'))?.toISOString()).toBe(
      '2026-11-01T14:00:00.000Z',
    );
  });

  it.each([
    ['Europe/London', '2026-03-29T00:00Z', '2026-03-30T00:00Z', h(1)],
    ['Europe/London', '2026-10-24T23:00Z', '2026-10-26T00:00Z', h(3)],
    ['America/New_York', '2026-03-08T05:00Z', '2026-03-09T04:00Z', h(1)],
    ['America/New_York', '2026-11-01T04:00Z', '2026-11-02T05:00Z', h(3)],
  ])(
    'a 01:00-03:00 range in %s on the change night (%s) lasts as long as the wall clock says',
    (zone, from, to, expected) => {
      expect(between(everyDay(zone, ['01:00-03:00']), from, to)).toBe(expected);
    },
  );

  it('crosses the spring-forward weekend in London: Friday 17:00 GMT + 1 h = Monday 09:30 BST', () => {
    expect(add(london, '2026-03-27T17:00Z', h(1))).toBe('2026-03-30T08:30:00.000Z');
  });

  it('crosses the fall-back weekend in New York: Friday 16:00 EDT + 2 h = Monday 10:00 EST', () => {
    expect(add(newYork, '2026-10-30T16:00-04:00', h(2))).toBe('2026-11-02T15:00:00.000Z');
  });

  it('crosses the spring-forward weekend in New York: Friday 16:00 EST + 2 h = Monday 10:00 EDT', () => {
    expect(add(newYork, '2026-03-06T16:00-05:00', h(2))).toBe('2026-03-09T14:00:00.000Z');
  });
});

describe('holidays', () => {
  const daily = everyDay(
    'Europe/London',
    ['09:00-17:30'],
    [
      { date: '2026-12-25', name: 'Christmas Day', yearly: true },
      { date: '2026-04-03', name: 'Good Friday', yearly: false },
    ],
  );

  it('a yearly holiday repeats on the same month-day (2027-12-25 from a 2026 entry)', () => {
    expect(between(daily, '2026-12-25T00:00Z', '2026-12-26T00:00Z')).toBe(0);
    expect(between(daily, '2027-12-25T00:00Z', '2027-12-26T00:00Z')).toBe(0);
    expect(between(daily, '2027-12-24T00:00Z', '2027-12-25T00:00Z')).toBe(h(8.5));
  });

  it('a fixed holiday is one date only', () => {
    expect(between(daily, '2026-04-03T00:00Z', '2026-04-04T00:00Z')).toBe(0);
    expect(between(daily, '2027-04-03T00:00Z', '2027-04-04T00:00Z')).toBe(h(8.5));
  });

  it('skips Christmas and the weekend: Thursday 24 Dec 17:00 + 1 h = Monday 28 Dec 09:30', () => {
    expect(add(london, '2026-12-24T17:00Z', h(1))).toBe('2026-12-28T09:30:00.000Z');
  });

  it('skips New Year 2027 (a Friday) from the yearly 2026 entry', () => {
    expect(between(london, '2026-12-31T00:00Z', '2027-01-05T00:00Z')).toBe(h(8.5 * 2));
  });

  it('skips Good Friday and Easter Monday: a 5-day goal from Tuesday 31 Mar 09:00 BST ends Wednesday 8 Apr 17:30', () => {
    expect(add(london, '2026-03-31T08:00Z', h(5 * 8.5))).toBe('2026-04-08T16:30:00.000Z');
  });
});

describe('weekends, boundaries and ranges', () => {
  it('counts only Friday evening and Monday morning over a weekend', () => {
    expect(between(london, '2026-01-09T17:00Z', '2026-01-12T10:00Z')).toBe(h(1.5));
  });

  it('ends a full day at 17:30 the same day, not at the next opening', () => {
    expect(add(london, '2026-01-12T09:00Z', h(8.5))).toBe('2026-01-12T17:30:00.000Z');
  });

  it('starts counting at the next working moment when added from outside working time', () => {
    expect(add(london, '2026-01-10T12:00Z', h(1))).toBe('2026-01-12T10:00:00.000Z');
    expect(nextWorkingInstant(london, at('2026-01-10T12:00Z'))?.toISOString()).toBe(
      '2026-01-12T09:00:00.000Z',
    );
  });

  it('gives the instant itself when it is working time, and for 0 ms', () => {
    expect(nextWorkingInstant(london, at('2026-01-12T11:11Z'))?.toISOString()).toBe(
      '2026-01-12T11:11:00.000Z',
    );
    expect(add(london, '2026-01-10T12:00Z', 0)).toBe('2026-01-10T12:00:00.000Z');
  });

  it('a 5-business-day goal crosses a weekend and a DST change', () => {
    expect(add(london, '2026-03-23T10:00Z', h(5 * 8.5))).toBe('2026-03-30T09:00:00.000Z');
  });

  it('merges a day of several ranges (a lunch break) and reaches 24:00', () => {
    const lunch = everyDay('Asia/Tokyo', ['13:00-17:00', '09:00-12:00', '16:00-18:00']);
    expect(between(lunch, '2026-05-11T00:00+09:00', '2026-05-12T00:00+09:00')).toBe(h(8));
    const always = alwaysOpenCalendar();
    expect(between(always, '2026-03-29T00:00Z', '2026-04-01T07:00Z')).toBe(h(79));
    expect(add(always, '2026-03-29T00:00Z', h(79))).toBe('2026-04-01T07:00:00.000Z');
  });

  it('gives 0 for an empty or reversed span', () => {
    expect(between(london, '2026-01-12T12:00Z', '2026-01-12T12:00Z')).toBe(0);
    expect(between(london, '2026-01-12T12:00Z', '2026-01-12T10:00Z')).toBe(0);
  });

  it('refuses overnight ranges, negative durations and invalid dates', () => {
    expect(() => everyDay('UTC', ['22:00-06:00'])).toThrow(/must end after they start/);
    expect(() => addWorkingMs(london, at('2026-01-12T10:00Z'), -1)).toThrow(RangeError);
    expect(() => workingMsBetween(london, new Date(Number.NaN), at('2026-01-12T10:00Z'))).toThrow(RangeError);
  });
});

describe('a calendar with no working time', () => {
  const never = createBusinessCalendar({
    id: 'never',
    name: 'Never',
    timezone: 'UTC',
    hours: {},
    holidays: [],
  });

  it('never reaches a goal (null) and never loops', () => {
    expect(never.hasWorkingTime).toBe(false);
    expect(addWorkingMs(never, at('2026-01-12T10:00Z'), h(1))).toBeNull();
    expect(nextWorkingInstant(never, at('2026-01-12T10:00Z'))).toBeNull();
    expect(between(never, '2026-01-01T00:00Z', '2027-01-01T00:00Z')).toBe(0);
  });

  it('gives up on yearly holidays that cover every day', () => {
    const holidays = Array.from({ length: 366 }, (_, i) => {
      const date = new Date(Date.UTC(2024, 0, 1 + i)).toISOString().slice(0, 10);
      return { date, name: 'Closed', yearly: true };
    });
    const closed = everyDay('UTC', ['09:00-17:00'], holidays);
    expect(addWorkingMs(closed, at('2026-01-12T10:00Z'), h(1))).toBeNull();
  });
});
