import { type CalendarConfig, createBusinessCalendar } from '../../../src/core/sla/business.calendar.js';
import type { TicketEvent } from '../../../src/core/sla/sla.types.js';
import type { Priority, StatusCategory } from '../../../src/ports/desk.types.js';

/** Hours as milliseconds. */
export const h = (hours: number): number => hours * 3_600_000;
/** An instant from an ISO string (write the offset, or Z). */
export const at = (iso: string): Date => new Date(iso);

const weekdays = (range: string): CalendarConfig['hours'] => ({
  mon: [range],
  tue: [range],
  wed: [range],
  thu: [range],
  fri: [range],
});

/** The sample `london` calendar of config/desk.yaml. */
export const LONDON: CalendarConfig = {
  id: 'london',
  name: 'London office hours',
  timezone: 'Europe/London',
  hours: weekdays('09:00-17:30'),
  holidays: [
    { date: '2026-01-01', name: "New Year's Day", yearly: true },
    { date: '2026-12-25', name: 'Christmas Day', yearly: true },
    { date: '2026-12-26', name: 'Boxing Day', yearly: true },
    { date: '2026-04-03', name: 'Good Friday', yearly: false },
    { date: '2026-04-06', name: 'Easter Monday', yearly: false },
    { date: '2026-05-04', name: 'Early May bank holiday', yearly: false },
    { date: '2026-05-25', name: 'Spring bank holiday', yearly: false },
    { date: '2026-08-31', name: 'Summer bank holiday', yearly: false },
  ],
};

/** The sample `new-york` calendar of config/desk.yaml. */
export const NEW_YORK: CalendarConfig = {
  id: 'new-york',
  name: 'New York office hours',
  timezone: 'America/New_York',
  hours: weekdays('09:00-17:00'),
  holidays: [
    { date: '2026-07-04', name: 'Independence Day', yearly: true },
    { date: '2026-12-25', name: 'Christmas Day', yearly: true },
  ],
};

/** Every day of the week with the same ranges, so DST weekends (always Sundays) have working hours. */
export function everyDay(timezone: string, ranges: string[], holidays: CalendarConfig['holidays'] = []) {
  return createBusinessCalendar({
    id: 'every-day',
    name: 'Every day',
    timezone,
    hours: { mon: ranges, tue: ranges, wed: ranges, thu: ranges, fri: ranges, sat: ranges, sun: ranges },
    holidays,
  });
}

/** Event builders for the support workflow of the sample desk. */
export const ev = {
  created: (
    when: string,
    priority: Priority = 'medium',
    status = 'open',
    category: StatusCategory = 'open',
  ) =>
    ({ type: 'created', at: at(when), status, category, priority, requestType: 'laptop-problem' }) as const,
  status: (when: string, status: string, category: StatusCategory): TicketEvent => ({
    type: 'status_changed',
    at: at(when),
    status,
    category,
  }),
  waiting: (when: string): TicketEvent => ev.status(when, 'waiting_for_customer', 'waiting'),
  working: (when: string): TicketEvent => ev.status(when, 'in_progress', 'in_progress'),
  resolved: (when: string): TicketEvent => ev.status(when, 'resolved', 'done'),
  reopened: (when: string): TicketEvent => ev.status(when, 'open', 'open'),
  agentReply: (when: string): TicketEvent => ({ type: 'commented', at: at(when), by: 'agent', public: true }),
  agentNote: (when: string): TicketEvent => ({ type: 'commented', at: at(when), by: 'agent', public: false }),
  requesterReply: (when: string): TicketEvent => ({
    type: 'commented',
    at: at(when),
    by: 'requester',
    public: true,
  }),
  priority: (when: string, priority: Priority): TicketEvent => ({
    type: 'priority_changed',
    at: at(when),
    priority,
  }),
};
