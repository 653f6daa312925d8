import type { FieldConfig, RequestTypeConfig } from '../../config/desk.schema.js';
import { ACTIONS, type Button, type MessagePart, type OutboundMessage } from '../../ports/message.types.js';
import type { Values } from './conversation.state.js';

/** The words Deskbot says during intake, as neutral message parts. */
export const say = (...parts: MessagePart[]): OutboundMessage => ({ parts });
export const text = (t: string): MessagePart => ({ kind: 'text', text: t });
export const buttons = (...b: Button[]): MessagePart => ({ kind: 'buttons', buttons: b });

export const cancelButton: Button = { action: ACTIONS.cancel, label: 'Cancel', style: 'danger' };
export const backButton: Button = { action: ACTIONS.back, label: 'Back' };

/** Asks one field, offering the value found in the first message and the choices that apply. */
export function askField(
  field: FieldConfig,
  prefill: unknown,
  canGoBack: boolean,
  problem?: string,
): OutboundMessage {
  const lines: string[] = [];
  if (problem) lines.push(`That doesn't look right: ${problem}.`);
  const need = field.required ? '' : ' _(optional)_';
  lines.push(`**${field.label}**${need}`);
  if (field.help) lines.push(field.help);
  lines.push(hint(field));
  const extra: Button[] = [];
  if (prefill !== undefined) {
    lines.push(`From your message: **${display(prefill)}**. Keep it, or type another value.`);
    extra.push({ action: ACTIONS.keep, label: 'Keep', value: field.id, style: 'primary' });
  }
  const parts: MessagePart[] = [text(lines.join('\n'))];
  if (field.type === 'select' && (field.options ?? []).length > 0) {
    parts.push({
      kind: 'select',
      action: ACTIONS.answer,
      placeholder: `Choose ${field.label.toLowerCase()}`,
      options: (field.options ?? []).map((o) => ({ label: o, value: o })),
    });
  }
  if (!field.required) extra.push({ action: ACTIONS.skip, label: 'Skip' });
  if (canGoBack) extra.push(backButton);
  extra.push(cancelButton);
  parts.push(buttons(...extra));
  return say(...parts);
}

function hint(field: FieldConfig): string {
  switch (field.type) {
    case 'select':
      return `Choose one: ${(field.options ?? []).join(', ')}.`;
    case 'multiselect':
      return `Choose one or more, separated by commas: ${(field.options ?? []).join(', ')}.`;
    case 'date':
      return 'A date as YYYY-MM-DD, for example 2026-12-01.';
    case 'number':
      return `A number${field.min !== undefined ? ` from ${field.min}` : ''}${field.max !== undefined ? ` up to ${field.max}` : ''}.`;
    case 'email':
      return 'An email address.';
    case 'user':
      return "The person's work email address.";
    case 'longtext':
      return 'Describe it in your own words.';
    default:
      return 'Type your answer.';
  }
}

/** The summary shown before sending. */
export function summary(type: RequestTypeConfig, values: Values): OutboundMessage {
  const lines = [`**${type.name}** — please check your request:`];
  for (const f of type.fields) {
    // Labels that are questions ("Why do you need access?") take no extra colon.
    if (values[f.id] !== undefined)
      lines.push(`- ${f.label}${/[?:]$/.test(f.label) ? '' : ':'} ${display(values[f.id])}`);
  }
  return say(
    text(lines.join('\n')),
    buttons(
      { action: ACTIONS.confirm, label: 'Send request', style: 'primary' },
      { action: ACTIONS.back, label: 'Edit' },
      cancelButton,
    ),
  );
}

export function display(value: unknown): string {
  return Array.isArray(value) ? value.join(', ') : String(value);
}

/** The request type's fields as one form, with values and the reason each bad one was refused. */
export function form(
  type: RequestTypeConfig,
  values: Values,
  errors: Record<string, string>,
): OutboundMessage {
  return say({
    kind: 'form',
    form: {
      action: ACTIONS.submitForm,
      title: type.name,
      submitLabel: 'Continue',
      fields: type.fields.map((f) => ({
        id: f.id,
        label: f.label,
        type: f.type,
        required: f.required,
        ...(f.options ? { options: f.options } : {}),
        ...(f.help ? { help: f.help } : {}),
        ...(values[f.id] !== undefined ? { value: values[f.id] } : {}),
        ...(errors[f.id] ? { error: errors[f.id] } : {}),
      })),
    },
  });
}
