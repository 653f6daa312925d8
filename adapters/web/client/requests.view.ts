import { api, problem } from './api.js';
import { formatTime, h, replace, uid } from './dom.js';
import type { Ticket } from './types.js';

const STATES: [string, string, string][] = [
  ['open', 'Open', 'open,in_progress,waiting'],
  ['resolved', 'Resolved', 'done'],
  ['all', 'All', ''],
];

/**
 * The requester's own requests as a page: open, resolved or all, searched by key or words, newest
 * first, twenty at a time. The state is kept in the URL, so a reload shows the same list.
 */
export function requestsView(main: HTMLElement): void {
  const params = new URLSearchParams(location.search);
  let state = STATES.find(([id]) => id === params.get('show'))?.[0] ?? 'open';
  let words = params.get('q') ?? '';
  const list = h('div', { 'aria-live': 'polite' });
  const more = h('p');
  const error = h('p', { class: 'field-error', role: 'alert' });

  const searchId = uid('search');
  const showId = uid('show');
  const search = h('input', { id: searchId, type: 'search', value: words, maxlength: 200 });
  const show = h(
    'select',
    { id: showId },
    STATES.map(([id, label]) => h('option', { value: id, selected: id === state }, label)),
  );
  const form = h(
    'form',
    { class: 'filters row', role: 'search', 'aria-label': 'Find a request' },
    h('div', { class: 'field grow' }, h('label', { for: searchId }, 'Search your requests'), search),
    h('div', { class: 'field' }, h('label', { for: showId }, 'Show'), show),
    h('button', { type: 'submit', class: 'btn' }, 'Search'),
  );
  main.append(
    h(
      'div',
      { class: 'narrow' },
      h('p', { class: 'crumbs' }, h('a', { href: '/' }, '← Back to the chat')),
      h('h1', {}, 'My requests'),
      form,
      error,
      list,
      more,
    ),
  );

  const load = async (next?: string) => {
    error.textContent = '';
    const p = new URLSearchParams({ requester: 'me', limit: '20' });
    const categories = STATES.find(([id]) => id === state)![2];
    if (categories) p.set('statusCategory', categories);
    if (words.trim()) p.set('q', words.trim());
    try {
      const page = await api<{ tickets: Ticket[]; next: string | null }>(
        'GET',
        next ?? `/api/v1/tickets?${p}`,
      );
      if (!next)
        replace(
          list,
          page.tickets.length === 0 ? h('p', { class: 'hint' }, empty()) : h('ul', { class: 'request-list' }),
        );
      const ul = list.querySelector('ul');
      ul?.append(...page.tickets.map(requestItem));
      replace(
        more,
        page.next &&
          h('button', { type: 'button', class: 'btn', onclick: () => void load(page.next!) }, 'Show more'),
      );
    } catch (err) {
      error.textContent = problem(err);
    }
  };
  const empty = () =>
    words.trim()
      ? 'None of your requests matches these words.'
      : state === 'open'
        ? 'You have no open requests. Ask in the chat when you need something.'
        : 'No requests here.';
  const changed = () => {
    state = show.value;
    words = search.value;
    const q = new URLSearchParams();
    if (state !== 'open') q.set('show', state);
    if (words.trim()) q.set('q', words.trim());
    history.replaceState(null, '', `/requests${q.size ? `?${q}` : ''}`);
    void load();
  };
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    changed();
  });
  show.addEventListener('change', changed);
  void load();
}

function requestItem(t: Ticket): HTMLElement {
  return h(
    'li',
    { class: 'request-item' },
    h(
      'a',
      { href: `/requests/${t.key}` },
      h('strong', {}, t.key),
      ' ',
      h('span', { class: 'wrap' }, t.summary),
    ),
    h(
      'p',
      { class: 'meta' },
      h('span', { class: `badge status-${t.status.category}` }, t.status.name),
      ` · ${t.requestType.name} · updated `,
      h('time', { datetime: t.updatedAt }, formatTime(t.updatedAt)),
    ),
  );
}
