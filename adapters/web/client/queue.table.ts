import { type Child, h, shortTime, srOnly } from './dom.js';
import { priorityName, span } from './labels.js';
import type { QueueTicket, SlaBrief } from './types.js';

const COLUMNS = ['Key', 'Summary', 'Requester', 'Status', 'Priority', 'Assignee', 'SLA', 'Updated'];
/** Which column the order sorts by, for aria-sort on its header. */
const SORTED: Record<string, string> = {
  created: 'Key',
  updated: 'Updated',
  priority: 'Priority',
  due: 'SLA',
};

/**
 * A queue's tickets as a table; on a phone each row becomes a card, its cells labelled (the labels
 * come from data-label, so the markup stays one table for screen readers).
 */
export function queueTable(tickets: QueueTicket[], order: string): HTMLElement {
  const [by, dir] = order.split(':');
  return h(
    'table',
    { class: 'tickets queue-table' },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        COLUMNS.map((c) =>
          h(
            'th',
            {
              scope: 'col',
              'aria-sort': SORTED[by!] === c ? (dir === 'asc' ? 'ascending' : 'descending') : null,
            },
            c,
          ),
        ),
      ),
    ),
    h(
      'tbody',
      {},
      tickets.map((t) => {
        const cell = (label: string, ...content: Child[]) => h('td', { 'data-label': label }, ...content);
        return h(
          'tr',
          {},
          h('th', { scope: 'row' }, h('a', { href: `/agent/tickets/${t.key}` }, t.key)),
          cell('Summary', h('span', { class: 'wrap' }, t.summary)),
          cell('Requester', t.requester?.name ?? ''),
          cell('Status', h('span', { class: `badge status-${t.status.category}` }, t.status.name)),
          cell('Priority', h('span', { class: `priority priority-${t.priority}` }, priorityName(t.priority))),
          cell('Assignee', t.assignee?.name ?? h('span', { class: 'hint' }, 'Unassigned')),
          cell('SLA', slaCell(t.sla)),
          cell('Updated', shortTime(t.updatedAt)),
        );
      }),
    ),
  );
}

/** The clocks that matter now: each running or paused one, else how the last ones ended. */
function slaCell(briefs: SlaBrief[]): Child {
  if (briefs.length === 0) return h('span', { class: 'hint' }, 'No SLA');
  const live = briefs.filter((b) => b.state !== 'met' || briefs.every((x) => x.state === 'met'));
  return h(
    'ul',
    { class: 'sla-cell' },
    live.map((b) =>
      h('li', {}, h('span', { class: `badge sla-${tone(b)}` }, words(b)), srOnly(` ${b.name}`)),
    ),
  );
}

function words(b: SlaBrief): string {
  const short = b.metric === 'first_response' ? 'Response' : b.metric === 'resolution' ? 'Resolve' : b.name;
  if (b.state === 'met') return `${short}: met`;
  if (b.remainingMs === null) return `${short}: no target`;
  if (b.state === 'breached') return `${short}: ${span(b.remainingMs)} over`;
  if (b.state === 'paused') return `${short}: paused, ${span(b.remainingMs)} left`;
  return `${short}: ${span(b.remainingMs)} left`;
}

function tone(b: SlaBrief): string {
  if (b.state === 'at_risk') return 'at-risk';
  return b.state === 'on_track' ? 'running' : b.state;
}
