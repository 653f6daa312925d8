import { type Child, h } from './dom.js';

/**
 * A table that scrolls sideways inside its box on a narrow screen instead of widening the page; the
 * first cell of each row heads it (a ticket's key, a report's period).
 */
export function scrollTable(columns: string[], rows: Child[][]): HTMLElement {
  return h(
    'div',
    { class: 'table-scroll' },
    h(
      'table',
      { class: 'tickets' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          columns.map((c) => h('th', { scope: 'col' }, c)),
        ),
      ),
      h(
        'tbody',
        {},
        rows.map(([first, ...rest]) =>
          h(
            'tr',
            {},
            h('th', { scope: 'row' }, first),
            rest.map((c) => h('td', {}, c)),
          ),
        ),
      ),
    ),
  );
}
