import type { DeskConfig } from '../../config/desk.schema.js';
import type { Priority } from '../../ports/desk.types.js';
import type { BusinessCalendar } from './business.calendar.js';

/** One SLA policy as written in the desk config. */
export type SlaPolicyConfig = DeskConfig['slaPolicies'][number];
/** What an SLA clock measures. */
export type SlaMetric = SlaPolicyConfig['metrics'][number]['metric'];
/** One goal of a metric: who it applies to and its target. */
export type SlaGoalConfig = SlaPolicyConfig['metrics'][number]['goals'][number];
/** The goal of a ticket in business ms, from its priority and request type; null = no target. */
export type GoalLookup = (priority: Priority, requestType: string) => number | null;

const HOUR_MS = 3_600_000;
/** Jira's time-tracking day, used only by calendars without working hours (where no goal is reachable). */
export const FALLBACK_DAY_MS = 8 * HOUR_MS;
const DURATION = /^(?=\d)(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?$/;

/**
 * The length of "1d" in a goal: one working day of the calendar, i.e. its weekly working time divided
 * by the number of weekdays that have hours (8.5 h for London 09:00-17:30, 8 h for New York 09:00-17:00,
 * 24 h for a 24/7 calendar). JSM stores goals as business hours and shows them in days of the goal's
 * calendar; this is the same conversion read the other way, so `2d` means two working days, and a JSM
 * goal of 17h on the London calendar is written `2d` here.
 */
export function workingDayMs(cal: BusinessCalendar): number {
  const days = cal.weekly.filter((ranges) => ranges.length > 0);
  if (days.length === 0) return FALLBACK_DAY_MS;
  const minutes = days.flat().reduce((sum, [from, to]) => sum + (to - from), 0);
  return Math.round((minutes * 60_000) / days.length);
}

/** Business ms of a duration such as "30m", "4h", "1h30m" or "2d"; `dayMs` is one day (see workingDayMs). */
export function parseDuration(text: string, dayMs: number): number {
  const match = DURATION.exec(text.trim());
  if (!match) throw new RangeError(`"${text}" is not a duration such as 30m, 4h, 2d or 1h30m`);
  const [, days = '0', hours = '0', minutes = '0'] = match;
  return Number(days) * dayMs + Number(hours) * HOUR_MS + Number(minutes) * 60_000;
}

/** The goal's target in business ms, or null for `target: none`. */
export function goalTargetMs(goal: SlaGoalConfig, dayMs: number): number | null {
  return goal.target === 'none' ? null : parseDuration(goal.target, dayMs);
}

/** The first goal whose priorities and request types match (an absent list matches any), as JSM picks. */
export function selectGoal(
  goals: readonly SlaGoalConfig[],
  priority: Priority,
  requestType: string,
): SlaGoalConfig | undefined {
  return goals.find(
    (goal) =>
      (goal.priorities === undefined || goal.priorities.includes(priority)) &&
      (goal.requestTypes === undefined || goal.requestTypes.includes(requestType)),
  );
}

/**
 * The goal lookup of one metric of a policy for computeClock; undefined when the policy does not
 * measure that metric (so the ticket has no such clock). A ticket no goal matches runs without target.
 */
export function policyGoalLookup(
  policy: SlaPolicyConfig,
  metric: SlaMetric,
  cal: BusinessCalendar,
): GoalLookup | undefined {
  const goals = policy.metrics.find((m) => m.metric === metric)?.goals;
  if (!goals) return undefined;
  const dayMs = workingDayMs(cal);
  return (priority, requestType) => {
    const goal = selectGoal(goals, priority, requestType);
    return goal ? goalTargetMs(goal, dayMs) : null;
  };
}
