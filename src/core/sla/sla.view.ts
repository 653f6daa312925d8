import type { TicketRecord } from '../../ports/store.port.js';
import { formatDue } from './due.format.js';
import { workingDayMs } from './sla.goal.js';
import { formatWorkingTime } from './sla.messages.js';
import { METRIC_NAMES, type TicketClocks } from './sla.policies.js';
import type { ClockLogEntry, CycleState } from './sla.types.js';

/** One cycle of a clock as people read it: times in ms and words, due time in the viewer's zone. */
export interface SlaCycleView {
  cycle: number;
  goalMs: number | null;
  goal: string;
  elapsedMs: number;
  elapsed: string;
  remainingMs: number | null;
  remaining: string | null;
  startedAt: string;
  stoppedAt: string | null;
  paused: boolean;
  breached: boolean;
  result: 'met' | 'breached' | null;
  dueAt: string | null;
  /** dueAt in the viewer's time zone, e.g. "Wed, 25 Nov 2026, 14:00 GMT". */
  due: string | null;
  nearBreachAt: string | null;
}

/** A line of a clock's event log, with its time in the viewer's zone. */
export interface SlaLogView {
  kind: ClockLogEntry['kind'];
  cycle: number;
  at: string;
  local: string;
  detail?: string;
}

/** Every clock of a ticket for GET /tickets/:key/sla, the agent view's panel and the /sla command. */
export interface SlaView {
  ticket: string;
  timezone: string;
  policy: { id: string; name: string } | null;
  calendar: { id: string; timezone: string } | null;
  clocks: {
    metric: string;
    name: string;
    ongoing: SlaCycleView | null;
    cycles: SlaCycleView[];
    log: SlaLogView[];
  }[];
}

export function slaView(ticket: TicketRecord, tc: TicketClocks | null, timeZone: string): SlaView {
  const dayMs = tc ? workingDayMs(tc.calendar) : 86_400_000;
  const formatDuration = (ms: number) => formatWorkingTime(ms, dayMs);
  const cycle = (c: CycleState): SlaCycleView => ({
    cycle: c.index,
    goalMs: c.goalMs,
    goal: c.goalMs === null ? 'no target' : formatDuration(c.goalMs),
    elapsedMs: c.elapsedMs,
    elapsed: formatDuration(c.elapsedMs),
    remainingMs: c.remainingMs,
    remaining:
      c.remainingMs === null ? null : `${c.remainingMs < 0 ? '-' : ''}${formatDuration(c.remainingMs)}`,
    startedAt: c.startedAt.toISOString(),
    stoppedAt: c.stoppedAt?.toISOString() ?? null,
    paused: c.paused,
    breached: c.breached,
    result: c.result,
    dueAt: c.dueAt?.toISOString() ?? null,
    due: c.dueAt ? formatDue(c.dueAt, timeZone) : null,
    nearBreachAt: c.nearBreachAt?.toISOString() ?? null,
  });
  return {
    ticket: ticket.key,
    timezone: timeZone,
    policy: tc ? { id: tc.policy.id, name: tc.policy.name } : null,
    calendar: tc ? { id: tc.calendar.id, timezone: tc.calendar.timeZone } : null,
    clocks: (tc?.clocks ?? []).map((clock) => ({
      metric: clock.metric,
      name: METRIC_NAMES[clock.metric],
      ongoing: clock.ongoing ? cycle(clock.ongoing) : null,
      cycles: clock.cycles.map(cycle),
      log: clock.log.map((e) => ({
        kind: e.kind,
        cycle: e.cycle,
        at: e.at.toISOString(),
        local: formatDue(e.at, timeZone),
        ...detailOf(e, formatDuration),
      })),
    })),
  };
}

function detailOf(e: ClockLogEntry, formatDuration: (ms: number) => string): { detail?: string } {
  switch (e.kind) {
    case 'started':
    case 'retargeted':
      return { detail: e.goalMs === null ? 'no target' : `goal ${formatDuration(e.goalMs)}` };
    case 'paused':
      return { detail: `status ${e.status} (${e.category})` };
    case 'stopped':
      return { detail: e.result };
    default:
      return {};
  }
}

/** The /sla chat reply: one line per clock (its ongoing or last cycle), in the small markdown subset. */
export function slaChatText(view: SlaView, link: string): string {
  if (view.clocks.length === 0) return `[**${view.ticket}**](${link}) has no SLA.`;
  const lines = view.clocks.map((clock) => {
    const c = clock.ongoing ?? clock.cycles[clock.cycles.length - 1];
    if (!c) return `- *${clock.name}*: not started`;
    const state = c.result
      ? `${c.result === 'met' ? '✅ met' : '❌ breached'} (${c.elapsed} of ${c.goal})`
      : c.paused
        ? `⏸ paused, ${c.remaining ?? 'no target'} left`
        : c.breached
          ? `🚨 breached ${c.remaining?.slice(1)} ago, was due ${c.due}`
          : `${c.remaining ?? 'no target'} left${c.due ? `, due ${c.due}` : ''}`;
    return `- *${clock.name}* (goal ${c.goal}): ${state}`;
  });
  return [`**SLA of [${view.ticket}](${link})** (${view.timezone})`, ...lines].join('\n');
}

/**
 * A ticket's next SLA due time as one line for lists of requests (Slack's App Home): the running clock
 * due soonest, "overdue" once it breached; "SLA paused" when every ongoing clock waits; else null.
 */
export function nextDueLine(view: SlaView): string | null {
  const running = view.clocks
    .flatMap((clock) =>
      clock.ongoing && !clock.ongoing.paused && clock.ongoing.dueAt
        ? [{ ...clock.ongoing, name: clock.name }]
        : [],
    )
    .sort((a, b) => a.dueAt!.localeCompare(b.dueAt!));
  const next = running[0];
  if (!next) return view.clocks.some((clock) => clock.ongoing?.paused) ? 'SLA paused' : null;
  return next.breached ? `${next.name}: overdue since ${next.due}` : `${next.name}: due ${next.due}`;
}
