import type { Clock } from '../../ports/clock.port.js';
import type { OutboxRow } from '../../ports/conversation-store.port.js';
import type { PingThreshold, SlaClockRecord, SlaClockState } from '../../ports/sla-store.port.js';
import type { SlaTimers } from '../../ports/sla-timer.port.js';
import type { Person, Store, TicketRecord } from '../../ports/store.port.js';
import type { DeskCatalog } from '../desk.catalog.js';
import { ForbiddenError } from '../errors.js';
import { canWork } from '../identity/access.policy.js';
import { checkVisible, loadVisible } from '../tickets/ticket.reader.js';
import { type SlaBrief, slaBriefs } from './sla.brief.js';
import { clockEvents } from './sla.events.js';
import type { SlaMetric } from './sla.goal.js';
import { type PingContext, pingRows, unpageRows } from './sla.pings.js';
import { clockRecords, SlaPolicies, type TicketClocks } from './sla.policies.js';
import { nextDueLine, type SlaView, slaView } from './sla.view.js';

/** What the SLA service needs besides the store: which outbound topics are on, and a nudge for the outbox. */
export interface SlaOptions {
  baseUrl: string;
  outlets: (topic: string) => boolean;
  /** Something was queued: deliver it now rather than at the next poll. */
  wake: () => void;
}

/** How far back the sweep looks for thresholds a crash left unpinged. */
const SWEEP_LOOKBACK_MS = 7 * 86_400_000;
const SWEEP_BATCH = 500;
/**
 * A timer job is set only for a threshold this close; the sweep (every 30 s) sets those that come this
 * close later. SLA goals run in hours, so a change almost never writes a job: the API's create path
 * went from two Agenda inserts, two timer updates and two NOTIFYs per ticket to none (npm run bench, api).
 */
export const TIMER_HORIZON_MS = 5 * 60_000;

/**
 * Keeps each ticket's SLA clocks in the store, sets timers at their next threshold and sends each
 * threshold's ping once. Everything is recomputed from the ticket's events at the clock's `now`, so
 * a stale timer, a retried outbox row or a second instance only finds nothing left to do.
 */
export class SlaService {
  readonly policies: SlaPolicies;
  private timers: SlaTimers | null = null;

  constructor(
    private readonly store: Store,
    private readonly catalog: DeskCatalog,
    private readonly clock: Clock,
    private readonly options: SlaOptions,
  ) {
    this.policies = new SlaPolicies(catalog);
  }

  /** The scheduler registers itself here once it runs (it calls back into sync when a timer fires). */
  useTimers(timers: SlaTimers | null): void {
    this.timers = timers;
  }

  /**
   * The outbox topic 'sla', written with every ticket change: recompute those tickets, all the rows the
   * dispatcher claimed at once (under load one read and one write for many tickets).
   */
  async handleOutbox(rows: OutboxRow[]): Promise<void> {
    const ids = new Set(rows.flatMap((r) => (r.ticketId === null ? [] : [r.ticketId])));
    await this.syncMany([...ids]);
  }

  /** The ticket's clocks at the ticket's events and `now`, or null when its request type has no policy. */
  async clocksOf(ticket: TicketRecord, now = this.clock.now()): Promise<TicketClocks | null> {
    return (await this.computeAll([ticket], now)).get(ticket.id) ?? null;
  }

  /** Clocks of the tickets whose request type has a policy, from one read of their events. */
  private async computeAll(tickets: TicketRecord[], now: Date): Promise<Map<number, TicketClocks>> {
    const measured = tickets.filter((t) => this.policies.policyOf(t.requestType));
    const events = await this.store.sla.events(measured.map((t) => t.id));
    const out = new Map<number, TicketClocks>();
    for (const t of measured) {
      const clocks = this.policies.compute(
        t.requestType,
        clockEvents(this.catalog, events.get(t.id) ?? []),
        now,
      );
      if (clocks) out.set(t.id, clocks);
    }
    return out;
  }

  /**
   * Every clock of a ticket the person may see (by key or internal id), computed now, due times in the
   * person's zone; `agentsOnly` refuses people who do not work the ticket (the chat command).
   */
  async view(actor: Person, which: string | { id: number }, agentsOnly = false): Promise<SlaView> {
    const ticket =
      typeof which === 'string'
        ? await loadVisible(this.store, actor, which)
        : await checkVisible(this.store, actor, await this.store.tickets.byId(which.id), `#${which.id}`);
    if (agentsOnly && !canWork(actor, ticket)) {
      const department = this.catalog.department(ticket.department)?.name ?? ticket.department;
      throw new ForbiddenError(`Only ${department} agents see the SLA of ${ticket.key}`);
    }
    return slaView(ticket, await this.clocksOf(ticket), actor.timezone);
  }

  /** The SLA column of a list of tickets the caller may see: each one's clocks as stored, at now. */
  async briefs(tickets: TicketRecord[]): Promise<Map<number, SlaBrief[]>> {
    const now = this.clock.now();
    const stored = await this.store.sla.clocksOf(tickets.map((t) => t.id));
    return new Map([...stored].map(([id, clocks]) => [id, slaBriefs(clocks, now)]));
  }

  /**
   * The next due time of a ticket from the person's list of requests (already checked visible to them),
   * as one line in their time zone; null when no clock runs.
   */
  async nextDue(person: Person, ticket: TicketRecord): Promise<string | null> {
    return nextDueLine(slaView(ticket, await this.clocksOf(ticket), person.timezone));
  }

