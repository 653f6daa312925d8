import { ApiError, problem } from './api.js';
import { h, replace } from './dom.js';
import { worksTickets } from './roles.js';
import { commentForm, fieldLabels, fieldList } from './thread.view.js';
import { ticketFailed, ticketHeading, ticketRefresher } from './ticket.page.js';
import { transitionsPanel } from './transitions.view.js';
import type { Me } from './types.js';

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
      h('a', { href: '/requests' }, '← My requests'),
      ' · ',
      h('a', { href: '/' }, 'Chat'),
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
  const { refresh, start } = ticketRefresher({
    key,
    thread,
    baseUrl,
    changed: async (ticket) => {
      labels ??= await fieldLabels(ticket.requestType.id);
      const assigned = ticket.assignee ? `with ${ticket.assignee.name}` : 'not assigned yet';
      replace(head, ...ticketHeading(ticket, `${ticket.requestType.name} · ${assigned}`));
      replace(details, h('h2', { id: 'details-title' }, 'Details'), fieldList(ticket.fields, labels));
      await panel.load(ticket.version);
    },
    failed: (err) =>
      ticketFailed(
        main,
        key,
        err instanceof ApiError && err.status === 404 ? `There is no request ${key} of yours.` : problem(err),
        h('a', { href: '/' }, 'Back to the chat'),
      ),
  });
  await start();
}
