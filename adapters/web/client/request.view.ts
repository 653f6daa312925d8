import { ApiError, api, problem } from './api.js';
import { formatTime, h, replace } from './dom.js';
import { worksTickets } from './roles.js';
import { commentForm, fieldLabels, fieldList, renderThread } from './thread.view.js';
import { transitionsPanel } from './transitions.view.js';
import type { Comment, Me, Ticket } from './types.js';

/** How often an open request page looks for new replies. */
const REFRESH_MS = 5000;

/**
 * One request as its requester sees it: status, details, the public thread, a comment box and the
 * status changes open to them. The API answers 404 for a request that is not theirs.
 */
export async function requestView(
  main: HTMLElement,
  me: Me,
  key: string,
  baseUrl: string | null,
): Promise<void> {
  const head = h('div', { class: 'ticket-head' });
  const details = h('section', { 'aria-labelledby': 'details-title' });
  const thread = h('div', { 'aria-live': 'polite' });
  const panel = transitionsPanel(key, () => void refresh());
  const form = commentForm(key, false, () => void refresh());
  const page = h('div', { class: 'narrow' });
  main.append(page);
  page.append(
    h(
      'p',
      { class: 'crumbs' },
      h('a', { href: '/' }, '← Back to the chat'),
      worksTickets(me) && [' · ', h('a', { href: `/agent/tickets/${key}` }, 'Open in the agent view')],
    ),
    head,
    details,
    h(
      'section',
      { 'aria-labelledby': 'thread-title' },
      h('h2', { id: 'thread-title' }, 'Conversation'),
      thread,
      form,
    ),
    panel.el,
  );

  let labels: Record<string, string> | null = null;
  let shownComments = '';
  let shownVersion = 0;
  const refresh = async () => {
    const [ticket, { comments }] = await Promise.all([
      api<Ticket>('GET', `/api/v1/tickets/${key}`),
      api<{ comments: Comment[] }>('GET', `/api/v1/tickets/${key}/comments`),
    ]);
    labels ??= await fieldLabels(ticket.requestType.id);
    // Only re-render what changed, so focus stays put and a screen reader hears new comments only.
    const digest = comments.map((c) => c.id).join(',');
    if (digest !== shownComments) {
      shownComments = digest;
      replace(thread, renderThread(comments, baseUrl));
    }
    if (ticket.version === shownVersion) return;
    shownVersion = ticket.version;
    replace(
      head,
      h('h1', {}, `${ticket.key}: ${ticket.summary}`),
      h(
        'p',
        { class: 'meta' },
        h('span', { class: `badge status-${ticket.status.category}` }, ticket.status.name),
        ticket.resolution && ` (${ticket.resolution})`,
        ` · ${ticket.requestType.name} · opened ${formatTime(ticket.createdAt)}`,
        ` · ${ticket.assignee ? `with ${ticket.assignee.name}` : 'not assigned yet'}`,
      ),
    );
    replace(details, h('h2', { id: 'details-title' }, 'Details'), fieldList(ticket.fields, labels));
    await panel.load(ticket.version);
  };

  try {
    await refresh();
  } catch (err) {
    replace(
      main,
      h('h1', {}, key),
      h(
        'p',
        { class: 'field-error', role: 'alert' },
        err instanceof ApiError && err.status === 404 ? `There is no request ${key} of yours.` : problem(err),
      ),
      h('a', { href: '/' }, 'Back to the chat'),
    );
    return;
  }
  setInterval(() => void refresh().catch(() => {}), REFRESH_MS);
}
