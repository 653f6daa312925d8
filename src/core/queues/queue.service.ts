import type { QueueConfig } from '../../config/desk.schema.js';
import type { Priority, SlaState, StatusCategory, TicketSort } from '../../ports/desk.types.js';
import type { Person, TicketQuery, TicketRecord } from '../../ports/store.port.js';
import type { DeskCatalog } from '../desk.catalog.js';
import { NotFoundError } from '../errors.js';
import { agentDepartments, isAdmin } from '../identity/access.policy.js';
import type { TicketService } from '../tickets/ticket.service.js';

/** Counts in the queue list stop here: a queue longer than this shows as "99+". */
export const QUEUE_COUNT_LIMIT = 99;
/** A queue's own page counts its tickets up to here ("10,000+"). */
export const PAGE_COUNT_LIMIT = 10_000;

/** The views every agent has beside the configured queues, over all the departments they work. */
export const BUILT_IN_VIEWS = [
  { id: 'all', name: 'All tickets', filter: { assignee: 'any' } },
  { id: 'resolved', name: 'Resolved', filter: { statusCategories: ['done'], assignee: 'any' } },
] as const satisfies readonly Omit<QueueConfig, 'department'>[];

/** A queue or built-in view as an agent sees it: its departments (null: every one the agent works). */
export interface QueueView {
  id: string;
  name: string;
  department: string | null;
  filter: QueueConfig['filter'];
}

/** A queue as an agent sees it in the list: how many tickets it holds now. */
export interface QueueSummary {
  id: string;
  name: string;
  department: string | null;
  /** Tickets in the queue, up to QUEUE_COUNT_LIMIT. */
  count: number;
  /** True when there are more than `count`. */
  more: boolean;
}

/** What an agent narrows a queue down by, on top of the queue's own filter. */
export interface QueueFilters {
  statusCategory?: StatusCategory[];
  status?: string[];
  priority?: Priority[];
  /** A person's id, or null for unassigned. */
  assigneeId?: string | null;
  sla?: SlaState[];
  text?: string;
}

export interface QueuePage {
  limit: number;
  /** 1-based; the default is the first. */
  page?: number;
  /** Keyset paging of the newest-first order (the REST API's `before`). */
  beforeId?: number;
  sort?: { by: TicketSort; order: 'asc' | 'desc' };
}

/** The configured queues (saved ticket lists of a department) and the built-in views, for agents. */
export class QueueService {
  constructor(
    private readonly catalog: DeskCatalog,
    private readonly ticketService: TicketService,
  ) {}

  /** The queues of the departments the person works (every queue for an admin), then the built-in views. */
  async list(actor: Person): Promise<QueueSummary[]> {
    return Promise.all(
      this.visible(actor).map(async (q) => {
        const query = this.query(q, actor, {}, { limit: 1 });
        const found = query ? await this.ticketService.count(actor, query, QUEUE_COUNT_LIMIT + 1) : 0;
        const count = Math.min(found, QUEUE_COUNT_LIMIT);
        return { id: q.id, name: q.name, department: q.department, count, more: found > count };
      }),
    );
  }

  /**
   * One page of a queue's tickets with the agent's filters and order (newest first by default), and how
   * many match in all (up to PAGE_COUNT_LIMIT); "not found" for a queue the person does not work.
   */
  async tickets(
    actor: Person,
    queueId: string,
    page: QueuePage,
    filters: QueueFilters = {},
  ): Promise<{ queue: QueueView; tickets: TicketRecord[]; total: number; more: boolean }> {
    const queue = this.visible(actor).find((q) => q.id === queueId);
    if (!queue) throw new NotFoundError(`No queue ${queueId} that you work`);
    const query = this.query(queue, actor, filters, page);
    if (!query) return { queue, tickets: [], total: 0, more: false };
    const [tickets, total] = await Promise.all([
      this.ticketService.list(actor, query),
      this.ticketService.count(actor, { ...query, beforeId: undefined }, PAGE_COUNT_LIMIT + 1),
    ]);
    return {
      queue,
      tickets,
      total: Math.min(total, PAGE_COUNT_LIMIT),
      more: total > PAGE_COUNT_LIMIT,
    };
  }

  private visible(actor: Person): QueueView[] {
    const all = this.catalog.config.queues;
    const mine = new Set(agentDepartments(actor));
    const queues = isAdmin(actor) ? all : all.filter((q) => mine.has(q.department));
    if (!isAdmin(actor) && mine.size === 0) return queues;
    return [...queues, ...BUILT_IN_VIEWS.map((v) => ({ ...v, department: null }))];
  }

  /**
   * The queue's filter and the agent's as one ticket query; null when they cannot both hold (the
   * queue is "waiting" and the agent asks for "open"). Assignee "me" is whoever looks at the queue.
   */
  private query(queue: QueueView, actor: Person, filters: QueueFilters, page: QueuePage): TicketQuery | null {
    const f = queue.filter;
    const statusCategory = both(f.statusCategories, filters.statusCategory);
    const priority = both(f.priorities, filters.priority);
    const fixed = f.assignee === 'unassigned' ? null : f.assignee === 'me' ? actor.id : undefined;
    if (statusCategory?.length === 0 || priority?.length === 0) return null;
    if (fixed !== undefined && filters.assigneeId !== undefined && filters.assigneeId !== fixed) return null;
    const query: TicketQuery = {
      // A built-in view spans the agent's departments; the reader's scope already limits it to them
      // (and to their own requests, which a built-in view should not show unless they work them).
      department: queue.department ? [queue.department] : this.departmentsOf(actor),
      statusCategory,
      status: filters.status,
      priority,
      requestType: 'requestTypes' in f ? f.requestTypes : undefined,
      sla: filters.sla,
      text: filters.text,
      sort: page.sort,
      limit: page.limit,
      offset: ((page.page ?? 1) - 1) * page.limit,
      beforeId: page.beforeId,
    };
    const assignee = fixed !== undefined ? fixed : filters.assigneeId;
    if (assignee !== undefined) query.assigneeId = assignee;
    return query;
  }

  private departmentsOf(actor: Person): string[] {
    return isAdmin(actor) ? this.catalog.config.departments.map((d) => d.id) : agentDepartments(actor);
  }
}

/** Both lists' common values; either alone when the other is absent. */
function both<T>(a: readonly T[] | undefined, b: readonly T[] | undefined): T[] | undefined {
  if (!a?.length) return b?.length ? [...b] : undefined;
  if (!b?.length) return [...a];
  return a.filter((x) => b.includes(x));
}
