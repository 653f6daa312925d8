import type { AutomationAction, AutomationRule } from '../../config/automation.schema.js';
import type { ChangeSet, Person, Store, TicketPatch, TicketRecord } from '../../ports/store.port.js';
import type { DeskCatalog } from '../desk.catalog.js';
import { recordPatch } from '../tickets/ticket.change.js';
import { requestUrl } from '../tickets/ticket.links.js';
import { planTransition } from '../workflow/transition.plan.js';
import { pickAssignee } from './rule.assignees.js';

/** What actions need: the store (people, load, cursors), the config, the desk's links. */
export interface ActionContext {
  store: Store;
  catalog: DeskCatalog;
  baseUrl: string;
  /** Whether email is configured (a notify action's email part is left out otherwise). */
  email: boolean;
}

/**
 * Plans a rule's actions, in order, into one change on the ticket: each sees the ticket as the earlier
 * ones left it. An action that cannot apply (a transition not allowed from the status it is in, an
 * assignee who is no agent) is written to the history as skipped, with why, and the rest go on.
 */
export async function planActions(
  ctx: ActionContext,
  rule: AutomationRule,
  ticket: TicketRecord,
  change: ChangeSet,
): Promise<TicketPatch> {
  let now = ticket;
  const patch: TicketPatch = {};
  for (const action of rule.then) {
    try {
      const step = await planAction(ctx, action, now, change, rule.name);
      Object.assign(patch, step);
      now = { ...now, ...step };
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      change.history.push({ field: 'rule_skipped', before: null, after: `${describe(action)}: ${reason}` });
    }
  }
  return patch;
}

async function planAction(
  ctx: ActionContext,
  action: AutomationAction,
  ticket: TicketRecord,
  change: ChangeSet,
  ruleName: string,
): Promise<TicketPatch> {
  if ('assign' in action) {
    const picked = await pickAssignee(ctx.store, ticket, action.assign);
    if (picked.cursor) change.cursor = picked.cursor;
    const patch = recordPatch(change, ticket, { assigneeId: picked.personId });
    if (patch.assigneeId !== undefined) {
      change.events.push({
        type: 'ticket.assigned',
        payload: { from: ticket.assigneeId, to: patch.assigneeId },
      });
      if (patch.assigneeId)
        change.outbox.push({ topic: 'notify', payload: { type: 'assigned', personIds: [patch.assigneeId] } });
      change.outbox.push({ topic: 'triage', payload: { type: 'ticket.updated' } });
    }
    return patch;
  }
  if ('priority' in action) {
    const patch = recordPatch(change, ticket, { priority: action.priority });
    if (patch.priority) {
      change.events.push({
        type: 'ticket.priority_changed',
        payload: { from: ticket.priority, to: patch.priority },
      });
      change.outbox.push({ topic: 'triage', payload: { type: 'ticket.updated' } });
    }
    return patch;
  }
  if ('transition' in action) {
    return planTransition(
      ctx.store,
      ctx.catalog,
      ticket,
      null,
      { transition: action.transition, fields: action.fields },
      change,
    );
  }
  if ('comment' in action) {
    const body = fill(action.comment, ticket, ctx.baseUrl);
    change.comments.push({ authorId: null, body, internal: action.internal });
    change.history.push({
      field: action.internal ? 'internal_comment' : 'comment',
      before: null,
      after: body,
    });
    change.events.push({
      type: 'comment.added',
      payload: { internal: action.internal, authorId: null, byAgent: true },
    });
    if (!action.internal)
      change.outbox.push({
        topic: 'relay',
        payload: { type: 'comment', body, authorId: null, requesterId: ticket.requesterId },
      });
    change.outbox.push({
      topic: 'triage',
      payload: { type: action.internal ? 'note' : 'comment', body, authorId: null },
    });
    return {};
  }
  if ('notify' in action) {
    const people = await recipients(ctx.store, ticket, action.notify);
    const text = fill(action.text, ticket, ctx.baseUrl);
    if (action.notify.includes('triage'))
      change.outbox.push({ topic: 'triage', payload: { type: 'rule', author: ruleName, body: text } });
    if (action.via.includes('chat') && people.length > 0)
      change.outbox.push({
        topic: 'notify',
        payload: { type: 'rule', personIds: people.map((p) => p.id), text },
      });
    if (action.via.includes('email') && ctx.email)
      for (const p of people)
        change.outbox.push({
          topic: 'email',
          payload: {
            to: p.email,
            subject: `[${ticket.key}] ${ticket.summary}`,
            text: `${text}\n\n${link(ctx.baseUrl, ticket)}\n`,
          },
        });
    const told = [...people.map((p) => p.email), ...(action.notify.includes('triage') ? ['triage'] : [])];
    change.history.push({ field: 'notified', before: null, after: told });
    return {};
  }
  if ('webhook' in action) {
    change.outbox.push({
      topic: 'webhook',
      payload: { target: action.webhook, event: 'rule', ticket: snapshot(ticket) },
    });
    change.history.push({ field: 'webhook', before: null, after: action.webhook });
    return {};
  }
  change.outbox.push({ topic: 'survey', payload: {} });
  change.history.push({ field: 'survey', before: null, after: 'sent' });
  return {};
}

async function recipients(store: Store, ticket: TicketRecord, who: string[]): Promise<Person[]> {
  const found = new Map<string, Person>();
  const add = (p: Person | null) => p && found.set(p.id, p);
  for (const to of who) {
    if (to === 'requester') add(await store.people.byId(ticket.requesterId));
    else if (to === 'assignee') add(ticket.assigneeId ? await store.people.byId(ticket.assigneeId) : null);
    else if (to === 'managers')
      for (const p of await store.people.withRole('manager', ticket.department)) add(p);
    else if (to === 'agents') for (const p of await store.people.withRole('agent', ticket.department)) add(p);
    else if (to === 'triage')
      continue; // a channel, not a person: posted under the triage card
    else {
      const p = await store.people.byEmail(to);
      // Listed people only: a rule never mails an address the desk does not know.
      if (p) add(p);
    }
  }
  return [...found.values()];
}

/** `{{key}}`, `{{summary}}`, `{{status}}`, `{{link}}` in a rule's words. */
function fill(text: string, ticket: TicketRecord, baseUrl: string): string {
  return text
    .replaceAll('{{key}}', ticket.key)
    .replaceAll('{{summary}}', ticket.summary)
    .replaceAll('{{status}}', ticket.status)
    .replaceAll('{{link}}', link(baseUrl, ticket));
}

function link(baseUrl: string, ticket: TicketRecord): string {
  return requestUrl(baseUrl, ticket.key);
}

/** What a webhook receiver gets: the ticket's facts, never its comments. */
function snapshot(t: TicketRecord): Record<string, unknown> {
  return {
    key: t.key,
    department: t.department,
    requestType: t.requestType,
    summary: t.summary,
    status: t.status,
    statusCategory: t.statusCategory,
    priority: t.priority,
    assigneeId: t.assigneeId,
    resolution: t.resolution,
  };
}

function describe(action: AutomationAction): string {
  if ('assign' in action) return `assign ${action.assign}`;
  if ('transition' in action) return `transition ${action.transition}`;
  return Object.keys(action)[0] ?? 'action';
}
