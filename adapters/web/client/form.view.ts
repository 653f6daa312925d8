import { h, uid } from './dom.js';
import type { FormField, FormSpec } from './types.js';

/** One field on screen: its block, how to read its value, and where its error goes. */
interface FieldUi {
  block: HTMLElement;
  read(): unknown;
  focus(): void;
}

/** "must be at most 20 characters" → "Must be at most 20 characters." */
export function sentence(reason: string): string {
  const s = reason.charAt(0).toUpperCase() + reason.slice(1);
  return /[.!?]$/.test(s) ? s : `${s}.`;
}

/**
 * A form of the conversation engine: one input per field type, required marks, help, the value
 * given before, and the reason a value was refused next to its field (linked by aria-describedby).
 * The server checks everything, so the browser's own validation is off (novalidate).
 */
export function renderForm(
  spec: FormSpec,
  submit: (values: Record<string, unknown>) => void,
): HTMLFormElement {
  const title = uid('form-title');
  const uis = spec.fields.map(fieldUi);
  const bad = spec.fields.filter((f) => f.error);
  const form = h(
    'form',
    { class: 'intake-form', novalidate: true, 'aria-labelledby': title },
    h('h3', { id: title }, spec.title),
    bad.length > 0 &&
      h(
        'p',
        { class: 'form-errors' },
        `Please fix ${bad.length === 1 ? 'this field' : `these ${bad.length} fields`}: ${bad.map((f) => f.label).join(', ')}`,
      ),
    spec.fields.some((f) => f.required) && h('p', { class: 'hint' }, 'Fields marked * are required.'),
    uis.map((u) => u.block),
    h(
      'div',
      { class: 'actions' },
      h('button', { type: 'submit', class: 'btn btn-primary' }, spec.submitLabel),
    ),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const values: Record<string, unknown> = {};
    spec.fields.forEach((f, i) => {
      const v = uis[i]!.read();
      if (v !== undefined) values[f.id] = v;
    });
    submit(values);
  });
  const firstBad = spec.fields.findIndex((f) => f.error);
  (form as HTMLFormElement & { focusFirst?: () => void }).focusFirst = () =>
    uis[Math.max(0, firstBad)]?.focus();
  return form;
}

/** Moves focus into a form just shown: the first refused field, else the first field. */
export function focusForm(form: HTMLFormElement): void {
  (form as HTMLFormElement & { focusFirst?: () => void }).focusFirst?.();
}

export function fieldUi(field: FormField): FieldUi {
  const id = uid(`field-${field.id}`);
  const helpId = field.help ? `${id}-help` : null;
  const errorId = field.error ? `${id}-error` : null;
  const describedBy = [helpId, errorId].filter(Boolean).join(' ') || null;
  const mark = field.required
    ? [
        h('span', { class: 'req', 'aria-hidden': 'true' }, ' *'),
        h('span', { class: 'sr-only' }, ' (required)'),
      ]
    : [];
  const help = helpId && h('p', { id: helpId, class: 'help' }, field.help!);
  const error = errorId && h('p', { id: errorId, class: 'field-error' }, sentence(field.error!));
  const common = {
    id,
    name: field.id,
    required: field.required,
    'aria-invalid': field.error ? 'true' : null,
    'aria-describedby': describedBy,
  };
  const block = (control: HTMLElement, label: HTMLElement) =>
    h('div', { class: field.error ? 'field has-error' : 'field' }, label, help, error, control);

  if (field.type === 'multiselect') {
    const given = Array.isArray(field.value) ? field.value.map(String) : [];
    const boxes = (field.options ?? []).map((o) =>
      h('input', { type: 'checkbox', name: field.id, value: o, checked: given.includes(o) }),
    );
    const set = h(
      'fieldset',
      { class: field.error ? 'field choices has-error' : 'field choices', 'aria-describedby': describedBy },
      h('legend', {}, field.label, ...mark),
      help,
      error,
      boxes.map((box) => h('label', { class: 'choice' }, box, ` ${box.value}`)),
    );
    return {
      block: set,
      read: () => boxes.filter((b) => b.checked).map((b) => b.value),
      focus: () => boxes[0]?.focus(),
    };
  }

  const label = h('label', { for: id }, field.label, ...mark);
  const value = field.value === undefined || field.value === null ? '' : String(field.value);
  let control: HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;
  if (field.type === 'longtext') control = h('textarea', { ...common, rows: 4, value });
  else if (field.type === 'select') {
    control = h(
      'select',
      common,
      h('option', { value: '' }, 'Choose…'),
      (field.options ?? []).map((o) => h('option', { value: o, selected: o === value }, o)),
    );
  } else {
    const type = { text: 'text', number: 'number', date: 'date', email: 'email', user: 'email' }[field.type];
    control = h('input', {
      ...common,
      type,
      value,
      step: field.type === 'number' ? 'any' : null,
      inputmode: field.type === 'number' ? 'decimal' : null,
      placeholder: field.type === 'user' ? 'name@company.example' : null,
      autocomplete: field.type === 'user' ? 'off' : null,
    });
  }
  const read = () => {
    const v = control.value.trim();
    return v === '' ? undefined : v;
  };
  return { block: block(control, label), read, focus: () => control.focus() };
}
