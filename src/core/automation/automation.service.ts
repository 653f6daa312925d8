import type { AutomationRule } from '../../config/automation.schema.js';
import type { IdleTimer } from '../../ports/automation-store.port.js';
import type { Clock } from '../../ports/clock.port.js';
import type { OutboxRow } from '../../ports/conversation-store.port.js';
import {
  CursorMovedError,
  RuleAlreadyRanError,
  type Store,
  type TicketRecord,
} from '../../ports/store.port.js';
import type { DeskCatalog } from '../desk.catalog.js';
import { DepartmentTime } from '../sla/department.time.js';
import { parseDuration } from '../sla/sla.goal.js';
import { newChange } from '../tickets/ticket.change.js';
import { type ActionContext, planActions } from './rule.actions.js';
import { type ChangeEvent, conditionsHold, isIdleRule, triggeredBy, waitsIn } from './rule.match.js';

/** A chain of rules firing rules stops here (Jira's limit is 10 as well). */
export const MAX_CHAIN_DEPTH = 10;
/** A lost race (the ticket or a round-robin cursor moved) plans again, this often, then the outbox retries. */
const WRITE_ATTEMPTS = 10;
const DAY_MS = 86_400_000;
/** Tickets one schedule tick acts on, at most. */
const SCHEDULE_BATCH = 500;

export interface AutomationOptions {
  baseUrl: string;
  email: () => boolean;
  /** A rule that gave up (chain depth) or an action that failed, for the log. */
  onEvent?: (event: { rule: string; ticket: string; message: string }) => void;
}

/**
 * Runs the desk's automation rules. Changes reach it through the outbox topic 'automation' (written
 * with every change that has events, so a crash loses none and a failure is retried); idle and
 * scheduled rules are fired by `sweep`. A rule's actions are one change, written as the rule, once per
 * trigger; a rule never fires on its own change, and a chain of rules stops at MAX_CHAIN_DEPTH.
 */
export class AutomationService {
  private readonly rules: AutomationRule[];
  private readonly time: DepartmentTime;
  private readonly ctx: ActionContext;
  /** Round-robin firings per department, one after another in this process (the cursor's CAS covers others). */
  private readonly turns = new Map<string, Promise<unknown>>();

  constructor(
    private readonly store: Store,
    catalog: DeskCatalog,
    private readonly clock: Clock,
    private readonly options: AutomationOptions,
  ) {
    this.rules = catalog.config.automations.filter((r) => r.enabled);
    this.time = new DepartmentTime(catalog.config);
    const self = this;
    this.ctx = {
      store,
      catalog,
      baseUrl: options.baseUrl,
      get email() {
        return self.options.email();
      },
    };
  }

  /** Whether any rule is on: without, changes write no automation rows at all. */
  get enabled(): boolean {
    return this.rules.length > 0;
  }

  /** The outbox topic 'automation': one change's events. */
  async handle(row: OutboxRow): Promise<'delivered' | { skipped: string }> {
    if (row.ticketId === null) return { skipped: 'no ticket' };
    const ticket = await this.store.tickets.byId(row.ticketId);
    if (!ticket) return { skipped: 'no ticket' };
    await this.armIdle(ticket);
    const events = (row.payload.events ?? []) as ChangeEvent[];
    const depth = Number(row.payload.depth ?? 0);
    const source = typeof row.payload.ruleId === 'string' ? row.payload.ruleId : null;
    const due = this.rules.filter((r) => r.id !== source && triggeredBy(r.when, events, ticket));
    if (due.length > 0 && depth >= MAX_CHAIN_DEPTH) {
      for (const r of due) this.note(r, ticket, `not run: a chain of ${depth} rules reached the limit`);
      return { skipped: 'chain depth limit' };
    }
    let fired = 0;
    for (const rule of due)
      if (await this.inTurn(rule, ticket, () => this.fire(rule, ticket.id, `change:${row.id}`, depth + 1)))
        fired++;
    return fired > 0 || due.length === 0 ? 'delivered' : { skipped: 'no rule matched' };
  }

  /** Fires idle rules that are due and scheduled rules whose time came; returns how many fired. */
  async sweep(limit = 200): Promise<number> {
    let fired = 0;
    for (const timer of await this.store.automation.dueTimers(this.clock.now(), limit)) {
      if (await this.fireIdle(timer)) fired++;
      await this.store.automation.finishTimer(timer);
    }
    for (const rule of this.rules) if (rule.when.event === 'schedule') fired += await this.tick(rule);
    return fired;
  }

