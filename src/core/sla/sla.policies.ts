import type { SlaClockRecord } from '../../ports/sla-store.port.js';
import type { DeskCatalog } from '../desk.catalog.js';
import { alwaysOpenCalendar, type BusinessCalendar, createBusinessCalendar } from './business.calendar.js';
import { computeClock } from './sla.clock.js';
import { policyGoalLookup, type SlaMetric, type SlaPolicyConfig } from './sla.goal.js';
import type { ClockState, TicketEvent } from './sla.types.js';

/** The clocks of one ticket at an instant, with the policy and calendar they were measured by. */
export interface TicketClocks {
  policy: SlaPolicyConfig;
  calendar: BusinessCalendar;
  clocks: ClockState[];
}

/** People's names for the metrics, as JSM shows them. */
export const METRIC_NAMES: Record<SlaMetric, string> = {
  first_response: 'Time to first response',
  resolution: 'Time to resolution',
  next_response: 'Time to next response',
};

/** Each request type's SLA policy and calendar from the desk config, calendars built once. */
export class SlaPolicies {
  private readonly calendars = new Map<string, BusinessCalendar>();

  constructor(private readonly catalog: DeskCatalog) {
    for (const c of catalog.config.calendars) this.calendars.set(c.id, createBusinessCalendar(c));
  }

  /** The policy of a request type, or null when it has none (the ticket has no clocks). */
  policyOf(requestType: string): SlaPolicyConfig | null {
    const id = this.catalog.requestType(requestType)?.type.slaPolicy;
    return this.catalog.config.slaPolicies.find((p) => p.id === id) ?? null;
  }

  /** Every clock of the policy, replayed from the ticket's events up to `now`. */
  compute(requestType: string, events: readonly TicketEvent[], now: Date): TicketClocks | null {
    const policy = this.policyOf(requestType);
    if (!policy) return null;
    const calendar = this.calendars.get(policy.calendar) ?? alwaysOpenCalendar();
    const pause = { categories: policy.pause.categories, statuses: policy.pause.statuses };
    const clocks = policy.metrics.map((m) =>
      computeClock({
        metric: m.metric,
        events,
        now,
        calendar,
        goalFor: policyGoalLookup(policy, m.metric, calendar)!,
        nearBreachAt: policy.nearBreachAt,
        pause,
      }),
    );
    return { policy, calendar, clocks };
  }
}

/** The store's rows for the clocks: one per cycle, each with its own part of the clock's log. */
export function clockRecords(ticketId: number, tc: TicketClocks | undefined, now: Date): SlaClockRecord[] {
  if (!tc) return [];
  return tc.clocks.flatMap((clock) =>
    clock.cycles.map((c) => ({
      ticketId,
      metric: clock.metric,
      cycle: c.index,
      policy: tc.policy.id,
      calendar: tc.calendar.id,
      goalMs: c.goalMs,
      elapsedMs: c.elapsedMs,
      startedAt: c.startedAt,
      stoppedAt: c.stoppedAt,
      paused: c.paused,
      result: c.result,
      breached: c.breached,
      dueAt: c.dueAt,
      nearBreachAt: c.nearBreachAt,
      log: clock.log
        .filter((e) => e.cycle === c.index)
        .map((e) => ({ ...e, at: e.at.toISOString() }) as Record<string, unknown>),
      updatedAt: now,
    })),
  );
}
