import { z } from 'zod';
import { FIELD_TYPES, PRIORITIES, STATUS_CATEGORIES } from '../ports/desk.types.js';
import { attachmentsConfig } from './attachments.schema.js';
import { automationRule, surveyConfig, webhookTarget } from './automation.schema.js';
import { duration, email, id, isTimeZone, time } from './schema.primitives.js';
import { calendar, notifications, slaPolicy } from './sla.schema.js';

/**
 * Who may take a transition: the ticket's requester, any agent of its department, its assignee, a manager
 * of its department, an admin, or an approver of the request (its request type's `approval`).
 */
export const ACTOR_ROLES = ['requester', 'agent', 'assignee', 'manager', 'admin', 'approver'] as const;
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

/**
 * Who approves a request of this type, as in JSM: a person field of the request (its line manager), the
 * department's managers, or people by email; the first answer decides, or all must approve. Approve and
 * decline are the workflow's transitions that leave the approval status.
 */
const approval = z
  .object({
    approvers: z
      .array(z.union([z.literal('managers'), z.object({ field: id }).strict(), email]))
      .min(1)
      .default(['managers']),
    decide: z.enum(['first', 'all']).default('first'),
    approve: id.default('approve'),
    decline: id.default('decline'),
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
    approval: approval.optional(),
    /**
     * The department's "something else": never guessed from words, offered after the guesses (and in
     * the department's list) so a request no other type fits still has a place. One per department.
     */
    catchAll: z.boolean().default(false),
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

const queue = z
  .object({
    // The built-in views (QueueService's BUILT_IN_VIEWS) sit beside the configured queues under these ids.
    id: id.refine((v) => v !== 'all' && v !== 'resolved', 'is the id of a built-in view; choose another'),
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

/** The score below which an article is not suggested for a message (see kb.minScore in config/desk.yaml). */
const KB_MIN_SCORE = 0.9;
const kbConfig = z.object({ minScore: z.number().min(0).default(KB_MIN_SCORE) }).strict();

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
    automations: z.array(automationRule).default([]),
    webhooks: z.array(webhookTarget).default([]),
    survey: surveyConfig.default({ reopenWithin: '5d' }),
    kb: kbConfig.default({ minScore: KB_MIN_SCORE }),
    attachments: attachmentsConfig.default(() => attachmentsConfig.parse({})),
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
export type ApprovalConfig = z.infer<typeof approval>;

export { duration as durationSchema, time as timeSchema };