  /** Sets the timers of the idle rules the ticket now waits for. */
  private async armIdle(ticket: TicketRecord): Promise<void> {
    const idle = this.rules
      .filter(isIdleRule)
      .filter((r) => waitsIn(r.when, ticket) && conditionsHold(r.if, ticket));
    if (idle.length === 0) return;
    const since = await this.store.automation.statusSince(ticket.id);
    if (!since) return;
    const timers: IdleTimer[] = [];
    for (const rule of idle) {
      const dueAt = this.time.after(ticket.department, since, rule.when.for);
      if (dueAt) timers.push({ ticketId: ticket.id, ruleId: rule.id, since, dueAt });
    }
    await this.store.automation.setTimers(timers);
  }

  private async fireIdle(timer: IdleTimer): Promise<boolean> {
    const rule = this.rules.find((r) => r.id === timer.ruleId);
    const ticket = await this.store.tickets.byId(timer.ticketId);
    if (!rule || !isIdleRule(rule) || !ticket || !waitsIn(rule.when, ticket)) return false;
    // It left the status and came back since: a newer timer stands for this wait.
    const since = await this.store.automation.statusSince(ticket.id);
    if (since?.getTime() !== timer.since.getTime()) return false;
    return this.fire(rule, ticket.id, `idle:${timer.since.toISOString()}`, 1);
  }

  private async tick(rule: AutomationRule): Promise<number> {
    if (rule.when.event !== 'schedule') return 0;
    const key = `schedule:${rule.id}`;
    const now = this.clock.now();
    const last = await this.store.automation.cursor(key);
    const every = parseDuration(rule.when.every, DAY_MS);
    if (last && now.getTime() - new Date(last).getTime() < every) return 0;
    await this.store.automation.setCursor(key, now.toISOString(), now);
    const c = rule.if;
    const tickets = await this.store.tickets.list(
      {
        statusCategory: c.statusCategories ?? ['open', 'in_progress', 'waiting'],
        ...(c.departments ? { department: c.departments } : {}),
        ...(c.requestTypes ? { requestType: c.requestTypes } : {}),
        limit: SCHEDULE_BATCH,
      },
      { all: true },
    );
    let fired = 0;
    for (const t of tickets) if (await this.fire(rule, t.id, `schedule:${now.toISOString()}`, 1)) fired++;
    return fired;
  }

  /** The rule's actions as one change, if its conditions hold on the ticket as it is; once per trigger. */
  private async fire(
    rule: AutomationRule,
    ticketId: number,
    trigger: string,
    depth: number,
  ): Promise<boolean> {
    for (let attempt = 1; attempt <= WRITE_ATTEMPTS; attempt++) {
      const ticket = await this.store.tickets.byId(ticketId);
      if (!ticket || !conditionsHold(rule.if, ticket)) return false;
      const change = newChange(null, this.clock.now());
      change.rule = { id: rule.id, name: rule.name, trigger, depth };
      const patch = await planActions(this.ctx, rule, ticket, change);
      if (change.events.length > 0) change.outbox.push({ topic: 'sla', payload: {} });
      const fieldChange = Object.keys(patch).length > 0;
      try {
        const saved = await this.store.tickets.update(
          ticket.id,
          fieldChange ? ticket.version : null,
          patch,
          change,
        );
        if (saved) return true;
      } catch (err) {
        if (err instanceof RuleAlreadyRanError) return false;
        if (!(err instanceof CursorMovedError)) throw err;
      }
    }
    throw new Error(`${rule.id}: the ticket kept changing; trying again later`);
  }

  /** A rule that assigns round-robin waits for the department's previous one (they share a cursor). */
  private inTurn<T>(rule: AutomationRule, ticket: TicketRecord, run: () => Promise<T>): Promise<T> {
    if (!rule.then.some((a) => 'assign' in a && a.assign === 'round-robin')) return run();
    const previous = this.turns.get(ticket.department) ?? Promise.resolve();
    const mine = previous.then(run, run);
    const settled = mine.catch(() => undefined);
    this.turns.set(ticket.department, settled);
    void settled.then(() => {
      if (this.turns.get(ticket.department) === settled) this.turns.delete(ticket.department);
    });
    return mine;
  }

  private note(rule: AutomationRule, ticket: TicketRecord, message: string): void {
    this.options.onEvent?.({ rule: rule.id, ticket: ticket.key, message });
  }
}
