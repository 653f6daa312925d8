import { api, problem } from './api.js';
import { h, replace } from './dom.js';

/** One cycle of a clock as GET /api/v1/tickets/:key/sla gives it. */
interface SlaCycle {
  cycle: number;
  goal: string;
  elapsed: string;
  remaining: string | null;
  paused: boolean;
  breached: boolean;
  result: 'met' | 'breached' | null;
  due: string | null;
}

/** The ticket's SLA as the API gives it: each clock, its cycles and its event log. */
interface SlaResponse {
  timezone: string;
  policy: { name: string } | null;
  clocks: {
    metric: string;
    name: string;
    ongoing: SlaCycle | null;
    cycles: SlaCycle[];
    log: { kind: string; cycle: number; local: string; detail?: string }[];
  }[];
}

/** A clock's state in words and a badge class: running, paused, near or past its goal, met or breached. */
function stateOf(c: SlaCycle): { text: string; tone: string } {
  if (c.result === 'met') return { text: `Met (${c.elapsed} of ${c.goal})`, tone: 'met' };
  if (c.result === 'breached') return { text: `Breached (${c.elapsed} of ${c.goal})`, tone: 'breached' };
  if (c.breached) return { text: `Breached: ${c.remaining?.slice(1)} over`, tone: 'breached' };
  if (c.paused) return { text: `Paused, ${c.remaining ?? 'no target'} left`, tone: 'paused' };
  return { text: `${c.remaining ?? 'No target'}${c.remaining ? ' left' : ''}`, tone: 'running' };
}

/**
 * The SLA panel of the agent's ticket page: each clock's goal, elapsed and remaining time, due time in
 * the agent's zone, and its event log (folded). Reloaded with the ticket.
 */
export function slaPanel(key: string): { el: HTMLElement; load: () => Promise<void> } {
  const body = h('div');
  const el = h(
    'section',
    { class: 'sla', 'aria-labelledby': 'sla-title' },
    h('h2', { id: 'sla-title' }, 'SLA'),
    body,
  );
  const load = async () => {
    try {
      const sla = await api<SlaResponse>('GET', `/api/v1/tickets/${key}/sla`);
      if (sla.clocks.length === 0)
        return replace(body, h('p', { class: 'meta' }, 'No SLA for this request type.'));
      replace(
        body,
        sla.clocks.map((clock) => {
          const c = clock.ongoing ?? clock.cycles[clock.cycles.length - 1];
          const state = c ? stateOf(c) : { text: 'Not started', tone: 'paused' };
          return h(
            'div',
            { class: 'sla-clock' },
            h('h3', {}, clock.name),
            h('p', {}, h('span', { class: `badge sla-${state.tone}` }, state.text)),
            c &&
              h(
                'p',
                { class: 'meta' },
                `Goal ${c.goal} · elapsed ${c.elapsed}${c.due ? ` · due ${c.due}` : ''}`,
              ),
            h(
              'details',
              {},
              h('summary', {}, 'History'),
              h(
                'ol',
                { class: 'sla-log' },
                clock.log.map((e) =>
                  h('li', {}, `${e.local}: ${e.kind.replace('_', ' ')}${e.detail ? ` (${e.detail})` : ''}`),
                ),
              ),
            ),
          );
        }),
        h('p', { class: 'meta' }, `Times in ${sla.timezone}.`),
      );
    } catch (err) {
      replace(body, h('p', { class: 'field-error', role: 'alert' }, problem(err)));
    }
  };
  return { el, load };
}
