import { api } from './api.js';
import { formatTime, h, replace } from './dom.js';
import { renderThread } from './thread.view.js';
import type { Comment, Ticket } from './types.js';

/** How often an open ticket page looks for changes. */
const REFRESH_MS = 5000;

/** A ticket's title and status line; `about` is what the page says after the status. */
export function ticketHeading(t: Ticket, about: string): HTMLElement[] {
  return [
    h('h1', {}, `${t.key}: ${t.summary}`),
    h(
      'p',
      { class: 'meta' },
      h('span', { class: `badge status-${t.status.category}` }, t.status.name),
      t.resolution && ` (${t.resolution})`,
      ` · ${about} · opened ${formatTime(t.createdAt)}`,
    ),
  ];
}

/** What a ticket page hands the refresher. */
export interface TicketPage {
  key: string;
  /** Where the thread goes, redrawn only when the comments change. */
  thread: HTMLElement;
  baseUrl: string | null;
  /** Runs on every load (SLA clocks move with time, not only with the ticket). */
  loaded?: (t: Ticket) => void;
  /** Runs when the ticket's version moved since the last draw. */
  changed: (t: Ticket) => Promise<void>;
  /** What the page shows instead when the first load fails. */
  failed: (err: unknown) => void;
}

/**
 * Keeps a ticket page current: loads the ticket and its comments, and redraws only what changed, so
 * focus stays put and a screen reader hears new comments only. `refresh` is for actions that changed
 * the ticket; `start` loads the first time (false if that failed) and then every few seconds.
 */
export function ticketRefresher(page: TicketPage): {
  refresh: () => Promise<void>;
  start: () => Promise<boolean>;
} {
  let shownComments: string | null = null; // not '' : an empty thread is drawn too ("No comments yet.")
  let shownVersion = 0;
  const refresh = async () => {
    const [ticket, { comments }] = await Promise.all([
      api<Ticket>('GET', `/api/v1/tickets/${page.key}`),
      api<{ comments: Comment[] }>('GET', `/api/v1/tickets/${page.key}/comments`),
    ]);
    page.loaded?.(ticket);
    const digest = comments.map((c) => `${c.id}:${c.attachments?.length ?? 0}`).join(',');
    if (digest !== shownComments) {
      shownComments = digest;
      replace(page.thread, renderThread(comments, page.baseUrl));
    }
    if (ticket.version === shownVersion) return;
    shownVersion = ticket.version;
    await page.changed(ticket);
  };
  const start = async () => {
    try {
      await refresh();
    } catch (err) {
      page.failed(err);
      return false;
    }
    setInterval(() => void refresh().catch(() => {}), REFRESH_MS);
    return true;
  };
  return { refresh, start };
}

/** The page of a ticket that could not be loaded. */
export function ticketFailed(main: HTMLElement, key: string, message: string, back: HTMLElement): void {
  replace(main, h('h1', {}, key), h('p', { class: 'field-error', role: 'alert' }, message), back);
}
