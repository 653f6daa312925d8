import { api, problem } from './api.js';
import { formatTime, h, replace, srOnly } from './dom.js';
import type { Queue, Ticket } from './types.js';

const REFRESH_MS = 10_000;

/** The agent's queues (of their departments, with counts) and the chosen queue's tickets. */
export async function queueView(main: HTMLElement): Promise<void> {
  const list = h('nav', { class: 'queues', 'aria-label': 'Queues' });
  const table = h('section', { class: 'queue', 'aria-live': 'polite', 'aria-busy': 'true' });
  main.append(h('h1', { class: 'sr-only' }, 'Queues'), h('div', { class: 'split' }, list, table));

  let shown = '';
  const refresh = async () => {
    const { queues } = await api<{ queues: Queue[] }>('GET', '/api/v1/queues');
    if (queues.length === 0) {
      replace(list, h('p', { class: 'hint' }, 'You work no queues.'));
      replace(table);
      return;
    }
    const wanted = new URLSearchParams(location.search).get('queue');
    const current = queues.find((q) => q.id === wanted) ?? queues[0]!;
    const { tickets } = await api<{ tickets: Ticket[] }>(
      'GET',
      `/api/v1/queues/${encodeURIComponent(current.id)}/tickets?limit=50`,
    );
    table.setAttribute('aria-busy', 'false');
    // Re-render only on a change, so focus and screen readers are not disturbed every few seconds.
    const digest = JSON.stringify([queues, tickets.map((t) => [t.key, t.version])]);
    if (digest === shown) return;
    shown = digest;
    replace(
      list,
      h('h2', {}, 'Queues'),
      h(
        'ul',
        {},
        queues.map((q) =>
          h(
            'li',
            {},
            h(
              'a',
              {
                href: `/agent?queue=${encodeURIComponent(q.id)}`,
                'aria-current': q.id === current.id ? 'page' : null,
              },
              h('span', {}, q.name),
              h('span', { class: 'count' }, `${q.count}${q.more ? '+' : ''}`, srOnly(' tickets')),
            ),
          ),
        ),
      ),
    );
    replace(
      table,
      h('h2', {}, current.name),
      tickets.length === 0 ? h('p', { class: 'hint' }, 'Nothing in this queue.') : ticketTable(tickets),
    );
  };

  try {
    await refresh();
  } catch (err) {
    replace(table, h('p', { class: 'field-error', role: 'alert' }, problem(err)));
  }
  setInterval(() => void refresh().catch(() => {}), REFRESH_MS);
}

function ticketTable(tickets: Ticket[]): HTMLElement {
  return h(
    'table',
    { class: 'tickets' },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        ['Key', 'Summary', 'Requester', 'Status', 'Priority', 'Assignee', 'Updated'].map((c) =>
          h('th', { scope: 'col' }, c),
        ),
      ),
    ),
    h(
      'tbody',
      {},
      tickets.map((t) =>
        h(
          'tr',
          {},
          h('th', { scope: 'row' }, h('a', { href: `/agent/tickets/${t.key}` }, t.key)),
          h('td', {}, t.summary),
          h('td', {}, t.requester?.name ?? ''),
          h('td', {}, h('span', { class: `badge status-${t.status.category}` }, t.status.name)),
          h('td', {}, t.priority),
          h('td', {}, t.assignee?.name ?? h('span', { class: 'hint' }, 'Unassigned')),
          h('td', {}, h('time', { datetime: t.updatedAt }, formatTime(t.updatedAt))),
        ),
      ),
    ),
  );
}
