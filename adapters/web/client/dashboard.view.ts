import { api, problem } from './api.js';
import { formatTime, h, replace } from './dom.js';
import { scrollTable } from './table.view.js';

interface BoardTicket {
  key: string;
  summary: string;
  department: string;
  priority: string;
  createdAt: string;
  metric?: string;
  dueAt?: string | null;
  breached?: boolean;
  assignee?: string | null;
}

interface Board {
  departments: string[];
  atRisk: BoardTicket[];
  unassigned: { total: number; tickets: BoardTicket[] };
  load: { agent: string; email: string; open: number }[];
}

const METRICS: Record<string, string> = { first_response: 'First response', resolution: 'Resolution' };

/** The managers' dashboard: SLA breached or about to be, unassigned work, each agent's load. */
export async function dashboardView(main: HTMLElement): Promise<void> {
  const body = h('div', { class: 'dashboard', 'aria-live': 'polite' });
  main.append(h('h1', {}, "Managers' dashboard"), body);
  try {
    const board = await api<Board>('GET', '/api/v1/dashboard');
    replace(
      body,
      section(
        'SLA breached or about to breach',
        board.atRisk.length === 0
          ? h('p', { class: 'hint' }, 'Nothing is at risk.')
          : list(['Key', 'Summary', 'SLA', 'Due', 'Assignee'], board.atRisk, (t) => [
              h(
                'span',
                { class: `badge ${t.breached ? 'sla-breached' : 'sla-near'}` },
                `${METRICS[t.metric ?? ''] ?? t.metric} ${t.breached ? 'breached' : 'due soon'}`,
              ),
              t.dueAt ? h('time', { datetime: t.dueAt }, formatTime(t.dueAt)) : '',
              t.assignee ?? h('span', { class: 'hint' }, 'Unassigned'),
            ]),
      ),
      section(
        `Unassigned (${board.unassigned.total})`,
        board.unassigned.tickets.length === 0
          ? h('p', { class: 'hint' }, 'Everything has an owner.')
          : list(['Key', 'Summary', 'Priority', 'Created'], board.unassigned.tickets, (t) => [
              t.priority,
              h('time', { datetime: t.createdAt }, formatTime(t.createdAt)),
            ]),
      ),
      section(
        'Agent load (open requests)',
        board.load.length === 0
          ? h('p', { class: 'hint' }, 'No agent has open requests.')
          : h(
              'ul',
              { class: 'load' },
              board.load.map((l) =>
                h(
                  'li',
                  {},
                  h('span', {}, l.agent),
                  h('meter', {
                    min: 0,
                    max: Math.max(...board.load.map((x) => x.open)),
                    value: l.open,
                    'aria-label': `${l.agent}: ${l.open} open`,
                  }),
                  h('span', { class: 'count' }, l.open),
                ),
              ),
            ),
      ),
    );
  } catch (err) {
    replace(body, h('p', { class: 'field-error', role: 'alert' }, problem(err)));
  }
}

function section(title: string, content: HTMLElement): HTMLElement {
  return h('section', { class: 'report' }, h('h2', {}, title), content);
}

function list(
  columns: string[],
  tickets: BoardTicket[],
  cells: (t: BoardTicket) => (Node | string)[],
): HTMLElement {
  const link = (t: BoardTicket) => h('a', { href: `/agent/tickets/${t.key}` }, t.key);
  return scrollTable(
    columns,
    tickets.map((t) => [link(t), t.summary, ...cells(t)]),
  );
}
