import { activityPanel } from './activity.view.js';
import { ApiError, api, problem } from './api.js';
import { h, replace, uid } from './dom.js';
import { PRIORITY_NAMES, priorityName } from './labels.js';
import { slaPanel } from './sla.view.js';
import { commentForm, fieldLabels, fieldList } from './thread.view.js';
import { ticketFailed, ticketHeading, ticketRefresher } from './ticket.page.js';
import { transcriptButton } from './transcript.js';
import { transitionsPanel } from './transitions.view.js';
import type { Me, PersonBrief, Ticket } from './types.js';

interface Person extends PersonBrief {
  roles: { role: string; department: string }[];
}

/**
 * A ticket as an agent works it: details, the whole thread (internal notes marked), reply or note,
 * assignee and priority, and the transitions the agent may take. Refreshed every few seconds.
 */
export async function agentTicketView(main: HTMLElement, me: Me, key: string): Promise<void> {
  const head = h('div', { class: 'ticket-head' });
  const details = h('div');
  const thread = h('div', { 'aria-live': 'polite' });
  const assignee = h('select', { id: uid('assignee') });
  const priority = h(
    'select',
    { id: uid('priority') },
    Object.entries(PRIORITY_NAMES).map(([id, name]) => h('option', { value: id }, name)),
  );
  const workError = h('p', { class: 'field-error', role: 'alert' });
  // Every change says what it did, where a screen reader hears it too.
  const done = h('p', { class: 'confirm', role: 'status' });
  const confirm = (text: string) => {
    done.textContent = text;
  };
  let ticket: Ticket | null = null;

  const patch = async (body: { assignee?: string | null; priority?: string }) => {
    workError.textContent = '';
    confirm('');
    try {
      ticket = await api<Ticket>('PATCH', `/api/v1/tickets/${key}`, { ...body, version: ticket?.version });
      if (body.priority) confirm(`Priority set to ${priorityName(ticket.priority)}.`);
      else confirm(ticket.assignee ? `Assigned to ${ticket.assignee.name}.` : 'Unassigned.');
      await refresh();
    } catch (err) {
      workError.textContent =
        err instanceof ApiError && err.status === 409
          ? 'Someone changed this ticket meanwhile; it was reloaded.'
          : problem(err);
      await refresh();
    }
  };
  assignee.addEventListener('change', () => void patch({ assignee: assignee.value || null }));
  priority.addEventListener('change', () => void patch({ priority: priority.value }));

  const assignMe = h(
    'button',
    { type: 'button', class: 'btn', onclick: () => void patch({ assignee: me.email }) },
    'Assign to me',
  );
  const work = h(
    'section',
    { class: 'work', 'aria-labelledby': 'work-title' },
    h('h2', { id: 'work-title' }, 'Work'),
    h(
      'div',
      { class: 'row' },
      h('div', { class: 'field' }, h('label', { for: assignee.id }, 'Assignee'), assignee),
      assignMe,
      h('div', { class: 'field' }, h('label', { for: priority.id }, 'Priority'), priority),
    ),
    workError,
    h('p', {}, transcriptButton(key, workError)),
  );
  const panel = transitionsPanel(key, (t) => {
    confirm(`Moved to ${t.status.name}.`);
    void refresh();
  });
  const sla = slaPanel(key);
  const activity = activityPanel(key);
  main.append(
    h('p', { class: 'crumbs' }, h('a', { href: '/agent' }, '← Queues')),
    head,
    done,
    h(
      'div',
      { class: 'ticket-layout' },
      h(
        'div',
        { class: 'ticket-main' },
        h(
          'section',
          { 'aria-labelledby': 'details-title' },
          h('h2', { id: 'details-title' }, 'Details'),
          details,
        ),
        h(
          'section',
          { 'aria-labelledby': 'thread-title' },
          h('h2', { id: 'thread-title' }, 'Thread'),
          thread,
          commentForm(key, true, (internal) => {
            confirm(internal ? 'Internal note added: only agents see it.' : 'Reply sent to the requester.');
            void refresh();
          }),
        ),
      ),
      h('div', { class: 'ticket-side' }, work, panel.el, sla.el, activity.el),
    ),
  );

  let labels: Record<string, string> | null = null;
  let people: Person[] | null = null;
  const { refresh, start } = ticketRefresher({
    key,
    thread,
    baseUrl: null,
    loaded: (t) => {
      ticket = t;
      void sla.load(); // clocks move with time, not only with the ticket's version
    },
    changed: async (t) => {
      labels ??= await fieldLabels(t.requestType.id);
      people ??= (await api<{ people: Person[] }>('GET', '/api/v1/people')).people;
      const from = `from ${t.requester?.name ?? 'someone'} (${t.requester?.email ?? ''})`;
      replace(head, ...ticketHeading(t, `${t.department.name} · ${t.requestType.name} · ${from}`));
      replace(details, fieldList(t.fields, labels));
      const agents = people.filter((p) =>
        p.roles.some((r) => (r.role === 'agent' || r.role === 'manager') && r.department === t.department.id),
      );
      replace(
        assignee,
        h('option', { value: '' }, 'Unassigned'),
        agents.map((p) => h('option', { value: p.email, selected: p.id === t.assignee?.id }, p.name)),
      );
      priority.value = t.priority;
      const mine = t.assignee?.id === me.id;
      assignMe.disabled = mine;
      assignMe.textContent = mine ? 'Assigned to you' : 'Assign to me';
      await Promise.all([panel.load(t.version), activity.load()]);
    },
    failed: (err) => ticketFailed(main, key, problem(err), h('a', { href: '/agent' }, 'Back to the queues')),
  });
  await start();
}
