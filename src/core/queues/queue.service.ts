import type { QueueConfig } from '../../config/desk.schema.js';
import type { Person, TicketQuery, TicketRecord } from '../../ports/store.port.js';
import type { DeskCatalog } from '../desk.catalog.js';
import { NotFoundError } from '../errors.js';
import { agentDepartments, isAdmin } from '../identity/access.policy.js';
import type { TicketService } from '../tickets/ticket.service.js';

/** Counts stop here: a queue longer than this shows as "99+" rather than costing a full scan. */
export const QUEUE_COUNT_LIMIT = 99;

/** A queue as an agent sees it in the list: how many tickets it holds now. */
export interface QueueSummary {
  id: string;
  name: string;
  department: string;
  /** Tickets in the queue, up to QUEUE_COUNT_LIMIT. */
  count: number;
  /** True when there are more than `count`. */
  more: boolean;
}

/** The configured queues: saved ticket lists of a department, seen by its agents and managers. */
export class QueueService {
  constructor(
    private readonly catalog: DeskCatalog,
    private readonly ticketService: TicketService,
  ) {}

  /** The queues of the departments the person works (every queue for an admin), with counts. */
  async list(actor: Person): Promise<QueueSummary[]> {
    const queues = this.visible(actor);
    return Promise.all(
      queues.map(async (q) => {
        const found = await this.ticketService.list(
          actor,
          this.query(q, actor, { limit: QUEUE_COUNT_LIMIT + 1 }),
        );
        const count = Math.min(found.length, QUEUE_COUNT_LIMIT);
        return { id: q.id, name: q.name, department: q.department, count, more: found.length > count };
      }),
    );
  }

  /** One queue's tickets, newest first; "not found" for a queue the person does not work. */
  async tickets(
    actor: Person,
    queueId: string,
    page: { limit: number; beforeId?: number },
  ): Promise<{ queue: QueueConfig; tickets: TicketRecord[] }> {
    const queue = this.visible(actor).find((q) => q.id === queueId);
    if (!queue) throw new NotFoundError(`No queue ${queueId} that you work`);
    return { queue, tickets: await this.ticketService.list(actor, this.query(queue, actor, page)) };
  }

  private visible(actor: Person): QueueConfig[] {
    const all = this.catalog.config.queues;
    if (isAdmin(actor)) return all;
    const mine = new Set(agentDepartments(actor));
    return all.filter((q) => mine.has(q.department));
  }

  /** The queue's filter as a ticket query; assignee "me" is whoever looks at the queue. */
  private query(queue: QueueConfig, actor: Person, page: { limit: number; beforeId?: number }): TicketQuery {
    const f = queue.filter;
    const query: TicketQuery = {
      department: [queue.department],
      statusCategory: f.statusCategories,
      priority: f.priorities,
      requestType: f.requestTypes,
      limit: page.limit,
      beforeId: page.beforeId,
    };
    if (f.assignee === 'unassigned') query.assigneeId = null;
    else if (f.assignee === 'me') query.assigneeId = actor.id;
    return query;
  }
}
