import { beforeAll, describe, expect, it } from 'vitest';
import { loadDeskConfig } from '../../../src/config/desk.loader.js';
import type { DeskConfig } from '../../../src/config/desk.schema.js';
import {
  addWorkingMs,
  alwaysOpenCalendar,
  createBusinessCalendar,
} from '../../../src/core/sla/business.calendar.js';
import {
  FALLBACK_DAY_MS,
  parseDuration,
  policyGoalLookup,
  type SlaGoalConfig,
  selectGoal,
  workingDayMs,
} from '../../../src/core/sla/sla.goal.js';
import { at, everyDay, h, LONDON, NEW_YORK } from './sla.fixtures.js';

const london = createBusinessCalendar(LONDON);
const newYork = createBusinessCalendar(NEW_YORK);

describe('parseDuration', () => {
  it.each([
    ['30m', h(0.5)],
    ['4h', h(4)],
    ['1h30m', h(1.5)],
    ['0m', 0],
    ['2d', h(17)],
    ['1d4h', h(12.5)],
    ['1d1h1m', h(9.5) + 60_000],
  ])('%s is %d business ms when a day is 8.5 h', (text, expected) => {
    expect(parseDuration(text, h(8.5))).toBe(expected);
  });

  it.each(['', 'h', '4', '1.5h', '30m1h', '-1h', '4 h', 'none'])('rejects %j', (text) => {
    expect(() => parseDuration(text, h(8))).toThrow(RangeError);
  });
});

describe('a goal day is one working day of the calendar', () => {
  it('is 8.5 h in London, 8 h in New York, 24 h around the clock', () => {
    expect(workingDayMs(london)).toBe(h(8.5));
    expect(workingDayMs(newYork)).toBe(h(8));
    expect(workingDayMs(alwaysOpenCalendar())).toBe(h(24));
  });

  it('averages over the weekdays that have hours', () => {
    const uneven = createBusinessCalendar({
      id: 'uneven',
      name: 'Uneven',
      timezone: 'UTC',
      hours: { mon: ['09:00-17:00'], fri: ['09:00-13:00'] },
      holidays: [],
    });
    expect(workingDayMs(uneven)).toBe(h(6));
  });

  it('falls back to 8 h for a calendar without hours', () => {
    const never = createBusinessCalendar({ id: 'n', name: 'N', timezone: 'UTC', hours: {}, holidays: [] });
    expect(workingDayMs(never)).toBe(FALLBACK_DAY_MS);
  });

  it('so "2d" from Monday 09:00 is due at the end of Tuesday in both sample calendars', () => {
    const londonDue = addWorkingMs(
      london,
      at('2026-01-12T09:00Z'),
      parseDuration('2d', workingDayMs(london)),
    );
    expect(londonDue?.toISOString()).toBe('2026-01-13T17:30:00.000Z');
    const nyDue = addWorkingMs(
      newYork,
      at('2026-01-12T09:00-05:00'),
      parseDuration('2d', workingDayMs(newYork)),
    );
    expect(nyDue?.toISOString()).toBe('2026-01-13T22:00:00.000Z');
  });

  it('is business time, not a date: on the 23-h spring-forward day, 1d from midnight ends at 01:00 next day', () => {
    const daily = everyDay('Europe/London', ['00:00-24:00']);
    expect(workingDayMs(daily)).toBe(h(24));
    // The spring-forward day has 23 h: one goal day from its midnight ends at 01:00 the next day.
    expect(addWorkingMs(daily, at('2026-03-29T00:00Z'), h(24))?.toISOString()).toBe(
      '2026-03-30T00:00:00.000Z',
    );
  });
});

describe('selectGoal', () => {
  const goals: SlaGoalConfig[] = [
    { priorities: ['highest'], target: '1h' },
    { priorities: ['high'], requestTypes: ['password-reset'], target: '30m' },
    { requestTypes: ['password-reset'], target: '2h' },
    { priorities: ['lowest'], target: 'none' },
    { target: '8h' },
  ];

  it.each([
    ['highest', 'laptop-problem', '1h'],
    ['high', 'password-reset', '30m'],
    ['high', 'laptop-problem', '8h'],
    ['medium', 'password-reset', '2h'],
    ['lowest', 'laptop-problem', 'none'],
    ['low', 'laptop-problem', '8h'],
  ] as const)('%s %s gets the first matching goal (%s)', (priority, requestType, target) => {
    expect(selectGoal(goals, priority, requestType)?.target).toBe(target);
  });

  it('finds nothing when no goal matches', () => {
    expect(selectGoal([{ priorities: ['high'], target: '1h' }], 'low', 'x')).toBeUndefined();
  });
});

describe('the sample desk policies', () => {
  let desk: DeskConfig;
  beforeAll(async () => {
    const result = await loadDeskConfig('config/desk.yaml');
    if (!result.ok) throw new Error('the sample desk should load');
    desk = result.config;
  });

  it('uses the calendars the fixtures copy', () => {
    expect(desk.calendars).toEqual([LONDON, NEW_YORK]);
  });

  it('standard: medium resolution is 2d = 17 business hours in London; lowest has no target', () => {
    const standard = desk.slaPolicies.find((p) => p.id === 'standard')!;
    const resolution = policyGoalLookup(standard, 'resolution', london)!;
    expect(resolution('medium', 'laptop-problem')).toBe(h(17));
    expect(resolution('low', 'laptop-problem')).toBe(h(42.5));
    expect(resolution('lowest', 'laptop-problem')).toBeNull();
    expect(policyGoalLookup(standard, 'first_response', london)!('highest', 'x')).toBe(h(1));
    expect(policyGoalLookup(standard, 'next_response', london)).toBeUndefined();
  });

  it('hr: 5d resolution is 40 business hours in New York for any ticket', () => {
    const hr = desk.slaPolicies.find((p) => p.id === 'hr')!;
    expect(policyGoalLookup(hr, 'resolution', newYork)!('lowest', 'leave-request')).toBe(h(40));
    expect(hr.nearBreachAt).toBe(0.75);
  });
});