  /** Recomputes and stores the ticket's clocks, sends the pings now due, and sets the next timers. */
  sync(ticketId: number): Promise<void> {
    return this.syncMany([ticketId]);
  }

  /** `sync` for many tickets: their tickets, events and clocks in one read each, their clocks in one write. */
  async syncMany(ticketIds: number[]): Promise<void> {
    if (ticketIds.length === 0) return;
    const now = this.clock.now();
    const tickets = await this.store.tickets.byIds(ticketIds);
    const computed = await this.computeAll(tickets, now);
    const stored = await this.store.sla.clocksOf(tickets.map((t) => t.id));
    const records = new Map(tickets.map((t) => [t.id, clockRecords(t.id, computed.get(t.id), now)]));
    await this.store.sla.saveClocks(records);
    let pinged = false;
    for (const ticket of tickets) {
      const before = new Map((stored.get(ticket.id) ?? []).map((c) => [`${c.metric}:${c.cycle}`, c]));
      for (const record of records.get(ticket.id)!) {
        if (record.stoppedAt !== null) continue;
        const prior = before.get(`${record.metric}:${record.cycle}`);
        pinged = (await this.pingDue(ticket, record, new Set(prior?.pinged ?? []), now)) || pinged;
        await this.setTimer(record, prior, now);
      }
      if (ticket.statusCategory === 'done')
        pinged = (await this.unpage(ticket, [...before.values()], now)) || pinged;
    }
    if (pinged) this.options.wake();
  }

  /**
   * Finds thresholds due but missing from the ledger (a crash, a lost timer) and syncs their tickets;
   * then sets timers for thresholds that came within the horizon. Returns the tickets it synced.
   */
  async sweep(): Promise<number> {
    const now = this.clock.now();
    const due = await this.store.sla.dueUnpinged(
      new Date(now.getTime() - SWEEP_LOOKBACK_MS),
      now,
      SWEEP_BATCH,
    );
    await this.syncMany(due.map((d) => d.ticketId));
    if (this.timers) {
      const soon = await this.store.sla.armTimers(
        now,
        new Date(now.getTime() + TIMER_HORIZON_MS),
        SWEEP_BATCH,
      );
      for (const t of soon) await this.timers.at(t.dueAt, t.ticketId);
    }
    return due.length;
  }

  /** Pings the cycle's thresholds already reached; a breach settles a near breach never sent. */
  private async pingDue(
    ticket: TicketRecord,
    c: SlaClockRecord,
    pinged: Set<PingThreshold>,
    now: Date,
  ): Promise<boolean> {
    const breachDue = c.dueAt !== null && c.dueAt <= now && !pinged.has('breached');
    const nearDue = c.nearBreachAt !== null && c.nearBreachAt <= now && !pinged.has('near_breach');
    if (breachDue) {
      // Both due at once (a late timer, a re-target): the breach says it all, the near breach is settled silently.
      return this.ping(ticket, c, 'breached', c.dueAt!, now, nearDue ? ['near_breach'] : []);
    }
    if (nearDue) return this.ping(ticket, c, 'near_breach', c.nearBreachAt!, now, []);
    return false;
  }

  private async ping(
    ticket: TicketRecord,
    c: SlaClockRecord,
    threshold: 'near_breach' | 'breached',
    dueAt: Date,
    now: Date,
    settles: PingThreshold[],
  ): Promise<boolean> {
    const deadline = c.dueAt ?? dueAt;
    const subject = {
      ticket,
      metric: c.metric as SlaMetric,
      cycle: c.cycle,
      threshold,
      goalMs: c.goalMs,
      dueAt,
      deadline,
    };
    const { rows, also } = await pingRows(subject, this.pingContext());
    const ping = { ticketId: ticket.id, metric: c.metric, cycle: c.cycle, threshold, dueAt, firedAt: now };
    return this.store.sla.recordPing(ping, rows, [...also, ...settles]);
  }

  /** Resolves the pages of a resolved ticket's breaches, once each. */
  private async unpage(ticket: TicketRecord, clocks: SlaClockState[], now: Date): Promise<boolean> {
    let any = false;
    for (const c of clocks) {
      if (!c.pinged.includes('page') || c.pinged.includes('unpage')) continue;
      const ping = {
        ticketId: ticket.id,
        metric: c.metric,
        cycle: c.cycle,
        threshold: 'unpage' as const,
        dueAt: now,
        firedAt: now,
      };
      any =
        (await this.store.sla.recordPing(ping, unpageRows(ticket, c.metric, c.cycle, this.pingContext()))) ||
        any;
    }
    return any;
  }

  /**
   * One timer per running cycle, at its next threshold if that is within the horizon (the sweep sets the
   * others when they come close); set again only when that instant moves.
   */
  private async setTimer(c: SlaClockRecord, prior: SlaClockState | undefined, now: Date): Promise<void> {
    const next = [c.nearBreachAt, c.dueAt]
      .filter((t): t is Date => t !== null && t > now)
      .sort((a, b) => a.getTime() - b.getTime())[0];
    if (!next || !this.timers || prior?.timerAt?.getTime() === next.getTime()) return;
    if (next.getTime() - now.getTime() > TIMER_HORIZON_MS) return;
    await this.timers.at(next, c.ticketId);
    await this.store.sla.setTimer(c.ticketId, c.metric, c.cycle, next);
  }

  private pingContext(): PingContext {
    return {
      config: this.catalog.config.notifications.slaPings,
      people: this.store.people,
      outlets: this.options.outlets,
      baseUrl: this.options.baseUrl,
    };
  }
}
