import { api, problem } from './api.js';
import { formatTime, h, replace } from './dom.js';
import type { PersonBrief } from './types.js';

/** A history line as GET /api/v1/tickets/:key/history gives it, with its sentence. */
interface HistoryLine {
  id: number;
  actor: PersonBrief | null;
  at: string;
  rule: string | null;
  text: string;
}

/**
 * The ticket's activity beside its thread: who assigned, reprioritised, moved or resolved it and when,
 * newest first; a rule's change says which rule. Reloaded when the ticket changes.
 */
export function activityPanel(key: string): { el: HTMLElement; load: () => Promise<void> } {
  const body = h('div');
  const el = h(
    'section',
    { class: 'activity', 'aria-labelledby': 'activity-title' },
    h('h2', { id: 'activity-title' }, 'Activity'),
    body,
  );
  const load = async () => {
    try {
      const { history } = await api<{ history: HistoryLine[] }>('GET', `/api/v1/tickets/${key}/history`);
      replace(
        body,
        h(
          'ol',
          { class: 'activity-list' },
          [...history]
            .reverse()
            .map((line) =>
              h(
                'li',
                {},
                h('strong', {}, line.rule ? `Rule “${line.rule}”` : (line.actor?.name ?? 'Deskbot')),
                ` ${line.text}`,
                h('br'),
                h('time', { class: 'meta', datetime: line.at }, formatTime(line.at)),
              ),
            ),
        ),
      );
    } catch (err) {
      replace(body, h('p', { class: 'field-error', role: 'alert' }, problem(err)));
    }
  };
  return { el, load };
}
