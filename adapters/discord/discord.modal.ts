import type { FormField, FormSpec } from '../../src/ports/message.types.js';
import { clip } from './discord.text.js';

type Json = Record<string, unknown>;

/** A modal's custom id: `dskmodal|ACTION` (the form's action), or the card's `cardmodal|...`. */
export const MODAL = 'dskmodal';

/**
 * A form as a Discord modal: one text input per field (modals take five), prefilled with what was
 * typed before, so a refused value is fixed without retyping the rest. A choice is typed; its options
 * are the placeholder, and the core checks it like any other value.
 */
export function formModal(form: FormSpec, id = `${MODAL}|${form.action}`): Json {
  return {
    title: clip(form.title, 45),
    custom_id: clip(id, 100),
    components: form.fields.slice(0, 5).map((f) => ({ type: 1, components: [input(f)] })),
  };
}

function input(f: FormField): Json {
  const value = Array.isArray(f.value)
    ? f.value.join(', ')
    : f.value === undefined || f.value === null
      ? ''
      : String(f.value);
  const hint = f.options?.length ? f.options.join(', ') : (f.help ?? (f.type === 'date' ? 'YYYY-MM-DD' : ''));
  return {
    type: 4,
    custom_id: f.id,
    label: clip(f.label, 45),
    style: f.type === 'longtext' ? 2 : 1,
    required: f.required,
    ...(value ? { value: clip(value, 4000) } : {}),
    ...(hint ? { placeholder: clip(hint, 100) } : {}),
  };
}

/**
 * A submitted modal's values by field id, empty ones left out. Several choices stay as typed ("a, b"):
 * the core's field rules split and check them, as they do for every channel.
 */
export function submittedValues(fields: { customId: string; value: string }[]): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const { customId, value } of fields) {
    const v = value.trim();
    if (v) values[customId] = v;
  }
  return values;
}
