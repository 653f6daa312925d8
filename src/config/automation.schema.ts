import { z } from 'zod';
import { PRIORITIES, STATUS_CATEGORIES } from '../ports/desk.types.js';
import { duration, email, id } from './schema.primitives.js';

/**
 * Automation rules, as in Jira Service Management: when (a trigger), if (conditions on the ticket), then
 * (actions, in order). Every action a rule takes is written as the rule, in one change per firing.
 */

const ids = z.array(id).min(1);
const metrics = z.array(z.enum(['first_response', 'resolution'])).min(1);

const when = z.discriminatedUnion('event', [
  z.object({ event: z.literal('ticket.created') }).strict(),
  z.object({ event: z.literal('status.changed'), from: ids.optional(), to: ids.optional() }).strict(),
  z
    .object({
      event: z.literal('comment.added'),
      by: z.enum(['requester', 'agent', 'anyone']).default('anyone'),
      visibility: z.enum(['public', 'internal', 'any']).default('any'),
    })
    .strict(),
  z.object({ event: z.literal('sla.near_breach'), metrics: metrics.optional() }).strict(),
  z.object({ event: z.literal('sla.breached'), metrics: metrics.optional() }).strict(),
  /** The ticket has sat in one of these statuses for this much working time of its department's calendar. */
  z
    .object({
      event: z.literal('idle'),
      statuses: ids.optional(),
      statusCategories: z.array(z.enum(STATUS_CATEGORIES)).min(1).optional(),
      for: duration,
    })
    .strict()
    .refine((w) => w.statuses || w.statusCategories, {
      message: 'an idle trigger needs statuses or statusCategories',
    }),
  /** Every so often, for each ticket the conditions match (open ones unless they say otherwise). */
  z.object({ event: z.literal('schedule'), every: duration }).strict(),
]);

const conditions = z
  .object({
    departments: ids.optional(),
    requestTypes: ids.optional(),
    statuses: ids.optional(),
    statusCategories: z.array(z.enum(STATUS_CATEGORIES)).min(1).optional(),
    priorities: z.array(z.enum(PRIORITIES)).min(1).optional(),
    assignee: z.enum(['unassigned', 'assigned', 'any']).default('any'),
    /** A field's value is one of these (a single value is a list of one). */
    fields: z.record(id, z.union([z.string(), z.array(z.string()).min(1)])).optional(),
  })
  .strict();

/** People, or `triage`: a post under the request's triage card on every chat platform that shows one. */
const recipients = z
  .array(z.union([z.enum(['requester', 'assignee', 'managers', 'agents', 'triage']), email]))
  .min(1);

/** What one action of a rule does; each entry of `then` is exactly one of these. */
export type AutomationAction =
  | { assign: string }
  | { priority: (typeof PRIORITIES)[number] }
  | { transition: string; fields: Record<string, string> }
  | { comment: string; internal: boolean }
  | { notify: string[]; text: string; via: ('chat' | 'email')[] }
  | { webhook: string }
  | { survey: true };

/** Each action's own key, and the keys that may go with it. */
const COMPANIONS = {
  assign: [],
  priority: [],
  transition: ['fields'],
  comment: ['internal'],
  notify: ['text', 'via'],
  webhook: [],
  survey: [],
} as const;
const MAIN = Object.keys(COMPANIONS) as (keyof typeof COMPANIONS)[];

/**
 * One flat object rather than a union, so a mistake is named by its key ("priority: expected one of
 * ...") instead of a union's "invalid input"; the refinement then checks it is one action.
 */
const action = z
  .object({
    assign: z.union([z.enum(['round-robin', 'least-loaded', 'unassigned']), email]).optional(),
    priority: z.enum(PRIORITIES).optional(),
    transition: id.optional(),
    /** Values for the transition's fields, such as a resolution. */
    fields: z.record(id, z.string()).optional(),
    comment: z.string().min(1).max(20_000).optional(),
    internal: z.boolean().optional(),
    notify: recipients.optional(),
    text: z.string().min(1).max(2000).optional(),
    via: z
      .array(z.enum(['chat', 'email']))
      .min(1)
      .optional(),
    /** POSTs the ticket as JSON, signed with HMAC-SHA256, to a URL the config lists under webhooks. */
    webhook: id.optional(),
    survey: z.literal(true).optional(),
  })
  .strict()
  .superRefine((a, ctx) => {
    const main = MAIN.filter((k) => a[k] !== undefined);
    if (main.length !== 1) {
      const message =
        main.length === 0
          ? `an action needs one of: ${MAIN.join(', ')}`
          : `one action per entry, got ${main.join(' and ')}`;
      ctx.addIssue({ code: 'custom', message });
      return;
    }
    const allowed = new Set<string>([main[0]!, ...COMPANIONS[main[0]!]]);
    for (const key of Object.keys(a))
      if (a[key as keyof typeof a] !== undefined && !allowed.has(key))
        ctx.addIssue({ code: 'custom', path: [key], message: `does not go with ${main[0]}` });
    if (main[0] === 'notify' && a.text === undefined)
      ctx.addIssue({ code: 'custom', path: ['text'], message: 'a notify action needs the text to send' });
  })
  .transform((a): AutomationAction => {
    if (a.assign !== undefined) return { assign: a.assign };
    if (a.priority !== undefined) return { priority: a.priority };
    if (a.transition !== undefined) return { transition: a.transition, fields: a.fields ?? {} };
    if (a.comment !== undefined) return { comment: a.comment, internal: a.internal ?? false };
    if (a.notify !== undefined) return { notify: a.notify, text: a.text ?? '', via: a.via ?? ['chat'] };
    if (a.webhook !== undefined) return { webhook: a.webhook };
    return { survey: true };
  });

export const automationRule = z
  .object({
    id,
    name: z.string().min(1).max(120),
    enabled: z.boolean().default(true),
    when,
    if: conditions.default({ assignee: 'any' }),
    // biome-ignore lint/suspicious/noThenProperty: the config's own word (when/if/then); an array is never thenable
    then: z.array(action).min(1),
  })
  .strict();

/** Where webhook actions may post: only these, and never private addresses unless allowPrivate says so. */
export const webhookTarget = z
  .object({
    id,
    url: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }),
    /** Only for tests and on-premises receivers: lets the URL resolve to a loopback or private address. */
    allowPrivate: z.boolean().default(false),
  })
  .strict();

/** The satisfaction survey: how long "still broken" reopens the request after it was resolved. */
export const surveyConfig = z.object({ reopenWithin: duration.default('5d') }).strict();

export type AutomationRule = z.infer<typeof automationRule>;
export type AutomationTrigger = AutomationRule['when'];
export type AutomationConditions = AutomationRule['if'];
export type WebhookTarget = z.infer<typeof webhookTarget>;
