import type { Clock } from '../../ports/clock.port.js';
import type { DashboardTicket, DayPart } from '../../ports/report-store.port.js';
import type { Person, Store } from '../../ports/store.port.js';
import type { DeskCatalog } from '../desk.catalog.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../errors.js';
import { agentDepartments, hasRole, isAdmin, isAgent } from '../identity/access.policy.js';
import { bucketFor } from './report.aggregate.js';
import * as build from './report.builders.js';
import { REPORTS, type ReportInfo, type ReportResult } from './report.types.js';

const DAY_MS = 86_400_000;
const MAX_DAYS = 1096;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
/** Days one rollup pass makes at most (a first start over years of history catches up over passes). */
const ROLLUP_BATCH = 400;
/** The rollups each report reads. */
const PARTS: Record<string, DayPart[]> = {
  volume: ['counts'],
  'created-resolved': ['counts'],
  csat: ['counts'],
  sla: ['sla'],
  'response-times': ['times'],
  deflection: ['kb'],
};

export interface ReportQuery {
  from?: string;
  to?: string;
  department?: string;
}

/** The manager's dashboard: what needs them now in their departments. */
export interface Dashboard {
  departments: string[];
  atRisk: (DashboardTicket & { assignee: string | null })[];
  unassigned: { total: number; tickets: DashboardTicket[] };
  load: { agent: string; email: string; open: number }[];
}

/**
 * Reports for agents and managers over their departments (admins: all), from day rollups, and the
 * managers' dashboard. Days are UTC days; the current day is counted live.
 */
export class ReportService {
  constructor(
    private readonly store: Store,
    private readonly catalog: DeskCatalog,
    private readonly clock: Clock,
  ) {}

  list(actor: Person): ReportInfo[] {
    this.scope(actor);
    return REPORTS;
  }

  async run(actor: Person, id: string, query: ReportQuery): Promise<ReportResult> {
    const info = REPORTS.find((r) => r.id === id);
    if (!info) throw new NotFoundError(`No report "${id}"; GET /api/v1/reports lists them`);
    const departments = this.narrow(this.scope(actor), query.department);
    const { from, to } = this.range(query);
    await this.rollUp();
    const bucket = bucketFor(from, to);
    const range = { from, to, bucket };
    const now = this.clock.now();
    let body: Pick<ReportResult, 'columns' | 'rows' | 'summary' | 'chart'>;
    if (id === 'backlog') {
      body = build.backlog(this.catalog, await this.store.reports.backlog(departments, now));
    } else {
      const days = await this.store.reports.days({ from, to }, departments, now, PARTS[id] ?? []);
      if (id === 'volume') body = build.volume(this.catalog, days.counts, range);
      else if (id === 'created-resolved') body = build.createdResolved(days.counts, range);
      else if (id === 'sla') body = build.slaMet(days.sla);
      else if (id === 'response-times') body = build.responseTimes(days.times);
      else if (id === 'csat') body = build.csat(days.counts);
      else
        body = build.deflection(days.kb, await this.store.reports.noResultSearches({ from, to }, 20), range);
    }
    return { ...info, from, to, bucket, ...body };
  }

  /** Rolls up the days that are over and not rolled up yet; returns how many it made. */
  async rollUp(): Promise<number> {
    const today = this.clock.now().toISOString().slice(0, 10);
    const days = await this.store.reports.missingDays(today, ROLLUP_BATCH);
    if (days.length > 0) await this.store.reports.rollUp(days, this.clock.now());
    return days.length;
  }

  async dashboard(actor: Person): Promise<Dashboard> {
    const managed = isAdmin(actor)
      ? null
      : actor.roles.filter((g) => g.role === 'manager').map((g) => g.department);
    if (managed !== null && managed.length === 0)
      throw new ForbiddenError("Only managers see the managers' dashboard");
    const now = this.clock.now();
    const [risky, unassigned, load] = await Promise.all([
      this.store.reports.atRisk(managed, now, 50),
      this.store.reports.unassigned(managed, 50),
      this.store.reports.agentLoad(managed),
    ]);
    const people = new Map<string, Person | null>();
    const person = async (id: string | null) => {
      if (!id) return null;
      if (!people.has(id)) people.set(id, await this.store.people.byId(id));
      return people.get(id) ?? null;
    };
    const atRisk = [];
    for (const t of risky) atRisk.push({ ...t, assignee: (await person(t.assigneeId))?.name ?? null });
    const agents = [];
    for (const l of load) {
      const p = await person(l.assigneeId);
      agents.push({ agent: p?.name ?? l.assigneeId, email: p?.email ?? '', open: l.open });
    }
    return {
      departments: managed ?? this.catalog.config.departments.map((d) => d.id),
      atRisk,
      unassigned,
      load: agents,
    };
  }

  /** The departments a person's reports cover: null for all (admins). */
  private scope(actor: Person): string[] | null {
    if (isAdmin(actor)) return null;
    if (!isAgent(actor) && !hasRole(actor, 'manager'))
      throw new ForbiddenError('Only agents and managers see reports');
    return agentDepartments(actor);
  }

  private narrow(scope: string[] | null, department: string | undefined): string[] | null {
    if (!department) return scope;
    if (!this.catalog.department(department))
      throw new ValidationError('Unknown department', { department: `no department "${department}"` });
    if (scope && !scope.includes(department)) throw new ForbiddenError(`You do not work in ${department}`);
    return [department];
  }

  private range(q: ReportQuery): { from: string; to: string } {
    const today = this.clock.now().toISOString().slice(0, 10);
    const to = q.to ?? today;
    const from = q.from ?? new Date(Date.parse(to) - 29 * DAY_MS).toISOString().slice(0, 10);
    const errors: Record<string, string> = {};
    for (const [k, v] of Object.entries({ from, to }))
      if (!DATE.test(v) || Number.isNaN(Date.parse(v)) || new Date(v).toISOString().slice(0, 10) !== v)
        errors[k] = 'must be a date as YYYY-MM-DD';
    if (Object.keys(errors).length === 0) {
      const days = (Date.parse(to) - Date.parse(from)) / DAY_MS + 1;
      if (days < 1) errors.from = 'must be on or before to';
      else if (days > MAX_DAYS) errors.from = `the range may cover at most ${MAX_DAYS} days`;
    }
    if (Object.keys(errors).length > 0) throw new ValidationError('Bad date range', errors);
    return { from, to };
  }
}
