import { z } from 'zod';
import { PRIORITIES, STATUS_CATEGORIES } from '../ports/desk.types.js';
import { duration, email, id, isoDate, isTimeZone } from './schema.primitives.js';

/** The desk config's SLA sections: business-hours calendars, SLA policies, and who is pinged how. */

/** 24:00 may end a range so a day can run to midnight. */
const weekday = z.array(
  z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d-(([01]\d|2[0-3]):[0-5]\d|24:00)$/, 'must be a range as HH:MM-HH:MM'),
);
export const calendar = z
  .object({
    id,
    name: z.string().min(1),
    timezone: z.string().refine(isTimeZone, 'must be an IANA time zone such as Europe/London'),
    hours: z
      .object({
        mon: weekday.optional(),
        tue: weekday.optional(),
        wed: weekday.optional(),
        thu: weekday.optional(),
        fri: weekday.optional(),
        sat: weekday.optional(),
        sun: weekday.optional(),
      })
      .strict(),
    holidays: z
      .array(
        z.object({ date: isoDate, name: z.string().min(1), yearly: z.boolean().default(false) }).strict(),
      )
      .default([]),
  })
  .strict();

const goal = z
  .object({
    priorities: z.array(z.enum(PRIORITIES)).optional(),
    requestTypes: z.array(id).optional(),
    /** A duration, or "none" for no target. */
    target: z.union([duration, z.literal('none')]),
  })
  .strict();

export const slaPolicy = z
  .object({
    id,
    name: z.string().min(1),
    calendar: id,
    nearBreachAt: z.number().gt(0).lt(1).default(0.75),
    /** Statuses that pause the clocks: any status of these categories, or these status ids. */
    pause: z
      .object({
        categories: z.array(z.enum(STATUS_CATEGORIES)).default(['waiting']),
        statuses: z.array(id).default([]),
      })
      .strict()
      .default({ categories: ['waiting'], statuses: [] }),
    metrics: z
      .array(
        z
          .object({
            metric: z.enum(['first_response', 'resolution', 'next_response']),
            goals: z.array(goal).min(1),
          })
          .strict(),
      )
      .min(1),
  })
  .strict();

/** Who an SLA ping goes to, and how people are reached (chat DM on their linked channels, email). */
const pingAudience = z.array(z.enum(['assignee', 'managers', 'agents'])).min(1);
const pingVia = z.array(z.enum(['chat', 'email'])).min(1);

/** What happens on a breach besides the pings: raise the priority, hand the ticket to a queue or agent. */
const escalation = z
  .object({
    priorities: z.array(z.enum(PRIORITIES)).optional(),
    metrics: z.array(z.enum(['first_response', 'resolution', 'next_response'])).optional(),
    /** The priority the ticket is raised to (never lowered). */
    raisePriority: z.enum(PRIORITIES).optional(),
    /** An agent's email, or "unassigned" to put the ticket back in the department's queue. */
    assignTo: z.union([email, z.literal('unassigned')]).optional(),
  })
  .strict()
  .refine((e) => e.raisePriority !== undefined || e.assignTo !== undefined, {
    message: 'an escalation needs raisePriority or assignTo',
  });

const slaPings = z
  .object({
    nearBreach: z
      .object({ notify: pingAudience.default(['assignee']), via: pingVia.default(['chat', 'email']) })
      .strict()
      .default({ notify: ['assignee'], via: ['chat', 'email'] }),
    breach: z
      .object({ notify: pingAudience.default(['managers']), via: pingVia.default(['chat', 'email']) })
      .strict()
      .default({ notify: ['managers'], via: ['chat', 'email'] }),
    /** Breaches of tickets with these priorities page on call (PagerDuty, Opsgenie), resolved with the ticket. */
    page: z
      .object({
        priorities: z.array(z.enum(PRIORITIES)).default(['highest']),
        via: z
          .array(z.enum(['pagerduty', 'opsgenie']))
          .min(1)
          .default(['pagerduty', 'opsgenie']),
      })
      .strict()
      .default({ priorities: ['highest'], via: ['pagerduty', 'opsgenie'] }),
    /** Every matching entry applies on a breach (first matching raisePriority and assignTo win). */
    escalations: z.array(escalation).default([]),
  })
  .strict();

/**
 * Email beside chat (when SMTP_URL is set): new requests to the department's agents, and a requester's
 * updates by email while no chat conversation follows the request (a reply to that email is a comment).
 */
const emailNotices = z
  .object({
    newTickets: z.enum(['agents', 'managers', 'none']).default('agents'),
    requesterUpdates: z.boolean().default(true),
  })
  .strict();

export const notifications = z
  .object({
    slaPings: slaPings.default(() => slaPings.parse({})),
    email: emailNotices.default({ newTickets: 'agents', requesterUpdates: true }),
  })
  .strict();
