import { h, uid } from './dom.js';
import { CATEGORY_NAMES, PRIORITY_NAMES, SLA_STATE_NAMES } from './labels.js';

/** What the agent narrows a queue down by, as the page's URL and the API's query both spell it. */
export interface QueueState {
  queue: string | null;
  statusCategory: string;
  priority: string;
  assignee: string;
  sla: string;
  q: string;
  /** "created:desc", "updated:desc", "priority:desc", "due:asc", ... */
  order: string;
  page: number;
}

const ORDERS: [string, string][] = [
  ['created:desc', 'Newest first'],
  ['created:asc', 'Oldest first'],
  ['updated:desc', 'Recently updated'],
  ['priority:desc', 'Highest priority'],
  ['due:asc', 'SLA due soonest'],
];
const FILTERS = ['statusCategory', 'priority', 'assignee', 'sla', 'q'] as const;

export function readState(search: string): QueueState {
  const p = new URLSearchParams(search);
  const page = Number(p.get('page'));
  return {
    queue: p.get('queue'),
    statusCategory: p.get('statusCategory') ?? '',
    priority: p.get('priority') ?? '',
    assignee: p.get('assignee') ?? '',
    sla: p.get('sla') ?? '',
    q: p.get('q') ?? '',
    order: ORDERS.some(([v]) => v === p.get('order')) ? p.get('order')! : 'created:desc',
    page: Number.isInteger(page) && page > 1 ? page : 1,
  };
}

/** The page's own query string for a state (what a link or a reload brings back). */
export function pageSearch(s: QueueState): string {
  const p = new URLSearchParams();
  if (s.queue) p.set('queue', s.queue);
  for (const k of FILTERS) if (s[k]) p.set(k, s[k]);
  if (s.order !== 'created:desc') p.set('order', s.order);
  if (s.page > 1) p.set('page', String(s.page));
  return p.size ? `?${p}` : '';
}

/** The API's query string for a state. */
export function apiSearch(s: QueueState, limit: number): string {
  const p = new URLSearchParams();
  for (const k of FILTERS) if (s[k]) p.set(k, s[k].trim());
  const [sort, order] = s.order.split(':');
  p.set('sort', sort!);
  p.set('order', order!);
  p.set('page', String(s.page));
  p.set('limit', String(limit));
  return `?${p}`;
}

/**
 * The filter bar: status, priority, assignee, SLA state, words, and the order. Every change calls
 * `changed` with the new state, back on its first page; typing waits for a pause. The bar is built
 * once per page (re-rendering it would take the focus away from what the agent is using).
 */
export function filterBar(state: QueueState, changed: (s: QueueState) => void): HTMLElement {
  let current = state;
  const change = (patch: Partial<QueueState>) => {
    current = { ...current, ...patch, page: 1 };
    changed(current);
  };
  const select = (label: string, key: keyof QueueState, options: [string, string][]) => {
    const id = uid('filter');
    const el = h(
      'select',
      {
        id,
        onchange: () => change({ [key]: el.value }),
      },
      options.map(([value, text]) => h('option', { value, selected: state[key] === value }, text)),
    );
    return h('div', { class: 'field' }, h('label', { for: id }, label), el);
  };
  const any = (names: Record<string, string>, anyText: string): [string, string][] => [
    ['', anyText],
    ...Object.entries(names),
  ];
  const searchId = uid('search');
  let timer: ReturnType<typeof setTimeout> | undefined;
  const search = h('input', {
    id: searchId,
    type: 'search',
    value: state.q,
    maxlength: 200,
    placeholder: 'Key, words or requester',
    oninput: () => {
      clearTimeout(timer);
      timer = setTimeout(() => change({ q: search.value }), 300);
    },
  });
  return h(
    'form',
    {
      class: 'filters row',
      role: 'search',
      'aria-label': 'Filter tickets',
      onsubmit: (e: Event) => {
        e.preventDefault();
        clearTimeout(timer);
        change({ q: search.value });
      },
    },
    h('div', { class: 'field grow' }, h('label', { for: searchId }, 'Search'), search),
    select('Status', 'statusCategory', any(CATEGORY_NAMES, 'Any status')),
    select('Priority', 'priority', any(PRIORITY_NAMES, 'Any priority')),
    select('Assignee', 'assignee', [
      ['', 'Anyone'],
      ['me', 'Me'],
      ['unassigned', 'Unassigned'],
    ]),
    select('SLA', 'sla', any(SLA_STATE_NAMES, 'Any SLA')),
    select('Order', 'order', ORDERS),
  );
}
