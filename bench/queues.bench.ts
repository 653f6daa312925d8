import type { Desk } from '../src/core/desk.js';
import type { QueueFilters, QueuePage } from '../src/core/queues/queue.service.js';
import type { Person } from '../src/ports/store.port.js';
import { fmt, percentile } from './stats.js';

/**
 * The agent console's queue pages over the reports bench's tickets (its data, on the server): the IT
 * agent's "All tickets" view, as GET /api/v1/queues/all/tickets asks the core, with each filter, search
 * and order the page offers; the total counted as the page does (up to 10,001), against the same
 * run's count(*) baseline.
 */
export async function benchQueuePages(
  desk: Desk,
  agent: Person,
  sample: (fn: () => Promise<unknown>) => Promise<number[]>,
  base99: number,
  label: string,
): Promise<string[]> {
  const open: QueueFilters = { statusCategory: ['open', 'in_progress', 'waiting'] };
  const cases: [string, QueuePage, QueueFilters][] = [
    ['newest, page 1', { limit: 25 }, {}],
    ['newest, page 40', { limit: 25, page: 40 }, {}],
    ['open, SLA breached', { limit: 25 }, { ...open, sla: ['breached'] }],
    ['open, SLA due soonest', { limit: 25, sort: { by: 'due', order: 'asc' } }, open],
    ['open, highest priority', { limit: 25, sort: { by: 'priority', order: 'desc' } }, open],
    ['search a key', { limit: 25 }, { text: 'IT-500' }],
    ['search words, 1 match', { limit: 25 }, { text: 'request 42424' }],
    ['search words, no match', { limit: 25 }, { text: 'zebra' }],
  ];
  const out: string[] = [];
  for (const [name, page, filters] of cases) {
    let total = 0;
    const lat = await sample(async () => {
      total = (await desk.queues.tickets(agent, 'all', page, filters)).total;
    });
    const p99 = percentile(lat, 99);
    out.push(
      `${label}: queue page ${name.padEnd(24)} p50 ${fmt(percentile(lat, 50), 1).padStart(7)} ms, p99 ${fmt(p99, 1).padStart(7)} ms  (${fmt(p99 / base99, 2)}x count(*); ${fmt(total)} matching)`,
    );
  }
  return out;
}
