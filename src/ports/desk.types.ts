import type { FieldType } from './message.types.js';

/** Ticket priorities, highest first. */
export const PRIORITIES = ['highest', 'high', 'medium', 'low', 'lowest'] as const;
export type Priority = (typeof PRIORITIES)[number];

/** What kind of status a workflow status is; SLA clocks and queues read the category, not the status. */
export const STATUS_CATEGORIES = ['open', 'in_progress', 'waiting', 'done'] as const;
export type StatusCategory = (typeof STATUS_CATEGORIES)[number];

/** Where a ticket stands against its SLA clocks: one breached; one near breach; all running in time; none running. */
export const SLA_STATES = ['breached', 'at_risk', 'on_track', 'none'] as const;
export type SlaState = (typeof SLA_STATES)[number];

/** What a ticket list can be sorted by ('due': the soonest running SLA deadline, none last). */
export const TICKET_SORTS = ['created', 'updated', 'priority', 'due'] as const;
export type TicketSort = (typeof TICKET_SORTS)[number];

/** Every field type once: the compiler refuses a FieldType missing here. */
const FIELD_TYPE_SET: Record<FieldType, true> = {
  text: true,
  longtext: true,
  select: true,
  multiselect: true,
  number: true,
  date: true,
  email: true,
  user: true,
};
export const FIELD_TYPES = Object.keys(FIELD_TYPE_SET) as [FieldType, ...FieldType[]];
