import type { Priority, StatusCategory } from '../../ports/desk.types.js';
import { CycleTracker, type PauseReason } from './sla.cycle.js';
import {
  type ClockInput,
  type ClockState,
  DEFAULT_NEAR_BREACH_AT,
  DEFAULT_PAUSE,
  type PauseRule,
} from './sla.types.js';

/** The ticket as the clock sees it after the events so far. */
interface TicketView {
  status: string;
  category: StatusCategory;
  priority: Priority;
  requestType: string;
}

/**
 * One SLA clock of one ticket at `now`, replayed from the ticket's events (pure: same input, same answer).
 * - first_response: one cycle from creation to the first public agent comment.
 * - resolution: a cycle from creation (or reopening: leaving a done status) to entering a done status.
 * - next_response: a cycle from a public requester comment (if none is open) to the next public agent comment.
 * Every metric pauses in the pause statuses (default: the waiting category) and stops when the ticket
 * enters a done status (a closed ticket awaits no response, so it must not breach). Goals are looked up
 * when a cycle starts and again whenever priority or request type changes, as JSM re-evaluates them.
 */
export function computeClock(input: ClockInput): ClockState {
  const now = input.now.getTime();
  const fraction = input.nearBreachAt ?? DEFAULT_NEAR_BREACH_AT;
  if (!(fraction > 0 && fraction < 1)) {
    throw new RangeError(`nearBreachAt must be in (0, 1), got ${fraction}`);
  }
  const pauseRule = input.pause ?? DEFAULT_PAUSE;
  const tracker = new CycleTracker(input.calendar, fraction);
  const events = input.events
    .filter((e) => e.at.getTime() <= now)
    .sort((a, b) => a.at.getTime() - b.at.getTime()); // stable: same-instant events keep their order
  let ticket: TicketView | null = null;

  for (const event of events) {
    const at = event.at.getTime();
    tracker.advance(at);
    if (event.type === 'created') {
      if (ticket) continue; // a ticket is created once; a replayed duplicate changes nothing
      ticket = {
        status: event.status,
        category: event.category,
        priority: event.priority,
        requestType: event.requestType,
      };
      if (input.metric !== 'next_response') {
        tracker.start(at, input.goalFor(ticket.priority, ticket.requestType), pauseOf(ticket, pauseRule));
        if (ticket.category === 'done') tracker.stop(at);
      }
      continue;
    }
    if (!ticket) continue; // nothing counts before the ticket exists
    switch (event.type) {
      case 'status_changed': {
        const wasDone = ticket.category === 'done';
        ticket.status = event.status;
        ticket.category = event.category;
        if (!wasDone && event.category === 'done') tracker.stop(at);
        else if (wasDone && event.category !== 'done' && input.metric === 'resolution') {
          tracker.start(at, input.goalFor(ticket.priority, ticket.requestType), pauseOf(ticket, pauseRule));
        } else {
          const reason = pauseOf(ticket, pauseRule);
          if (reason) tracker.pause(at, reason);
          else tracker.resume(at);
        }
        break;
      }
      case 'commented': {
        if (!event.public) break;
        if (event.by === 'agent' && input.metric !== 'resolution') tracker.stop(at);
        else if (event.by === 'requester' && input.metric === 'next_response' && !tracker.hasOpenCycle) {
          // A reply to a closed ticket waits for the reopening; it starts no response clock by itself.
          if (ticket.category !== 'done') {
            tracker.start(at, input.goalFor(ticket.priority, ticket.requestType), pauseOf(ticket, pauseRule));
          }
        }
        break;
      }
      case 'priority_changed':
        ticket.priority = event.priority;
        tracker.retarget(at, input.goalFor(ticket.priority, ticket.requestType));
        break;
      case 'request_type_changed':
        ticket.requestType = event.requestType;
        tracker.retarget(at, input.goalFor(ticket.priority, ticket.requestType));
        break;
    }
  }
  tracker.advance(now);
  const cycles = tracker.states();
  const last = cycles[cycles.length - 1];
  return {
    metric: input.metric,
    cycles,
    ongoing: last && last.stoppedAt === null ? last : null,
    log: tracker.log,
  };
}

/** The reason a ticket in this status pauses its clocks, or null when it runs. */
function pauseOf(ticket: TicketView, rule: PauseRule): PauseReason | null {
  const pauses = rule.categories?.includes(ticket.category) || rule.statuses?.includes(ticket.status);
  return pauses ? { status: ticket.status, category: ticket.category } : null;
}

/** Re-exported so callers build events and read states from one module. */
export type { ClockInput, ClockState, CycleState, TicketEvent } from './sla.types.js';
