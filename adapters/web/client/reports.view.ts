import { api, problem } from './api.js';
import { h, replace, uid } from './dom.js';
import { downloadFile } from './download.js';
import { scrollTable } from './table.view.js';

interface ReportInfo {
  id: string;
  title: string;
  description: string;
  href: string;
  csv: string;
}

interface Report extends ReportInfo {
  from: string;
  to: string;
  columns: string[];
  rows: (string | number | null)[][];
  summary: { label: string; value: string }[];
  chart: { svg: string } | null;
}

const DAY_MS = 86_400_000;

/** Reports over a date range: headline figures, a chart (an SVG drawn by the server), the table, CSV. */
export async function reportsView(main: HTMLElement): Promise<void> {
  const params = new URLSearchParams(location.search);
  const today = new Date().toISOString().slice(0, 10);
  const from = params.get('from') ?? new Date(Date.now() - 29 * DAY_MS).toISOString().slice(0, 10);
  const to = params.get('to') ?? today;
  const fromId = uid('from');
  const toId = uid('to');
  const results = h('div', { class: 'reports', 'aria-live': 'polite' });
  main.append(
    h('h1', {}, 'Reports'),
    h(
      'form',
      { class: 'report-range', method: 'get', action: '/reports' },
      h('label', { for: fromId }, 'From'),
      h('input', { id: fromId, name: 'from', type: 'date', value: from, required: true }),
      h('label', { for: toId }, 'To'),
      h('input', { id: toId, name: 'to', type: 'date', value: to, required: true }),
      h('button', { type: 'submit', class: 'btn btn-primary' }, 'Show'),
    ),
    results,
  );
  try {
    const { reports } = await api<{ reports: ReportInfo[] }>('GET', '/api/v1/reports');
    const range = `from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`;
    const shown = await Promise.all(reports.map((r) => api<Report>('GET', `${r.href}?${range}`)));
    replace(
      results,
      shown.map((r, i) => reportSection(r, `${reports[i]!.csv}?${range}`)),
    );
  } catch (err) {
    replace(results, h('p', { class: 'field-error', role: 'alert' }, problem(err)));
  }
}

function reportSection(r: Report, csv: string): HTMLElement {
  const error = h('p', { class: 'field-error', role: 'alert' });
  const headline = r.summary.map((s) => `${s.label}: ${s.value}`).join('; ');
  return h(
    'section',
    { class: 'report', 'aria-labelledby': `report-${r.id}` },
    h('h2', { id: `report-${r.id}` }, r.title),
    h('p', { class: 'hint' }, r.description),
    h(
      'dl',
      { class: 'figures' },
      r.summary.flatMap((s) => [h('dt', {}, s.label), h('dd', {}, s.value)]),
    ),
    // An image of an SVG keeps the chart's own styles inside it: the page's CSP allows no inline style.
    r.chart &&
      h('img', {
        class: 'chart',
        src: `data:image/svg+xml;charset=utf-8,${encodeURIComponent(r.chart.svg)}`,
        alt: `Chart of ${r.title.toLowerCase()}, ${r.from} to ${r.to}. ${headline}`,
      }),
    h('details', {}, h('summary', {}, 'The figures'), table(r)),
    h(
      'button',
      {
        type: 'button',
        class: 'btn',
        onclick: async () => {
          error.textContent = (await downloadFile(csv, `${r.id}-${r.from}-${r.to}.csv`)) ?? '';
        },
      },
      'Download CSV',
    ),
    error,
  );
}

function table(r: Report): HTMLElement {
  if (r.rows.length === 0) return h('p', { class: 'hint' }, 'Nothing in this range.');
  return scrollTable(r.columns, r.rows);
}
