import { z } from 'zod';
import type { Desk } from '../../core/desk.js';
import type { QueueFilters, QueuePage } from '../../core/queues/queue.service.js';
import { PRIORITIES, SLA_STATES, STATUS_CATEGORIES, TICKET_SORTS } from '../../ports/desk.types.js';

/** A comma-separated query parameter as a list of allowed values. */
export const list = <T extends string>(item: z.ZodType<T, string>) =>
  z
    .string()
    .transform((v) =>
      v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    )
    .pipe(z.array(item).max(20))
    .optional();

/** What any ticket list may be narrowed down, ordered and paged by (GET /tickets, GET /queues/:id/tickets). */
export const ticketListQuery = z.object({
  status: list(z.string().max(100)),
  statusCategory: list(z.enum(STATUS_CATEGORIES)),
  priority: list(z.enum(PRIORITIES)),
  /** "me", "unassigned", or a person's id or email. */
  assignee: z.string().max(320).optional(),
  sla: list(z.enum(SLA_STATES)),
  /** A key, words of the summary, or part of the requester's name or email. */
  q: z
    .string()
    .max(200)
    .refine((v) => !v.includes('\0'), 'must not contain NUL')
    .optional(),
  sort: z.enum(TICKET_SORTS).default('created'),
  order: z.enum(['asc', 'desc']).default('desc'),
  limit: z.coerce.number().int().min(1).max(100).default(25),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  before: z.coerce.number().int().positive().optional(),
});
export type TicketListQuery = z.infer<typeof ticketListQuery>;

/** The filters and page of a parsed list query, with "me" and emails resolved to people's ids. */
export async function listFilters(
  desk: Desk,
  q: TicketListQuery,
  me: string,
): Promise<{ filters: QueueFilters; page: QueuePage }> {
  const filters: QueueFilters = {
    status: q.status,
    statusCategory: q.statusCategory,
    priority: q.priority,
    sla: q.sla,
    text: q.q?.trim() || undefined,
  };
  if (q.assignee !== undefined)
    filters.assigneeId = q.assignee === 'unassigned' ? null : await personId(desk, q.assignee, me);
  const page: QueuePage = { limit: q.limit, page: q.page, beforeId: q.before };
  if (q.sort !== 'created' || q.order !== 'desc') page.sort = { by: q.sort, order: q.order };
  return { filters, page };
}

/** "me", a person's id, or their email as an id ("nobody" matches no one). */
export async function personId(desk: Desk, who: string, me: string): Promise<string> {
  if (who === 'me') return me;
  if (!who.includes('@')) return who;
  return (await desk.people.findByEmail(who))?.id ?? 'nobody';
}

/**
 * The link to a list's next page, or null after the last: the same filters and order, keyset by the
 * last id in the default newest-first order (stable while tickets arrive), else the next page number.
 */
export function nextPage(
  path: string,
  rawQuery: unknown,
  q: TicketListQuery,
  shown: { id: number }[],
): string | null {
  const last = shown.at(-1);
  if (shown.length < q.limit || !last) return null;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(rawQuery as Record<string, unknown>))
    if (typeof v === 'string' && k !== 'page' && k !== 'before') params.set(k, v);
  const keyset = q.sort === 'created' && q.order === 'desc' && q.page === 1;
  params.set(keyset ? 'before' : 'page', String(keyset ? last.id : q.page + 1));
  return `${path}?${params}`;
}
