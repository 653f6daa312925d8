import { api, problem } from './api.js';
import { h, replace, srOnly } from './dom.js';
import { apiSearch, filterBar, pageSearch, type QueueState, readState } from './queue.filters.js';
import { queueTable } from './queue.table.js';
import type { Queue, QueuePageAnswer } from './types.js';

const REFRESH_MS = 10_000;
const PAGE_SIZE = 25;

/**
 * The agent's queues and views (with counts) and the chosen one's tickets: filtered, searched, ordered
 * and paged, the state kept in the URL so a link or a reload shows the same list.
 */
export async function queueView(main: HTMLElement): Promise<void> {
  let state = readState(location.search);
  const list = h('nav', { class: 'queues', 'aria-label': 'Queues' });
  const title = h('h2', {});
  const summary = h('p', { class: 'meta', 'aria-live': 'polite' });
  const table = h('div', { class: 'queue-body', 'aria-busy': 'true' });
  const pager = h('nav', { class: 'pager row', 'aria-label': 'Pages' });
  const error = h('p', { class: 'field-error', role: 'alert' });
  const changed = (next: QueueState) => {
    state = next;
    history.replaceState(null, '', `/agent${pageSearch(state)}`);
    void refresh();
  };
  main.append(
    h('h1', { class: 'sr-only' }, 'Queues'),
    h(
      'div',
      { class: 'split' },
      list,
      h('section', { class: 'queue' }, title, filterBar(state, changed), summary, error, table, pager),
    ),
  );

  let shown = '';
  let asked = 0;
  const refresh = async () => {
    const mine = ++asked;
    const { queues } = await api<{ queues: Queue[] }>('GET', '/api/v1/queues');
    if (queues.length === 0) {
      replace(list, h('p', { class: 'hint' }, 'You work no queues.'));
      return replace(table);
    }
    const current = queues.find((q) => q.id === state.queue) ?? queues[0]!;
    const answer = await api<QueuePageAnswer>(
      'GET',
      `/api/v1/queues/${encodeURIComponent(current.id)}/tickets${apiSearch(state, PAGE_SIZE)}`,
    );
    if (mine !== asked) return; // a newer question is on its way: its answer wins
    table.setAttribute('aria-busy', 'false');
    error.textContent = '';
    // Re-render only on a change, so focus and screen readers are not disturbed every few seconds.
    const digest = JSON.stringify([queues, state, answer]);
    if (digest === shown) return;
    shown = digest;
    replace(list, h('h2', {}, 'Queues'), queueLinks(queues, current.id));
    title.textContent = current.name;
    replace(summary, counted(answer, state.page));
    replace(
      table,
      answer.tickets.length === 0
        ? h(
            'p',
            { class: 'hint' },
            filtered(state) ? 'No tickets match these filters.' : 'Nothing in this queue.',
          )
        : queueTable(answer.tickets, state.order),
    );
    replace(
      pager,
      answer.pages > 1 && [
        pageButton('Previous page', state.page > 1, () => changed({ ...state, page: state.page - 1 })),
        h('span', {}, `Page ${answer.page} of ${answer.pages}`),
        pageButton('Next page', state.page < answer.pages, () => changed({ ...state, page: state.page + 1 })),
      ],
    );
  };

  try {
    await refresh();
  } catch (err) {
    error.textContent = problem(err);
  }
  setInterval(() => void refresh().catch((err) => (error.textContent = problem(err))), REFRESH_MS);
}

function queueLinks(queues: Queue[], current: string): HTMLElement {
  return h(
    'ul',
    {},
    queues.map((q) =>
      h(
        'li',
        { class: q.department === null ? 'view' : null },
        h(
          'a',
          {
            href: `/agent?queue=${encodeURIComponent(q.id)}`,
            'aria-current': q.id === current ? 'page' : null,
          },
          h('span', {}, q.name),
          h('span', { class: 'count' }, `${q.count}${q.more ? '+' : ''}`, srOnly(' tickets')),
        ),
      ),
    ),
  );
}

/** "26–50 of 134 tickets" (or "10,000+"). */
function counted(a: QueuePageAnswer, page: number): string {
  if (a.total === 0) return 'No tickets';
  const from = (page - 1) * PAGE_SIZE + 1;
  const to = from + a.tickets.length - 1;
  const total = `${a.total.toLocaleString()}${a.more ? '+' : ''} ${a.total === 1 && !a.more ? 'ticket' : 'tickets'}`;
  return a.tickets.length === 0 ? total : `${from}–${to} of ${total}`;
}

function filtered(s: QueueState): boolean {
  return Boolean(s.statusCategory || s.priority || s.assignee || s.sla || s.q);
}

function pageButton(label: string, enabled: boolean, go: () => void): HTMLElement {
  const text = label === 'Previous page' ? '← Previous' : 'Next →';
  return h(
    'button',
    { type: 'button', class: 'btn btn-small', 'aria-label': label, disabled: !enabled, onclick: go },
    text,
  );
}
