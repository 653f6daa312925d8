import { ApiError, api, problem } from './api.js';
import { h, replace } from './dom.js';
import { focusForm, renderForm } from './form.view.js';
import type { FieldType, Ticket, TransitionOffer } from './types.js';

/**
 * A button per transition the viewer may take now (the server says which). A transition with fields
 * (a resolution) asks them first; errors from the server appear next to the field that caused them.
 */
export function transitionsPanel(
  key: string,
  onDone: (t: Ticket) => void,
): { el: HTMLElement; load: (version: number) => Promise<void> } {
  const el = h('section', { class: 'transitions', 'aria-labelledby': `tr-${key}` });
  let open: string | null = null;
  let version = 0;

  const take = async (
    offer: TransitionOffer,
    fields: Record<string, unknown> | undefined,
    errorAt: HTMLElement,
  ) => {
    try {
      const ticket = await api<Ticket>('POST', `/api/v1/tickets/${key}/transitions`, {
        transition: offer.id,
        fields,
        version,
      });
      open = null;
      onDone(ticket);
    } catch (err) {
      if (err instanceof ApiError && Object.keys(err.fields).length > 0 && offer.fields.length > 0) {
        return showForm(offer, fields ?? {}, err.fields);
      }
      errorAt.textContent = problem(err);
    }
  };

  const showForm = (
    offer: TransitionOffer,
    values: Record<string, unknown>,
    errors: Record<string, string>,
  ) => {
    open = offer.id;
    const form = renderForm(
      {
        action: offer.id,
        title: `${offer.name}: to ${offer.to.name}`,
        submitLabel: offer.name,
        fields: offer.fields.map((f) => ({
          ...f,
          type: f.type as FieldType,
          value: values[f.id],
          error: errors[f.id],
        })),
      },
      (v) => void take(offer, v, formError),
    );
    const formError = h('p', { class: 'field-error', role: 'alert' });
    const cancel = h(
      'button',
      {
        type: 'button',
        class: 'btn',
        onclick: () => {
          open = null;
          void load(version);
        },
      },
      'Cancel',
    );
    form.querySelector('.actions')?.append(' ', cancel);
    replace(el, form, formError);
    focusForm(form);
  };

  const load = async (v: number) => {
    version = v;
    if (open) return; // the viewer is filling a transition's fields: do not pull them away
    const { transitions } = await api<{ transitions: TransitionOffer[] }>(
      'GET',
      `/api/v1/tickets/${key}/transitions`,
    );
    const error = h('p', { class: 'field-error', role: 'alert' });
    replace(
      el,
      h('h2', { id: `tr-${key}` }, 'Status'),
      transitions.length === 0
        ? h('p', { class: 'hint' }, 'No status change is open to you now.')
        : h(
            'div',
            { class: 'buttons', role: 'group', 'aria-label': 'Change status' },
            transitions.map((t) =>
              h(
                'button',
                {
                  type: 'button',
                  class: 'btn',
                  onclick: () => (t.fields.length > 0 ? showForm(t, {}, {}) : void take(t, undefined, error)),
                },
                t.name,
              ),
            ),
          ),
      error,
    );
  };
  return { el, load };
}
