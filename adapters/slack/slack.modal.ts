import type { FormField, FormSpec } from '../../src/ports/message.types.js';
import type { Block } from './slack.renderer.js';
import { plain } from './slack.text.js';

/** callback_id of the intake form's modal; private_metadata holds the conversation id. */
export const FORM_CALLBACK = 'dsk.form';
/** Every input's action id: the block id is the field id. */
const VALUE = 'value';

/** A form as a modal; Slack limits the title and buttons to 24 characters. */
export function formModal(form: FormSpec, callbackId: string, metadata: string): Block {
  return {
    type: 'modal',
    callback_id: callbackId,
    private_metadata: metadata,
    title: plain(form.title, 24),
    submit: plain(form.submitLabel, 24),
    close: plain('Cancel', 24),
    blocks: form.fields.slice(0, 100).map(inputBlock),
  };
}

function inputBlock(field: FormField): Block {
  return {
    type: 'input',
    block_id: field.id,
    optional: !field.required,
    label: plain(field.label, 2000),
    ...(field.help ? { hint: plain(field.help, 2000) } : {}),
    element: { action_id: VALUE, ...element(field) },
  };
}

function element(field: FormField): Block {
  const value = field.value;
  const options = (field.options ?? [])
    .slice(0, 100)
    .map((o) => ({ text: plain(o, 75), value: o.slice(0, 150) }));
  const has = (v: unknown) => v !== undefined && v !== null && v !== '';
  switch (field.type) {
    case 'longtext':
      return {
        type: 'plain_text_input',
        multiline: true,
        ...(has(value) ? { initial_value: String(value) } : {}),
      };
    case 'select': {
      const initial = options.find((o) => o.value === value);
      return { type: 'static_select', options, ...(initial ? { initial_option: initial } : {}) };
    }
    case 'multiselect': {
      const chosen = Array.isArray(value) ? value.map(String) : [];
      const initial = options.filter((o) => chosen.includes(o.value));
      return {
        type: 'multi_static_select',
        options,
        ...(initial.length ? { initial_options: initial } : {}),
      };
    }
    case 'number':
      return {
        type: 'number_input',
        is_decimal_allowed: true,
        ...(has(value) ? { initial_value: String(value) } : {}),
      };
    case 'date':
      return {
        type: 'datepicker',
        ...(typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? { initial_date: value } : {}),
      };
    case 'email':
    case 'user':
      // A person is named by their work email, which is how the desk knows people.
      return { type: 'email_text_input', ...(has(value) ? { initial_value: String(value) } : {}) };
    default:
      return { type: 'plain_text_input', ...(has(value) ? { initial_value: String(value) } : {}) };
  }
}

/** One input's state in a view_submission. */
interface InputState {
  type: string;
  value?: string | null;
  selected_option?: { value: string } | null;
  selected_options?: { value: string }[];
  selected_date?: string | null;
}

/** The submitted values keyed by field id; empty inputs are left out so "required" speaks for them. */
export function submittedValues(state: Record<string, Record<string, InputState>>): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const [fieldId, inputs] of Object.entries(state)) {
    const input = inputs[VALUE];
    if (!input) continue;
    const v =
      input.type === 'static_select'
        ? input.selected_option?.value
        : input.type === 'multi_static_select'
          ? input.selected_options?.map((o) => o.value)
          : input.type === 'datepicker'
            ? input.selected_date
            : input.value;
    if (v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0)) continue;
    values[fieldId] = v;
  }
  return values;
}
