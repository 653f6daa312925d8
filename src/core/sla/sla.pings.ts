import type { SlaPingsConfig } from '../../config/desk.schema.js';
import { PRIORITIES } from '../../ports/desk.types.js';
import type { PingThreshold } from '../../ports/sla-store.port.js';
import type { PeopleStore, Person, TicketRecord } from '../../ports/store.port.js';
import type { SlaMetric } from './sla.goal.js';
import { oneLine, type PingFacts, pingEmail } from './sla.messages.js';
import { METRIC_NAMES } from './sla.policies.js';

/** One outbox row a ping writes, in the ledger's transaction. */
export interface PingRow {
  topic: string;
  ticketId: number | null;
  payload: Record<string, unknown>;
}

/** The clock cycle and threshold a ping is about. */
export interface PingSubject {
  ticket: TicketRecord;
  metric: SlaMetric;
  cycle: number;
  threshold: 'near_breach' | 'breached';
  goalMs: number | null;
  /** When the threshold was reached (the ledger's due time). */
  dueAt: Date;
  /** When the goal is used up, which the ping shows (for a near breach: later than dueAt). */
  deadline: Date;
}

/** What builds ping rows needs: the config, the people, which outbound topics are on, the links. */
export interface PingContext {
  config: SlaPingsConfig;
  people: PeopleStore;
  outlets: (topic: string) => boolean;
  baseUrl: string;
}

/**
 * The outbox rows of a ping (chat notices and emails to the configured people, pages and escalation on
 * a breach) and the other ledger thresholds it settles (a page sent with it).
 */
export async function pingRows(
  s: PingSubject,
  ctx: PingContext,
): Promise<{ rows: PingRow[]; also: PingThreshold[] }> {
  const rule = s.threshold === 'near_breach' ? ctx.config.nearBreach : ctx.config.breach;
  const facts: PingFacts = {
    threshold: s.threshold,
    ticketKey: s.ticket.key,
    summary: s.ticket.summary,
    metric: s.metric,
    goalMs: s.goalMs,
    dueAt: s.deadline,
    link: ticketLink(ctx.baseUrl, s.ticket.key),
  };
  const rows: PingRow[] = [];
  const id = s.ticket.id;
  for (const person of await recipients(s.ticket, rule.notify, ctx.people)) {
    if (rule.via.includes('chat')) {
      const payload = {
        ...facts,
        type: 'sla',
        personId: person.id,
        cycle: s.cycle,
        dueAt: s.deadline.toISOString(),
      };
      rows.push({ topic: 'notify', ticketId: id, payload });
    }
    if (rule.via.includes('email') && ctx.outlets('email')) {
      rows.push({
        topic: 'email',
        ticketId: id,
        payload: { to: person.email, ...pingEmail(facts, person.timezone) },
      });
    }
  }
  const also: PingThreshold[] = [];
  if (s.threshold === 'breached') {
    const pages = pageRows(s, ctx, facts.link);
    if (pages.length > 0) also.push('page');
    rows.push(...pages);
    const escalation = escalationOf(s, ctx.config);
    if (escalation) rows.push({ topic: 'sla.escalate', ticketId: id, payload: escalation });
  }
  // Rules may act on the ping too ("when an SLA is about to breach"), written in the ledger's transaction.
  if (ctx.outlets('automation')) {
    const event = { type: `sla.${s.threshold}`, payload: { metric: s.metric, cycle: s.cycle } };
    rows.push({ topic: 'automation', ticketId: id, payload: { events: [event], depth: 0, ruleId: null } });
  }
  return { rows, also };
}

/** The rows that resolve a breach's page once the ticket is resolved (PagerDuty resolve, Opsgenie close). */
export function unpageRows(ticket: TicketRecord, metric: string, cycle: number, ctx: PingContext): PingRow[] {
  const key = dedupKey(ticket.key, metric, cycle);
  const rows: PingRow[] = [];
  if (ctx.outlets('pagerduty'))
    rows.push({ topic: 'pagerduty', ticketId: ticket.id, payload: { action: 'resolve', dedupKey: key } });
  if (ctx.outlets('opsgenie'))
    rows.push({ topic: 'opsgenie', ticketId: ticket.id, payload: { action: 'close', alias: key } });
  return rows;
}

function pageRows(s: PingSubject, ctx: PingContext, link: string): PingRow[] {
  const page = ctx.config.page;
  if (!page.priorities.includes(s.ticket.priority)) return [];
  const key = dedupKey(s.ticket.key, s.metric, s.cycle);
  const summary = oneLine(
    `SLA breached: ${s.ticket.key} ${METRIC_NAMES[s.metric]} — ${s.ticket.summary}`,
  ).slice(0, 1000);
  const details = {
    ticket: s.ticket.key,
    metric: s.metric,
    cycle: s.cycle,
    priority: s.ticket.priority,
    department: s.ticket.department,
    dueAt: s.deadline.toISOString(),
    link,
  };
  const rows: PingRow[] = [];
  if (page.via.includes('pagerduty') && ctx.outlets('pagerduty')) {
    rows.push({
      topic: 'pagerduty',
      ticketId: s.ticket.id,
      payload: { action: 'trigger', dedupKey: key, summary, details },
    });
  }
  if (page.via.includes('opsgenie') && ctx.outlets('opsgenie')) {
    rows.push({
      topic: 'opsgenie',
      ticketId: s.ticket.id,
      payload: { action: 'create', alias: key, summary, details },
    });
  }
  return rows;
}

/** The first matching escalation's priority raise and the first matching reassignment, if any. */
function escalationOf(s: PingSubject, config: SlaPingsConfig): Record<string, unknown> | null {
  const matching = config.escalations.filter(
    (e) =>
      (e.priorities === undefined || e.priorities.includes(s.ticket.priority)) &&
      (e.metrics === undefined || e.metrics.includes(s.metric)),
  );
  const raise = matching.find((e) => e.raisePriority)?.raisePriority;
  const assignTo = matching.find((e) => e.assignTo)?.assignTo;
  if (!raise && !assignTo) return null;
  return {
    type: 'escalate',
    metric: s.metric,
    cycle: s.cycle,
    ...(raise ? { raisePriority: raise } : {}),
    ...(assignTo ? { assignTo } : {}),
  };
}

async function recipients(ticket: TicketRecord, who: string[], people: PeopleStore): Promise<Person[]> {
  const found = new Map<string, Person>();
  if (who.includes('assignee') && ticket.assigneeId) {
    const p = await people.byId(ticket.assigneeId);
    if (p) found.set(p.id, p);
  }
  if (who.includes('managers') || who.includes('agents')) {
    for (const p of await people.withRole('manager', ticket.department)) found.set(p.id, p);
  }
  if (who.includes('agents')) {
    for (const p of await people.withRole('agent', ticket.department)) found.set(p.id, p);
  }
  return [...found.values()];
}

/** One incident or alert per clock cycle: a reopened ticket's new breach pages anew. */
export function dedupKey(ticketKey: string, metric: string, cycle: number): string {
  return `deskbot-${ticketKey}-${metric}-${cycle}`;
}

export function ticketLink(baseUrl: string, key: string): string {
  return `${baseUrl}/agent/tickets/${key}`;
}

/** True when `to` is a higher priority than `from` (highest first in PRIORITIES). */
export function isHigher(to: string, from: string): boolean {
  return PRIORITIES.indexOf(to as never) < PRIORITIES.indexOf(from as never);
}
