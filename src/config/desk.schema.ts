import { z } from 'zod';
import { FIELD_TYPES, PRIORITIES, STATUS_CATEGORIES } from '../ports/desk.types.js';

/** Ids are lower-case slugs so they read well in URLs, chat commands and logs. */
const id = z.string().regex(/^[a-z][a-z0-9_-]*$/, 'must be a lower-case id (letters, digits, - and _)');
const email = z.email('must be an email address');
const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time as HH:MM');
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD');
/** Durations as people write them: 30m, 4h, 2d, 1h30m (business time in SLA goals). */
const duration = z
  .string()
  .regex(/^(?=\d)(\d+d)?(\d+h)?(\d+m)?$/, 'must be a duration such as 30m, 4h or 1h30m');

/** Who may take a transition: the ticket's requester, any agent of its department, its assignee, a manager of its department. */
export const ACTOR_ROLES = ['requester', 'agent', 'assignee', 'manager', 'admin'] as const;
export const COMPARE_OPS = ['=', '!=', '<', '<=', '>', '>='] as const;

const field = z
  .object({
    id,
    label: z.string().min(1),
    type: z.enum(FIELD_TYPES),
    required: z.boolean().default(false),
    help: z.string().optional(),
    options: z.array(z.string().min(1)).min(1).optional(),
    min: z.number().optional(),
    max: z.number().optional(),
    maxLength: z.number().int().positive().optional(),
  })
  .strict()
  .refine((f) => !(f.type === 'select' || f.type === 'multiselect') || f.options !== undefined, {
    message: 'a select field needs options',
    path: ['options'],
  });

const requiredValidator = z
  .object({ type: z.literal('required'), field: id, message: z.string().optional() })
  .strict();
const compareValidator = z
  .object({
    type: z.literal('compare'),
    field: id,
    op: z.enum(COMPARE_OPS),
    other: id,
    message: z.string().optional(),
  })
  .strict();
const validator = z.discriminatedUnion('type', [requiredValidator, compareValidator]);

const postFunction = z.discriminatedUnion('type', [
  z.object({ type: z.literal('assignToActor') }).strict(),
  z.object({ type: z.literal('setField'), field: id, value: z.string() }).strict(),
  z.object({ type: z.literal('clearField'), field: id }).strict(),
  z
    .object({ type: z.literal('comment'), body: z.string().min(1), internal: z.boolean().default(false) })
    .strict(),
  z
    .object({ type: z.literal('notify'), to: z.array(z.enum(['requester', 'assignee', 'managers'])).min(1) })
    .strict(),
]);

const status = z.object({ id, name: z.string().min(1), category: z.enum(STATUS_CATEGORIES) }).strict();

const transition = z
  .object({
    id,
    name: z.string().min(1),
    from: z.array(id).min(1),
    to: id,
    /** The condition: any of these may take it. */
    who: z.array(z.enum(ACTOR_ROLES)).min(1),
    /** Fields the transition asks for (values may be given when taking it). */
    fields: z.array(id).default([]),
    validators: z.array(validator).default([]),
    postFunctions: z.array(postFunction).default([]),
  })
  .strict();

const workflow = z
  .object({
    id,
    name: z.string().min(1),
    initial: id,
    statuses: z.array(status).min(1),
    transitions: z.array(transition).min(1),
  })
  .strict();

const requestType = z
  .object({
    id,
    name: z.string().min(1),
    description: z.string().min(1),
    keywords: z.array(z.string()).default([]),
    workflow: id,
    slaPolicy: id.optional(),
    defaultPriority: z.enum(PRIORITIES).default('medium'),
    fields: z.array(field).default([]),
    validators: z.array(validator).default([]),
  })
  .strict();

const department = z
  .object({
    id,
    name: z.string().min(1),
    keyPrefix: z.string().regex(/^[A-Z][A-Z0-9]{0,9}$/, 'must be 1 to 10 capital letters or digits'),
    calendar: id.optional(),
    triage: z.record(z.string(), z.string()).default({}),
    agents: z.array(email).default([]),
    managers: z.array(email).default([]),
    kbEditors: z.array(email).default([]),
    /**
     * A chat platform's roles that make their holders this department's agents or managers, by role name
     * or id, per platform: `{ discord: { agents: ["IT Support"], managers: ["IT Leads"] } }`.
     */
    chatRoles: z
      .record(
        z.string(),
        z
          .object({
            agents: z.array(z.string().min(1)).default([]),
            managers: z.array(z.string().min(1)).default([]),
          })
          .strict(),
      )
      .default({}),
    requestTypes: z.array(requestType).min(1),
  })
  .strict();

/** 24:00 may end a range so a day can run to midnight. */
const weekday = z.array(
  z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d-(([01]\d|2[0-3]):[0-5]\d|24:00)$/, 'must be a range as HH:MM-HH:MM'),
);
const calendar = z
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

const slaPolicy = z
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

const notifications = z.object({ slaPings: slaPings.default(() => slaPings.parse({})) }).strict();

const queue = z
  .object({
    id,
    name: z.string().min(1),
    department: id,
    filter: z
      .object({
        statusCategories: z.array(z.enum(STATUS_CATEGORIES)).optional(),
        priorities: z.array(z.enum(PRIORITIES)).optional(),
        requestTypes: z.array(id).optional(),
        assignee: z.enum(['unassigned', 'me', 'any']).default('any'),
      })
      .strict()
      .default({ assignee: 'any' }),
  })
  .strict();

const person = z
  .object({
    email,
    name: z.string().min(1),
    timezone: z.string().refine(isTimeZone, 'must be an IANA time zone such as Europe/London').default('UTC'),
    admin: z.boolean().default(false),
    demo: z.enum(['requester', 'agent', 'manager']).optional(),
  })
  .strict();

export const deskSchema = z
  .object({
    desk: z.object({ name: z.string().min(1), baseUrl: z.url().optional() }).strict(),
    resolutions: z.array(z.string().min(1)).min(1).default(['Done', "Won't do", 'Duplicate']),
    calendars: z.array(calendar).default([]),
    slaPolicies: z.array(slaPolicy).default([]),
    workflows: z.array(workflow).min(1),
    departments: z.array(department).min(1),
    queues: z.array(queue).default([]),
    people: z.array(person).default([]),
    notifications: notifications.default(() => notifications.parse({})),
  })
  .strict();

export type DeskConfig = z.infer<typeof deskSchema>;
export type DepartmentConfig = DeskConfig['departments'][number];
export type RequestTypeConfig = DepartmentConfig['requestTypes'][number];
export type FieldConfig = RequestTypeConfig['fields'][number];
export type WorkflowConfig = DeskConfig['workflows'][number];
export type StatusConfig = WorkflowConfig['statuses'][number];
export type TransitionConfig = WorkflowConfig['transitions'][number];
export type ValidatorConfig = TransitionConfig['validators'][number];
export type PostFunctionConfig = TransitionConfig['postFunctions'][number];
export type QueueConfig = DeskConfig['queues'][number];
export type PersonConfig = DeskConfig['people'][number];
export type SlaPingsConfig = DeskConfig['notifications']['slaPings'];
export type ActorRole = (typeof ACTOR_ROLES)[number];

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export { duration as durationSchema, time as timeSchema };
